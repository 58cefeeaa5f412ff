import { EventEmitter } from "node:events";
import type { Clock, Timer } from "../clock/clock.js";
import type { Logger } from "../log/logger.js";
import type { RouteReader } from "../registry/read-port.js";
import type { ChangeBatch } from "../route/change-log.js";
import type { ResetReason, WatchRequest, WatchSink } from "./frames.js";
import { ChunkMemo, SnapshotPlan, Subscription } from "./subscription.js";

export interface WatchHubOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** The process epoch, compared with a resume point's. */
  readonly epoch: bigint;
  /** Idle streams get a progress mark after about this long, ms (jittered to 80..120 %). */
  readonly progressIntervalMs: number;
  /** A stream backed up this long is evicted, ms. */
  readonly stuckTimeoutMs: number;
  /** Random numbers in [0, 1) for the jitter. Default Math.random. */
  readonly random?: () => number;
  /**
   * The NameServer's warm-up: while it is active, new subscriptions wait (no snapshot, no frame)
   * and start when it ends. Default: none.
   */
  readonly warmUp?: { readonly active: boolean; onDone(fn: () => void): () => void };
  /** Told what the hub sends, for metrics. Default: none (and no clock reading per batch). */
  readonly observer?: WatchObserver;
}

/**
 * What metrics learn from the hub. Calls are synchronous and must be cheap: they run on the
 * fan-out path.
 */
export interface WatchObserver {
  /** `count` frames were handed to a subscription's transport. */
  framesSent(count: number): void;
  /** A subscription's resume point was unusable: it gets a RESET and a fresh snapshot. */
  reset(reason: ResetReason): void;
  /**
   * `subscribers` subscriptions were handed the frames of changes committed `latencyMs` ago (the
   * oldest change of the flush, read when the flush is done; one call per flush, not per stream).
   */
  notified(latencyMs: number, subscribers: number): void;
}

/** A handle on one watch, held by the transport. */
export interface WatchSubscription {
  /** The transport can take frames again after `send` returned false. */
  drained(): void;
  /** The stream is gone (cancelled, ended, failed): forget it. Idempotent. */
  close(): void;
}

export interface WatchHubEvents {
  /** A subscription's transport refused a frame (test hook: backpressure reached). */
  blocked: [id: number];
  /** A stuck subscription was closed. */
  evicted: [id: number];
}

/**
 * Fans route changes out to watch streams without ever waiting on one.
 *
 * On every applied batch the hub only marks the changed topics dirty on the subscriptions that
 * watch them; one microtask later each marked subscription sends what it can. A subscription whose
 * transport is backed up keeps accumulating dirty topics (bounded by its topic count) and is sent
 * the newest routes when it drains; if it stays backed up for `stuckTimeoutMs` it is evicted with a
 * resumable status. A timer sends progress marks to idle streams and detects stuck ones.
 */
export class WatchHub {
  readonly events = new EventEmitter<WatchHubEvents>();
  private readonly all = new Set<Subscription>();
  private readonly byTopic = new Map<string, Set<Subscription>>();
  private readonly subscriptions = new Set<Subscription>();
  /** Subscriptions to pump at the next flush (each with `queued` set, so listed once). */
  private marked: Subscription[] = [];
  private readonly chunks = new ChunkMemo();
  /** The all-topics snapshot of the table at its current revision, shared (see SnapshotPlan). */
  private plan: SnapshotPlan | null = null;
  /** One closure for every subscription: the plan of the table as it is now. */
  private readonly currentPlan = (): SnapshotPlan => {
    const revision = this.table.revision;
    if (this.plan === null || this.plan.revision !== revision) {
      this.plan = new SnapshotPlan(revision, this.table.topicNames());
    }
    return this.plan;
  };
  /** Subscriptions waiting for the warm-up to end: registered, not yet started nor indexed. */
  private readonly waiting = new Set<Subscription>();
  private stopWaiting: (() => void) | null = null;
  private flushScheduled = false;
  /** Clock reading at the oldest change not flushed yet (only kept with an observer). */
  private commitAt: number | null = null;
  private nextId = 1;
  private readonly unlisten: () => void;
  private ticker: Timer | null;
  private readonly random: () => number;
  /** One closure for every subscription (memory per subscriber counts at 10,000 streams). */
  private readonly progressDelay = (): number =>
    Math.round(this.opts.progressIntervalMs * (0.8 + 0.4 * this.random()));

