import { type ClientDuplexStream, type StatusObject, status } from "@grpc/grpc-js";
import {
  BrokerServiceClient,
  HeartbeatAction,
  HeartbeatRequest,
  type HeartbeatResponse,
  type RegisterBrokerRequest,
  type RegisterBrokerResponse,
  UnregisterBrokerRequest,
  type UnregisterBrokerResponse,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import type { DataVersion } from "../../gen/ts/namesrv/v1/route.js";
import type { Clock, Timer } from "../clock/clock.js";
import { backoffCeiling, fullJitterDelay } from "./backoff.js";
import { sdkChannelOptions } from "./channel.js";
import { NameServerError, toNameServerError } from "./errors.js";
import type { SdkLogger } from "./logger.js";
import type { ChannelSecurity } from "./security.js";
import { unaryCall } from "./unary.js";

/**
 * State of a broker's link to one NameServer:
 *
 *   registering --ok--> online --stream ends--> backoff --delay--> reconnecting --OK beat--> online
 *        ^   \--fails--> backoff --delay--> registering              |
 *        \---- REGISTER_AGAIN answer, or a new topic table ----------/
 *
 * and `closed` from any state. `online` means the last heartbeat on the current stream was
 * answered OK (or the registration just succeeded and the stream is open).
 */
export type BrokerLinkState = "registering" | "online" | "backoff" | "reconnecting" | "closed";

/** What a link needs from its agent. */
export interface BrokerLinkHost {
  readonly clock: Clock;
  readonly random: () => number;
  readonly log: SdkLogger;
  readonly callTimeoutMs: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly maxUnansweredHeartbeats: number;
  /** TLS and token of the link's channel. */
  readonly security: ChannelSecurity;
  /** The registration to send now (current topic table and data version). */
  registration(): RegisterBrokerRequest;
  onRegistered(address: string, req: RegisterBrokerRequest, res: RegisterBrokerResponse): void;
  onRegisterAgain(address: string, reason: string): void;
  onDisconnected(address: string, err: NameServerError, delayMs: number): void;
}

/** A snapshot of one link, for status displays and tests. */
export interface BrokerLinkStatus {
  readonly address: string;
  readonly state: BrokerLinkState;
  /** Epoch of the NameServer at the last successful registration; null before it. */
  readonly epoch: bigint | null;
  /** Data version the NameServer holds for this broker (as of the last registration); null before it. */
  readonly registeredVersion: DataVersion | null;
  /** The last failure seen, for display; null after a success. */
  readonly lastError: string | null;
}

/**
 * One broker's registration and heartbeat stream with one NameServer. Links of one agent are
 * independent: a NameServer that is down or slow only delays its own link.
 */
export class BrokerLink {
  private readonly client: BrokerServiceClient;
  private state: BrokerLinkState = "registering";
  private stream: ClientDuplexStream<HeartbeatRequest, HeartbeatResponse> | null = null;
  private beatTimer: Timer | null = null;
  private beatEveryMs = 0;
  private retry: Timer | null = null;
  private attempt = 0;
  private inflight: Promise<void> | null = null;
  /** A registration was asked for while one was in flight. */
  private registerQueued = false;
  private epoch: bigint | null = null;
  private registeredVersion: DataVersion | null = null;
  private lastError: string | null = null;
  /** Heartbeats sent and answered on the current stream; answers come in order. */
  private sent = 0;
  private answered = 0;
  /** `sent` when the last registration completed: answers to earlier beats are stale. */
  private registeredAtBeat = 0;
  private okSinceRegistration = false;

  constructor(
    readonly address: string,
    private readonly host: BrokerLinkHost,
  ) {
    this.client = new BrokerServiceClient(
      address,
      host.security.credentials,
      host.security.clientOptions(sdkChannelOptions(host.initialBackoffMs)),
    );
  }

  status(): BrokerLinkStatus {
    return {
      address: this.address,
      state: this.state,
      epoch: this.epoch,
      registeredVersion: this.registeredVersion,
      lastError: this.lastError,
    };
  }

  /** Registers now, or right after the registration in flight (the topic table changed). */
  register(): void {
    if (this.state === "closed") return;
    if (this.inflight !== null) {
      this.registerQueued = true;
      return;
    }
    this.retry?.cancel();
    this.retry = null;
    this.state = "registering";
    const req = this.host.registration();
    this.inflight = unaryCall<RegisterBrokerResponse>(this.address, this.host.callTimeoutMs, (md, opts, cb) =>
      this.client.registerBroker(req, md, opts, cb),
    ).then(
      (res) => this.registered(req, res),
      (err: NameServerError) => {
        this.inflight = null;
        if (this.state === "closed") return;
        this.registerQueued = false;
        this.backoff(err, () => this.register());
      },
    );
  }

  /**
   * Stops: waits for a registration in flight, unregisters (bounded by the call timeout), then
   * half-closes the heartbeat stream and closes the channel. Never rejects.
   */
  async close(): Promise<UnregisterBrokerResponse | NameServerError> {
    if (this.state === "closed") throw new Error("BrokerLink closed twice");
    this.state = "closed";
    this.retry?.cancel();
    this.beatTimer?.cancel();
    await this.inflight;
    const req = this.host.registration();
    const outcome = await unaryCall<UnregisterBrokerResponse>(
      this.address,
      this.host.callTimeoutMs,
      (md, opts, cb) =>
        this.client.unregisterBroker(
          UnregisterBrokerRequest.fromPartial({
            clusterName: req.clusterName,
            brokerName: req.brokerName,
            brokerId: req.brokerId,
            brokerAddr: req.brokerAddr,
          }),
          md,
          opts,
          cb,
        ),
    ).catch((err: NameServerError) => err);
    await this.endStream();
    this.client.close();
    return outcome;
  }

  private registered(req: RegisterBrokerRequest, res: RegisterBrokerResponse): void {
    this.inflight = null;
    if (this.state === "closed") return;
    this.epoch = res.epoch;
    this.registeredVersion = req.dataVersion ?? null;
    this.lastError = null;
    this.registeredAtBeat = this.sent;
    this.okSinceRegistration = false;
    this.host.onRegistered(this.address, req, res);
    if (this.registerQueued) {
      this.registerQueued = false;
      this.register();
      return;
    }
    this.state = "online";
    const every = Number(res.heartbeatIntervalMs);
    this.openStream(every > 0 ? every : 1000);
  }

  /** Opens the heartbeat stream (if none), sends a first beat at once, then one every `everyMs`. */
  private openStream(everyMs: number): void {
    if (this.stream === null) {
      const call = this.client.heartbeat();
      this.stream = call;
      this.sent = 0;
      this.answered = 0;
      this.registeredAtBeat = 0;
      call.on("data", (res: HeartbeatResponse) => {
        if (this.stream === call && this.state !== "closed") this.onAnswer(res);
      });
      call.on("error", () => {}); // reported through 'status'
      call.on("status", (s: StatusObject) => {
        if (this.stream === call) this.onStreamEnd(s);
      });
    }
    if (this.beatTimer === null || this.beatEveryMs !== everyMs) {
      this.beatTimer?.cancel();
      this.beatEveryMs = everyMs;
      this.beatTimer = this.host.clock.setInterval(() => this.beat(), everyMs);
    }
    this.beat();
  }

  private beat(): void {
    const call = this.stream;
    if (call === null || this.inflight !== null) return;
    if (this.sent - this.answered >= this.host.maxUnansweredHeartbeats) {
      // The NameServer stopped answering on an open stream: start over on a new one.
      call.cancel();
      return;
    }
    const req = this.host.registration();
    call.write(
      HeartbeatRequest.fromPartial({
        clusterName: req.clusterName,
        brokerName: req.brokerName,
        brokerId: req.brokerId,
        brokerAddr: req.brokerAddr,
        dataVersion: req.dataVersion,
      }),
    );
    this.sent++;
  }

  private onAnswer(res: HeartbeatResponse): void {
    this.answered++;
    if (res.action === HeartbeatAction.HEARTBEAT_ACTION_OK) {
      this.state = "online";
      this.attempt = 0;
      this.lastError = null;
      this.okSinceRegistration = true;
      return;
    }
    // An answer to a beat sent before the last registration completed says nothing new, and a
    // registration in flight settles it anyway.
    if (this.answered <= this.registeredAtBeat || this.inflight !== null) return;
    this.lastError = `register again: ${res.reason}`;
    this.host.onRegisterAgain(this.address, res.reason);
    this.host.log.info({ peer: this.address, reason: res.reason }, "NameServer asks to register again");
    if (this.okSinceRegistration || this.registeredVersion === null || this.state === "reconnecting") {
      this.register();
    } else {
      // Asked again right after registering: something is off (e.g. fenced); do not loop hot.
      this.backoff(new NameServerError(status.FAILED_PRECONDITION, res.reason, this.address), () =>
        this.register(),
      );
    }
  }

  private onStreamEnd(s: StatusObject): void {
    this.stream = null;
    this.beatTimer?.cancel();
    this.beatTimer = null;
    if (this.state === "closed") return;
    const err = toNameServerError(s, this.address);
    this.backoff(err, () => {
      // The server may still hold us (a reconnect inside its grace changes nothing); a heartbeat on
      // the new stream tells: OK, or REGISTER_AGAIN after a restart.
      if (this.registeredVersion === null) {
        this.register();
      } else {
        this.state = "reconnecting";
        this.openStream(this.beatEveryMs || 1000);
      }
    });
  }

  private backoff(err: NameServerError, then: () => void): void {
    const ceiling = backoffCeiling(this.attempt, this.host.initialBackoffMs, this.host.maxBackoffMs);
    const delayMs = fullJitterDelay(ceiling, this.host.random);
    this.attempt++;
    this.state = "backoff";
    this.lastError = err.message;
    if (err.code === status.UNAUTHENTICATED || err.code === status.PERMISSION_DENIED) {
      // Not an outage: the token or certificate is wrong. Retried in case the server's auth file
      // is fixed, but said louder.
      this.host.log.warn(
        { peer: this.address, err: err.message, delayMs },
        "NameServer refused this broker's credentials, retrying",
      );
    } else {
      this.host.log.info({ peer: this.address, err: err.message, delayMs }, "NameServer link down, retrying");
    }
    this.host.onDisconnected(this.address, err, delayMs);
    this.retry?.cancel();
    this.retry = this.host.clock.setTimeout(() => {
      this.retry = null;
      if (this.state !== "closed") then();
    }, delayMs);
  }

  /** Half-closes the heartbeat stream and waits (bounded) for the server to end it. */
  private async endStream(): Promise<void> {
    const call = this.stream;
    this.stream = null;
    if (call === null) return;
    await new Promise<void>((resolve) => {
      const bound = this.host.clock.setTimeout(() => {
        call.cancel();
        resolve();
      }, this.host.callTimeoutMs);
      call.on("status", () => {
        bound.cancel();
        resolve();
      });
      call.end();
    });
  }
}
