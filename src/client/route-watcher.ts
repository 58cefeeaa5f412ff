import { EventEmitter } from "node:events";
import {
  type ChannelOptions,
  type ClientReadableStream,
  Metadata,
  type StatusObject,
  status,
} from "@grpc/grpc-js";
import type { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import { RouteServiceClient, type WatchRoutesResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import type { Clock, Timer } from "../clock/clock.js";
import { systemClock } from "../clock/system-clock.js";
import { backoffCeiling, fullJitterDelay } from "./backoff.js";
import { type ChannelSecurity, type ClientSecurity, resolveClientSecurity } from "./security.js";
import { WatchState } from "./watch-state.js";

export interface RouteWatcherOptions {
  /** NameServer address, "host:port". */
  readonly address: string;
  /** Topic names to watch, or "all". */
  readonly topics: readonly string[] | "all";
  /** Reconnect backoff: first ceiling and cap, ms (full jitter). Defaults 100 and 10000. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly clock?: Clock;
  readonly random?: () => number;
  /**
   * Chooses the NameServer of each reconnect, given the one just used and how many connects in a
   * row ended before the view was consistent again (1 after the first failure). Return `address`
   * to stay. Default: always `address`. Moving to another NameServer means another epoch, so the
   * watcher gets RESET and a fresh snapshot there (never a silent jump).
   */
  readonly nextAddress?: (address: string, failures: number, status: StatusObject) => string;
  /** grpc-js channel options of the watcher's clients. Default none. */
  readonly channelOptions?: ChannelOptions;
  /**
   * TLS and bearer token of the channels (files are read here, in the constructor, which throws
   * ClientSecurityError for a bad setting). Default: plaintext, no token.
   */
  readonly security?: ClientSecurity | ChannelSecurity;
}

/** One applied change: the view is now the server's as of `revision`. */
export interface RouteChange {
  readonly epoch: bigint;
  readonly revision: bigint;
  /** Topics whose route is new or changed. */
  readonly updated: readonly string[];
  /** Topics that are gone. */
  readonly removed: readonly string[];
}

export interface RouteWatcherEvents {
  /** A consistent change was applied (after a snapshot, or a complete change set). */
  change: [change: RouteChange];
  /** A snapshot completed; the view is the server's as of `revision`. */
  synced: [epoch: bigint, revision: bigint];
  /** The server did not honour the resume point; a fresh snapshot follows. */
  reset: [reason: string];
  /** A progress mark moved the checkpoint. */
  progress: [epoch: bigint, revision: bigint];
  /** The stream ended and a reconnect is scheduled after `delayMs`. */
  disconnected: [status: StatusObject, delayMs: number];
  /** The server broke the stream protocol (e.g. revisions going backwards); the watcher reconnects. */
  protocolError: [message: string];
}

/**
 * A local copy of the routes of some topics, kept fresh by a WatchRoutes stream.
 *
 * The view changes only at consistent points (END_OF_SNAPSHOT, a change set's last frame), so
 * `get` never mixes two revisions. The last consistent (epoch, revision) is the resume point: after
 * any disconnect the watcher reconnects with full-jitter exponential backoff and resumes there;
 * the server either continues with no gap or sends RESET and a snapshot, which replaces the view.
 */
export class RouteWatcher extends EventEmitter<RouteWatcherEvents> {
  private client: RouteServiceClient;
  private currentAddress: string;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly security: ChannelSecurity;
  private readonly state = new WatchState();
  private call: ClientReadableStream<WatchRoutesResponse> | null = null;
  private retry: Timer | null = null;
  private attempt = 0;
  private closed = false;

  constructor(private readonly opts: RouteWatcherOptions) {
    super();
    this.currentAddress = opts.address;
    this.security = resolveClientSecurity(opts.security);
    this.client = this.newClient(opts.address);
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.connect();
  }

  /** The route of `topic` as of `revision`, or undefined if the topic does not exist (or is not watched). */
  get(topic: string): TopicRouteData | undefined {
    return this.state.get(topic)?.route;
  }

  /** Revision of the last change of `topic` (as sent with its route), or undefined like `get`. */
  topicRevision(topic: string): bigint | undefined {
    return this.state.get(topic)?.topicRevision;
  }

  /** Topics currently in the view, sorted. */
  topics(): string[] {
    return this.state.topics();
  }

  /** The epoch and revision the view is consistent at, or null before the first snapshot. */
  get position(): { epoch: bigint; revision: bigint } | null {
    return this.state.position;
  }

  /** The NameServer the watcher streams from (or reconnects to next); see `nextAddress`. */
  get address(): string {
    return this.currentAddress;
  }

  /** Ends the current stream and reconnects at once from the resume point. */
  restart(): void {
    if (this.closed) return;
    this.retry?.cancel();
    this.retry = null;
    this.dropCall();
    this.connect();
  }

  /** Stops watching: cancels the stream and any pending reconnect. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.retry?.cancel();
    this.dropCall();
    this.client.close();
  }

  private newClient(address: string): RouteServiceClient {
    return new RouteServiceClient(
      address,
      this.security.credentials,
      this.security.clientOptions(this.opts.channelOptions),
    );
  }

  private connect(): void {
    const all = this.opts.topics === "all";
    const call = this.client.watchRoutes({
      topics: all ? [] : [...this.opts.topics],
      allTopics: all,
      resumeEpoch: this.state.position?.epoch ?? 0n,
      resumeRevision: this.state.position?.revision ?? 0n,
    });
    this.call = call;
    this.state.startStream();
    call.on("data", (frame: WatchRoutesResponse) => {
      if (this.call === call) this.onFrame(frame);
    });
    call.on("error", () => {}); // reported through 'status'
    call.on("status", (s: StatusObject) => {
      if (this.call === call) this.onEnd(s);
    });
  }

  private dropCall(): void {
    const call = this.call;
    this.call = null;
    call?.cancel();
  }

  private onEnd(s: StatusObject): void {
    this.call = null;
    if (this.closed) return;
    const ceiling = backoffCeiling(
      this.attempt,
      this.opts.initialBackoffMs ?? 100,
      this.opts.maxBackoffMs ?? 10_000,
    );
    const delayMs = fullJitterDelay(ceiling, this.random);
    this.attempt++;
    this.emit("disconnected", s, delayMs);
    const failures = this.attempt;
    this.retry = this.clock.setTimeout(() => {
      this.retry = null;
      if (this.closed) return;
      const next = this.opts.nextAddress?.(this.currentAddress, failures, s) ?? this.currentAddress;
      if (next !== this.currentAddress) {
        this.client.close();
        this.currentAddress = next;
        this.client = this.newClient(next);
      }
      this.connect();
    }, delayMs);
  }

  private onFrame(frame: WatchRoutesResponse): void {
    for (const e of this.state.apply(frame)) {
      switch (e.type) {
        case "reset":
          this.emit("reset", e.reason);
          break;
        case "synced":
          this.emit("synced", e.epoch, e.revision);
          break;
        case "change":
          this.attempt = 0; // consistent again: the next failure starts the backoff over
          this.emit("change", {
            epoch: e.epoch,
            revision: e.revision,
            updated: e.updated,
            removed: e.removed,
          });
          break;
        case "progress":
          this.attempt = 0;
          this.emit("progress", e.epoch, e.revision);
          break;
        case "protocolError":
          this.protocolError(e.message);
          return;
      }
    }
  }

  private protocolError(message: string): void {
    this.emit("protocolError", message);
    this.dropCall();
    this.onEnd({ code: status.INTERNAL, details: message, metadata: new Metadata() });
  }
}