  constructor(
    private readonly table: RouteReader,
    private readonly opts: WatchHubOptions,
  ) {
    this.random = opts.random ?? Math.random;
    this.unlisten = table.onChange((batch) => this.onBatch(batch));
    const tickMs = Math.max(10, Math.min(opts.progressIntervalMs, opts.stuckTimeoutMs) / 4);
    this.ticker = opts.clock.setInterval(() => this.tick(), tickMs);
    if (opts.warmUp?.active) this.stopWaiting = opts.warmUp.onDone(() => this.endWarmUp());
  }

  /** Number of open subscriptions. */
  get size(): number {
    return this.subscriptions.size;
  }

  /**
   * Registers a watch, then decides how it starts (resume or snapshot) from the table as it is now,
   * and sends what it can. Registering first means no change can fall between the state read and
   * the subscription. During the warm-up the watch waits, registered but silent, and starts the
   * same way (in one synchronous step) when the warm-up ends.
   */
  subscribe(request: WatchRequest, sink: WatchSink): WatchSubscription {
    const sub = new Subscription(this.nextId++, request, sink, this.table, this.progressDelay, this.chunks);
    this.subscriptions.add(sub);
    if (this.stopWaiting !== null) this.waiting.add(sub);
    else this.begin(sub);
    return new Handle(this, sub);
  }

  /** Number of subscriptions waiting for the warm-up to end. */
  get waitingForWarmUp(): number {
    return this.waiting.size;
  }

  private begin(sub: Subscription): void {
    if (sub.request.topics === "all") this.all.add(sub);
    else for (const t of sub.request.topics) this.index(t).add(sub);
    this.start(sub);
    this.pump(sub, this.opts.clock.now());
  }

  private endWarmUp(): void {
    this.stopWaiting = null;
    const subs = [...this.waiting];
    this.waiting.clear();
    for (const sub of subs) this.begin(sub);
  }

  /** Forgets every subscription and stops the timer; the transport ends the streams. Idempotent. */
  close(): void {
    this.stopWaiting?.();
    this.stopWaiting = null;
    this.unlisten();
    this.ticker?.cancel();
    this.ticker = null;
    for (const sub of [...this.subscriptions]) this.remove(sub);
    this.plan = null;
  }

  /** A fresh watch starts with a snapshot; a resumed one with the changes after its revision. */
  private start(sub: Subscription): void {
    const resume = sub.request.resume;
    if (resume === undefined) {
      sub.startSnapshot(this.currentPlan);
      return;
    }
    const from = this.resumeFrom(sub, resume);
    if ("reason" in from) {
      sub.pendingReset = { kind: "reset", revision: this.table.revision, ...from };
      this.opts.observer?.reset(from.reason);
      sub.startSnapshot(this.currentPlan);
      return;
    }
    sub.phase = "live";
    for (const name of from.changed) sub.dirty.add(name);
    sub.progressDue = from.changed.length === 0;
  }

  /** The watched topics changed after the resume point, or why the resume point is not usable. */
  private resumeFrom(
    sub: Subscription,
    resume: { epoch: bigint; revision: number },
  ): { changed: string[] } | { reason: ResetReason; message: string } {
    if (resume.epoch !== this.opts.epoch) {
      return {
        reason: "epoch-changed",
        message: `epoch changed: resume epoch ${resume.epoch}, server epoch ${this.opts.epoch}`,
      };
    }
    if (resume.revision > this.table.revision) {
      return {
        reason: "revision-ahead",
        message: `resume revision ${resume.revision} is ahead of the server's ${this.table.revision}`,
      };
    }
    const among = sub.request.topics === "all" ? undefined : sub.request.topics;
    const changed = this.table.changedSince(resume.revision, among);
    if (changed === undefined) {
      return {
        reason: "revision-compacted",
        message: `resume revision ${resume.revision} is older than the retained window (after ${this.table.compactedRevision})`,
      };
    }
    return { changed };
  }

