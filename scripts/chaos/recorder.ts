/**
 * The recorder of a chaos run: what each watcher received and applied (raw WatchRoutes streams,
 * with their own strict client, and the SDK's RouteWatcher), and the NameServers' truth learned
 * from revision-stamped lookups made directly (not through the fault proxy).
 */
import {
  credentials,
  InterceptingCall,
  type Interceptor,
  Metadata,
  type ServiceError,
  type StatusObject,
} from "@grpc/grpc-js";
import type { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import {
  type GetRouteInfoByTopicResponse,
  RouteServiceClient,
  type TopicRouteUpdate,
  type WatchRoutesRequest,
  type WatchRoutesResponse,
} from "../../gen/ts/namesrv/v1/route_service.js";
import { RouteWatcher } from "../../src/client/route-watcher.js";
import { resetViolation } from "./checker.js";

/** A route in a canonical text form (sorted keys and lists), so that equal routes compare equal. */
export function routeKey(route: TopicRouteData | undefined): string {
  if (route === undefined) return "absent";
  return canonical(route);
}

function canonical(v: unknown): string {
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return `[${v.map(canonical).sort().join(",")}]`;
  if (v instanceof Map) return canonical(Object.fromEntries(v));
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, x]) => `${k}:${canonical(x)}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "undefined";
}

/** A moment at which a watcher's view was consistent: the server's routes as of (epoch, revision). */
export interface ConsistentPoint {
  readonly t: number;
  readonly epoch: string;
  readonly revision: number;
  /** Topic -> routeKey, for the watcher's topics present at that point. */
  readonly view: ReadonlyMap<string, string>;
}

/** One event of a watcher's history, kept for the minimal history shown with a violation. */
export interface HistoryEntry {
  readonly t: number;
  readonly what: string;
}

export interface Violation {
  readonly check: string;
  readonly subject: string;
  readonly message: string;
  readonly t: number;
  history: HistoryEntry[];
}

export interface RecordedWatcher {
  readonly name: string;
  readonly ns: number;
  readonly topics: readonly string[] | "all";
  readonly points: ConsistentPoint[];
  readonly history: HistoryEntry[];
  readonly violations: Violation[];
  frames: number;
  resets: number;
  /** The current consistent view and position. */
  current(): { epoch: string; revision: number; view: ReadonlyMap<string, string> } | null;
  /** Called once the run is over, before the checks: final checks of what was recorded. */
  finish(): void;
  close(): void;
}

/** Options every recorded watcher takes. */
export interface WatcherOptions {
  /**
   * Whether a resume revision can have left the NameServers' retained window in this run (they
   * keep fewer topic removals than the run has topics): only then is REVISION_COMPACTED allowed.
   */
  readonly compactionPossible: boolean;
}

const HISTORY_KEPT = 4_000;

function remember(h: HistoryEntry[], what: string): void {
  h.push({ t: Date.now(), what });
  if (h.length > HISTORY_KEPT) h.splice(0, h.length - HISTORY_KEPT);
}

function describeFrame(f: WatchRoutesResponse): string {
  const at = `epoch ${f.epoch} rev ${f.revision}`;
  if (f.snapshotBegin) return `BEGIN ${at}`;
  if (f.endOfSnapshot) return `END ${at}`;
  if (f.progress) return `PROGRESS ${at}`;
  if (f.reset) return `RESET ${at} (${f.reset.reason})`;
  if (f.routes) {
    const u = f.routes.updates.map((x) => `${x.topic}${x.removed ? "-" : "@"}${x.topicRevision}`).join(" ");
    return `ROUTES${f.routes.more ? "+" : ""} ${at}: ${u}`;
  }
  return `? ${at}`;
}

/**
 * A raw WatchRoutes stream with a strict client of its own: it checks ordering and framing of every
 * frame, resumes after any disconnect from its last consistent point, and records each consistent
 * point. A RESET must be one the contract allows for the resume point it asked for (resetViolation).
 */
export class RawWatcher implements RecordedWatcher {
  readonly points: ConsistentPoint[] = [];
  readonly history: HistoryEntry[] = [];
  readonly violations: Violation[] = [];
  frames = 0;
  resets = 0;
  private client: RouteServiceClient;
  private call: ReturnType<RouteServiceClient["watchRoutes"]> | null = null;
  private view = new Map<string, string>();
  private staging: Map<string, string> | null = null;
  private pending: TopicRouteUpdate[] = [];
  private consistent: { epoch: bigint; revision: bigint } | null = null;
  private last: { epoch: bigint; revision: bigint } | null = null;
  private resumeAt: { epoch: string; revision: number } | null = null;
  private closed = false;

  constructor(
    readonly name: string,
    readonly ns: number,
    address: string,
    readonly topics: readonly string[] | "all",
    private readonly opts: WatcherOptions,
  ) {
    this.client = new RouteServiceClient(address, credentials.createInsecure(), {
      "grpc.use_local_subchannel_pool": 1,
      "grpc.initial_reconnect_backoff_ms": 100,
      "grpc.max_reconnect_backoff_ms": 1_000,
    });
    this.open();
  }

  current() {
    const c = this.consistent;
    return c === null ? null : { epoch: c.epoch.toString(), revision: Number(c.revision), view: this.view };
  }

  finish(): void {}

  close(): void {
    this.closed = true;
    this.call?.cancel();
    this.client.close();
  }

  private open(): void {
    if (this.closed) return;
    const at = this.consistent;
    this.resumeAt = at === null ? null : { epoch: at.epoch.toString(), revision: Number(at.revision) };
    // A resumed stream continues from this view; frames before the snapshot or first change set
    // must not mix with it.
    this.staging = null;
    this.pending = [];
    remember(this.history, `connect resume=${at ? `${at.epoch}/${at.revision}` : "none"}`);
    const call = this.client.watchRoutes({
      topics: this.topics === "all" ? [] : [...this.topics],
      allTopics: this.topics === "all",
      resumeEpoch: at?.epoch ?? 0n,
      resumeRevision: at?.revision ?? 0n,
    });
    this.call = call;
    call.on("data", (f: WatchRoutesResponse) => this.apply(f));
    call.on("error", () => {});
    call.on("status", (s: StatusObject) => {
      if (this.call !== call) return;
      remember(this.history, `stream ended: ${s.code} ${s.details}`);
      if (!this.closed) setTimeout(() => this.open(), 100 + Math.floor(Math.random() * 200)).unref();
    });
  }

  private violation(check: string, message: string): void {
    this.violations.push({ check, subject: this.name, message, t: Date.now(), history: [] });
  }

  private apply(f: WatchRoutesResponse): void {
    this.frames++;
    remember(this.history, describeFrame(f));
    const last = this.last;
    if (last !== null && last.epoch === f.epoch && f.revision < last.revision) {
      this.violation(
        "order",
        `revision went back from ${last.revision} to ${f.revision} in epoch ${f.epoch}`,
      );
    }
    this.last = { epoch: f.epoch, revision: f.revision };
    if (f.reset) {
      this.resets++;
      const wrong = resetViolation(
        {
          resume: this.resumeAt,
          code: f.reset.code,
          epoch: f.epoch.toString(),
          revision: Number(f.revision),
        },
        this.opts.compactionPossible,
      );
      if (wrong !== null) {
        this.violation(
          "reset",
          `${wrong} (RESET "${f.reset.reason}" resuming ${this.resumeAt?.epoch}/${this.resumeAt?.revision} at ${f.epoch}/${f.revision})`,
        );
      }
      this.consistent = null;
      return;
    }
    if (f.snapshotBegin) {
      if (this.staging) this.violation("framing", "nested SNAPSHOT_BEGIN");
      this.staging = new Map();
      return;
    }
    if (f.routes) {
      if (this.staging) {
        for (const u of f.routes.updates) put(this.staging, u);
        return;
      }
      if (this.consistent === null) this.violation("framing", "change before any snapshot or resume");
      else if (f.epoch !== this.consistent.epoch)
        this.violation("framing", "change of another epoch without a snapshot");
      this.pending.push(...f.routes.updates);
      if (!f.routes.more) {
        const next = new Map(this.view);
        for (const u of this.pending) put(next, u);
        this.pending = [];
        this.view = next;
        this.point(f);
      }
      return;
    }
    if (f.endOfSnapshot) {
      if (!this.staging) this.violation("framing", "END_OF_SNAPSHOT without SNAPSHOT_BEGIN");
      this.view = this.staging ?? new Map();
      this.staging = null;
      this.point(f);
      return;
    }
    if (f.progress) {
      if (this.staging || this.pending.length > 0) this.violation("framing", "PROGRESS inside a change set");
      if (this.consistent !== null && this.consistent.epoch === f.epoch) this.point(f);
    }
  }

  private point(f: WatchRoutesResponse): void {
    this.consistent = { epoch: f.epoch, revision: f.revision };
    this.points.push({
      t: Date.now(),
      epoch: f.epoch.toString(),
      revision: Number(f.revision),
      view: this.view,
    });
  }
}

function put(view: Map<string, string>, u: TopicRouteUpdate): void {
  if (u.removed) view.delete(u.topic);
  else view.set(u.topic, routeKey(u.route));
}

/**
 * The SDK's RouteWatcher, recorded at each consistent point it reports. A client interceptor on its
 * channel taps what it sends and receives: the resume point of each WatchRoutes request and every
 * frame. Each RESET it receives is checked against the contract for that resume point
 * (resetViolation), and must be reported by the watcher as a `reset` event with the same reason;
 * a `reset` event with no RESET received is a violation too.
 */
export class SdkWatcher implements RecordedWatcher {
  readonly points: ConsistentPoint[] = [];
  readonly history: HistoryEntry[] = [];
  readonly violations: Violation[] = [];
  frames = 0;
  resets = 0;
  /** RESETs received and not yet reported by the watcher: reason and when. */
  private readonly unreported: Array<{ reason: string; t: number }> = [];
  private readonly watcher: RouteWatcher;

  constructor(
    readonly name: string,
    readonly ns: number,
    address: string,
    readonly topics: readonly string[] | "all",
    private readonly opts: WatcherOptions,
  ) {
    this.watcher = new RouteWatcher({
      address,
      topics,
      initialBackoffMs: 100,
      maxBackoffMs: 1_000,
      channelOptions: {
        "grpc.use_local_subchannel_pool": 1,
        "grpc.max_reconnect_backoff_ms": 1_000,
        interceptors: [this.tap()],
      },
    });
    const at = (epoch: bigint, revision: bigint, what: string) => {
      remember(this.history, `${what} epoch ${epoch} rev ${revision}`);
      this.points.push({
        t: Date.now(),
        epoch: epoch.toString(),
        revision: Number(revision),
        view: this.snapshot(),
      });
    };
    this.watcher.on("change", (c) =>
      at(c.epoch, c.revision, `change +${c.updated.join(",")} -${c.removed.join(",")}`),
    );
    this.watcher.on("synced", (e, r) => at(e, r, "synced"));
    this.watcher.on("reset", (reason) => {
      remember(this.history, `reported reset ${reason}`);
      const received = this.unreported.shift();
      if (received === undefined) this.violation("reset", `reported a reset (${reason}) it never received`);
      else if (received.reason !== reason)
        this.violation("reset", `reported reset "${reason}" for the RESET "${received.reason}" it received`);
    });
    this.watcher.on("disconnected", (s) => remember(this.history, `disconnected ${s.code} ${s.details}`));
    this.watcher.on("protocolError", (message) => this.violation("order", message));
  }

  private violation(check: string, message: string): void {
    this.violations.push({ check, subject: this.name, message, t: Date.now(), history: [] });
  }

  /** The interceptor: each call remembers the resume point it asked for and checks its RESETs. */
  private tap(): Interceptor {
    return (options, nextCall) => {
      let resume: { epoch: string; revision: number } | null = null;
      return new InterceptingCall(nextCall(options), {
        sendMessage: (message: WatchRoutesRequest, next) => {
          resume =
            message.resumeEpoch === 0n
              ? null
              : { epoch: message.resumeEpoch.toString(), revision: Number(message.resumeRevision) };
          remember(this.history, `connect resume=${resume ? `${resume.epoch}/${resume.revision}` : "none"}`);
          next(message);
        },
        start: (metadata, _listener, next) => {
          next(metadata, {
            onReceiveMessage: (f: WatchRoutesResponse, nextMessage: (m: WatchRoutesResponse) => void) => {
              this.frames++;
              remember(this.history, describeFrame(f));
              if (f.reset) this.received(f, resume);
              nextMessage(f);
            },
          });
        },
      });
    };
  }

  private received(f: WatchRoutesResponse, resume: { epoch: string; revision: number } | null): void {
    const reset = f.reset as NonNullable<WatchRoutesResponse["reset"]>;
    this.resets++;
    this.unreported.push({ reason: reset.reason, t: Date.now() });
    const wrong = resetViolation(
      { resume, code: reset.code, epoch: f.epoch.toString(), revision: Number(f.revision) },
      this.opts.compactionPossible,
    );
    if (wrong !== null) {
      this.violation(
        "reset",
        `${wrong} (RESET "${reset.reason}" resuming ${resume?.epoch}/${resume?.revision} at ${f.epoch}/${f.revision})`,
      );
    }
  }

  private snapshot(): Map<string, string> {
    const view = new Map<string, string>();
    for (const t of this.watcher.topics()) view.set(t, routeKey(this.watcher.get(t)));
    return view;
  }

  current() {
    const p = this.watcher.position;
    return p === null
      ? null
      : { epoch: p.epoch.toString(), revision: Number(p.revision), view: this.snapshot() };
  }

  /** A RESET received more than 2 s ago and never reported is a violation (the SDK lost it). */
  finish(): void {
    for (const r of this.unreported) {
      if (Date.now() - r.t > 2_000)
        this.violation("reset", `received RESET "${r.reason}" and never reported it`);
    }
  }

  close(): void {
    this.watcher.close();
  }
}

/** One revision-stamped lookup: at (epoch, revision) the topic's route was `key`, unchanged since topicRevision. */
export interface Lookup {
  readonly ns: number;
  readonly t: number;
  readonly epoch: string;
  readonly revision: number;
  readonly topicRevision: number;
  readonly topic: string;
  readonly key: string;
}

/** Lookups made directly to a NameServer (bypassing its proxy), with a short deadline. */
export class Prober {
  private clients = new Map<string, RouteServiceClient>();

  clientFor(address: string): RouteServiceClient {
    let c = this.clients.get(address);
    if (c === undefined) {
      c = new RouteServiceClient(address, credentials.createInsecure(), {
        "grpc.use_local_subchannel_pool": 1,
      });
      this.clients.set(address, c);
    }
    return c;
  }

  lookup(ns: number, address: string, topic: string): Promise<Lookup | "not-found" | "error"> {
    return new Promise((resolve) => {
      this.clientFor(address).getRouteInfoByTopic(
        { topic, zoneName: "" },
        new Metadata(),
        { deadline: Date.now() + 1_000 },
        (err: ServiceError | null, res?: GetRouteInfoByTopicResponse) => {
          if (err) return resolve(err.code === 5 ? "not-found" : "error");
          if (!res) return resolve("error");
          resolve({
            ns,
            t: Date.now(),
            epoch: res.epoch.toString(),
            revision: Number(res.revision),
            topicRevision: Number(res.topicRevision),
            topic,
            key: routeKey(res.route),
          });
        },
      );
    });
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
