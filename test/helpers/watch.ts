import type { ClientReadableStream, StatusObject } from "@grpc/grpc-js";
import type { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import type {
  RouteServiceClient,
  TopicRouteUpdate,
  WatchRoutesRequest,
  WatchRoutesResponse,
} from "../../gen/ts/namesrv/v1/route_service.js";

/** Short name of a frame's kind, for assertions. */
export function kindOf(f: WatchRoutesResponse): string {
  if (f.snapshotBegin) return "BEGIN";
  if (f.routes) return f.routes.more ? "ROUTES+" : "ROUTES";
  if (f.endOfSnapshot) return "END";
  if (f.reset) return "RESET";
  if (f.progress) return "PROGRESS";
  return "?";
}

/**
 * A raw WatchRoutes stream that records every frame and applies it to its own view with strict
 * protocol checks, independently of the SDK's RouteWatcher: a second implementation of the client
 * side, so the guarantees are checked against the wire, not against our own client.
 */
export class FrameRecorder {
  readonly frames: WatchRoutesResponse[] = [];
  /** Protocol violations seen (revision going back, END without BEGIN, ...). Must stay empty. */
  readonly violations: string[] = [];
  /** Topic -> route, as of `consistent`. */
  view = new Map<string, TopicRouteData>();
  /** Last consistent point (END_OF_SNAPSHOT, complete change set, PROGRESS). */
  consistent: { epoch: bigint; revision: bigint } | null = null;
  readonly status: Promise<StatusObject>;
  readonly call: ClientReadableStream<WatchRoutesResponse>;
  private staging: Map<string, TopicRouteData> | null = null;
  private pending: TopicRouteUpdate[] = [];
  private waiters: Array<() => void> = [];
  private ended: StatusObject | undefined;

  /**
   * A new stream that resumes where `previous` was consistent, keeping its view (what a client
   * does after a disconnect). Violations carry over.
   */
  static resume(
    client: RouteServiceClient,
    previous: FrameRecorder,
    request: Partial<WatchRoutesRequest>,
  ): FrameRecorder {
    const at = previous.consistent;
    const next = new FrameRecorder(client, {
      ...request,
      resumeEpoch: at?.epoch ?? 0n,
      resumeRevision: at?.revision ?? 0n,
    });
    next.view = new Map(previous.view);
    next.violations.push(...previous.violations);
    return next;
  }

  constructor(client: RouteServiceClient, request: Partial<WatchRoutesRequest>) {
    this.call = client.watchRoutes({
      topics: [],
      allTopics: false,
      resumeEpoch: 0n,
      resumeRevision: 0n,
      ...request,
    });
    if (request.resumeEpoch) {
      // A resumed stream continues from the client's own view: changes may come first.
      this.consistent = { epoch: request.resumeEpoch, revision: request.resumeRevision ?? 0n };
    }
    this.call.on("data", (f: WatchRoutesResponse) => this.apply(f));
    this.call.on("error", () => {});
    this.status = new Promise((resolve) => this.call.on("status", resolve));
    void this.status.then((s) => {
      this.ended = s;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /**
   * Resolves once `predicate` holds (checked now and after every frame). Rejects when the stream
   * ends first, naming its status: a waiter on a dead stream fails instead of hanging to the test's
   * timeout with nothing said.
   */
  until(predicate: (r: FrameRecorder) => boolean): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (predicate(this)) resolve();
        else if (this.ended) {
          reject(
            new Error(
              `watch stream ended (${this.ended.code} ${this.ended.details}) before the condition held`,
            ),
          );
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** Resolves when a received frame made the view consistent at `revision` (or later). */
  at(revision: number | bigint): Promise<void> {
    return this.until(
      (r) => r.frames.length > 0 && r.consistent !== null && r.consistent.revision >= BigInt(revision),
    );
  }

  kinds(): string[] {
    return this.frames.map(kindOf);
  }

  cancel(): void {
    this.call.cancel();
  }

  private apply(f: WatchRoutesResponse): void {
    const prev = this.frames.at(-1);
    if (prev && prev.epoch === f.epoch && f.revision < prev.revision) {
      this.violations.push(`revision went back from ${prev.revision} to ${f.revision}`);
    }
    this.frames.push(f);
    if (f.reset) {
      this.consistent = null; // the resume point was refused: only the coming snapshot counts
    } else if (f.snapshotBegin) {
      if (this.staging) this.violations.push("nested SNAPSHOT_BEGIN");
      this.staging = new Map();
    } else if (f.routes) {
      if (this.staging) {
        for (const u of f.routes.updates) put(this.staging, u);
      } else {
        if (!this.consistent) this.violations.push("change before any snapshot or resume");
        this.pending.push(...f.routes.updates);
        if (!f.routes.more) {
          for (const u of this.pending) put(this.view, u);
          this.pending = [];
          this.consistent = { epoch: f.epoch, revision: f.revision };
        }
      }
    } else if (f.endOfSnapshot) {
      if (!this.staging) this.violations.push("END_OF_SNAPSHOT without SNAPSHOT_BEGIN");
      this.view = this.staging ?? new Map();
      this.staging = null;
      this.consistent = { epoch: f.epoch, revision: f.revision };
    } else if (f.progress) {
      if (this.staging || this.pending.length) this.violations.push("PROGRESS inside a change set");
      this.consistent = { epoch: f.epoch, revision: f.revision };
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

function put(view: Map<string, TopicRouteData>, u: TopicRouteUpdate): void {
  if (u.removed) view.delete(u.topic);
  else if (u.route) view.set(u.topic, u.route);
}