  private onBatch(batch: ChangeBatch): void {
    for (const topic of batch.topics) {
      const named = this.byTopic.get(topic);
      if (named !== undefined) for (const sub of named) this.mark(sub, topic);
      for (const sub of this.all) this.mark(sub, topic);
    }
    if (this.marked.length > 0 && this.opts.observer !== undefined && this.commitAt === null) {
      this.commitAt = this.opts.clock.now();
    }
    if (this.marked.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  private mark(sub: Subscription, topic: string): void {
    sub.dirty.add(topic);
    if (!sub.queued) {
      sub.queued = true;
      this.marked.push(sub);
    }
  }

  /** Sends to every subscription marked since the last flush (several batches coalesce). */
  private flush(): void {
    this.flushScheduled = false;
    const subs = this.marked;
    this.marked = [];
    const now = this.opts.clock.now();
    let notified = 0;
    for (const sub of subs) {
      sub.queued = false;
      if (this.pump(sub, now) > 0) notified++;
    }
    const observer = this.opts.observer;
    if (observer !== undefined && this.commitAt !== null) {
      if (notified > 0) observer.notified(this.opts.clock.now() - this.commitAt, notified);
      this.commitAt = null;
    }
  }

  /** Pumps `sub`; returns the number of frames handed to its transport. */
  private pump(sub: Subscription, now: number): number {
    const wasBlocked = sub.blockedSince !== null;
    const sent = sub.pump(now);
    if (sent > 0) this.opts.observer?.framesSent(sent);
    if (!wasBlocked && sub.blockedSince !== null) this.events.emit("blocked", sub.id);
    return sent;
  }

  /** @internal the transport can take `sub`'s frames again (WatchSubscription.drained). */
  drained(sub: Subscription): void {
    if (sub.phase === "closed" || this.waiting.has(sub)) return;
    sub.blockedSince = null;
    this.pump(sub, this.opts.clock.now());
  }

  private tick(): void {
    const now = this.opts.clock.now();
    for (const sub of [...this.subscriptions]) {
      if (sub.blockedSince !== null) {
        const stuckMs = now - sub.blockedSince;
        if (stuckMs < this.opts.stuckTimeoutMs) continue;
        this.remove(sub);
        // The clock may be sub-millisecond (performance.now): whole milliseconds in messages.
        const shownMs = Math.round(stuckMs);
        sub.evict(`watch stream backed up for ${shownMs} ms; resume from your last revision`);
        this.opts.logger.info({ subscription: sub.id, stuckMs: shownMs }, "route watch evicted: stuck");
        this.events.emit("evicted", sub.id);
      } else if (sub.phase === "live" && sub.dirty.size === 0 && now >= sub.nextProgressAt) {
        sub.progressDue = true;
        this.pump(sub, now);
      }
    }
  }

  private index(topic: string): Set<Subscription> {
    let subs = this.byTopic.get(topic);
    if (subs === undefined) {
      subs = new Set();
      this.byTopic.set(topic, subs);
    }
    return subs;
  }

  /** @internal forgets `sub` (WatchSubscription.close); idempotent. */
  remove(sub: Subscription): void {
    if (!this.subscriptions.delete(sub)) return;
    sub.phase = "closed";
    this.waiting.delete(sub);
    this.all.delete(sub);
    // Still queued if marked since the last flush: the flush skips it (its phase is closed).
    if (sub.request.topics !== "all") {
      for (const t of sub.request.topics) {
        const subs = this.byTopic.get(t);
        subs?.delete(sub);
        if (subs?.size === 0) this.byTopic.delete(t);
      }
    }
  }
}

/** The transport's handle on one subscription: a small object rather than two closures. */
class Handle implements WatchSubscription {
  constructor(
    private readonly hub: WatchHub,
    private readonly sub: Subscription,
  ) {}

  drained(): void {
    this.hub.drained(this.sub);
  }

  close(): void {
    this.hub.remove(this.sub);
  }
}
