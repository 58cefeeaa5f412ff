import { EventEmitter } from "node:events";
import { status } from "@grpc/grpc-js";
import { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import type { Clock, Timer } from "../clock/clock.js";
import type { NameServerError } from "./errors.js";
import type { RouteChange } from "./route-watcher.js";

/** One route as fetched by a poll. */
export interface PolledRoute {
  readonly route: TopicRouteData;
  readonly epoch: bigint;
  readonly revision: bigint;
  readonly topicRevision: bigint;
  readonly namesrv: string;
}

/** A topic list and the table version it was read at. */
export interface PolledTopics {
  readonly topics: readonly string[];
  readonly epoch: bigint;
  readonly revision: bigint;
  readonly namesrv: string;
}

/** What the poller needs: the RouteClient's failover calls. */
export interface PollSource {
  /** Topic names of the whole table. */
  listTopics(): Promise<PolledTopics>;
  /** A topic's route; rejects with NOT_FOUND when it has none. */
  getRoute(topic: string): Promise<PolledRoute>;
}

export interface RoutePollerEvents {
  /** A poll finished and changed the view (the first one always "changes" it). */
  change: [change: RouteChange & { readonly namesrv: string }];
  /** A poll succeeded (after `change`, if it changed anything). */
  polled: [];
  /** A poll failed as a whole; the view is kept and the next poll comes at the usual time. */
  failed: [error: NameServerError];
}

/** Topics fetched at once during a poll. */
const CONCURRENCY = 32;

/**
 * The fallback of the watch-backed cache, for NameServers without WatchRoutes: every `intervalMs`
 * (RocketMQ clients poll every 30 s) it lists the topics, then fetches the route of each watched
 * one that exists. Unlike a watch, a poll is not one consistent snapshot: topics may be read at
 * different revisions.
 */
export class RoutePoller extends EventEmitter<RoutePollerEvents> {
  private view = new Map<string, PolledRoute>();
  private timer: Timer | null = null;
  private closed = false;
  private polled = false;

  constructor(
    private readonly source: PollSource,
    private readonly topics: readonly string[] | "all",
    private readonly intervalMs: number,
    private readonly clock: Clock,
  ) {
    super();
    void this.poll();
  }

  get(topic: string): PolledRoute | undefined {
    return this.view.get(topic);
  }

  /** Topics in the view, sorted. */
  topicNames(): string[] {
    return [...this.view.keys()].sort();
  }

  /** True once a poll has completed. */
  get synced(): boolean {
    return this.polled;
  }

  /** Cancels the next poll; a poll in flight is discarded. Idempotent. */
  close(): void {
    this.closed = true;
    this.timer?.cancel();
  }

  private async poll(): Promise<void> {
    try {
      const list = await this.source.listTopics();
      const watched = this.topics;
      const names = watched === "all" ? [...list.topics] : list.topics.filter((t) => watched.includes(t));
      const next = new Map<string, PolledRoute>();
      for (let i = 0; i < names.length; i += CONCURRENCY) {
        const chunk = names.slice(i, i + CONCURRENCY);
        const got = await Promise.all(chunk.map((t) => this.source.getRoute(t).catch(notFoundAsUndefined)));
        got.forEach((r, j) => {
          if (r !== undefined) next.set(chunk[j] as string, r);
        });
      }
      if (!this.closed) {
        this.replace(next, list);
        this.emit("polled");
      }
    } catch (err) {
      if (!this.closed) this.emit("failed", err as NameServerError);
    }
    if (!this.closed) this.timer = this.clock.setTimeout(() => void this.poll(), this.intervalMs);
  }

  private replace(next: Map<string, PolledRoute>, list: PolledTopics): void {
    const updated: string[] = [];
    const removed: string[] = [];
    for (const [topic, r] of next) {
      const old = this.view.get(topic);
      if (old === undefined || !sameRoute(old.route, r.route)) updated.push(topic);
    }
    for (const topic of this.view.keys()) if (!next.has(topic)) removed.push(topic);
    const first = !this.polled;
    this.view = next;
    this.polled = true;
    if (!first && updated.length === 0 && removed.length === 0) return;
    // The newest version seen (routes may have been read a little after the list).
    let newest: { epoch: bigint; revision: bigint; namesrv: string } = list;
    for (const r of next.values()) if (r.epoch === newest.epoch && r.revision > newest.revision) newest = r;
    this.emit("change", {
      epoch: newest.epoch,
      revision: newest.revision,
      updated: updated.sort(),
      removed: removed.sort(),
      namesrv: newest.namesrv,
    });
  }
}

function notFoundAsUndefined(err: NameServerError): undefined {
  if (err.code === status.NOT_FOUND) return undefined;
  throw err;
}

function sameRoute(a: TopicRouteData, b: TopicRouteData): boolean {
  return Buffer.from(TopicRouteData.encode(a).finish()).equals(TopicRouteData.encode(b).finish());
}
