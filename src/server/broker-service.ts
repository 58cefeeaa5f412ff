import { type ServerDuplexStream, status } from "@grpc/grpc-js";
import type {
  HeartbeatRequest,
  RegisterBrokerResponse,
  UnregisterBrokerRequest,
  UnregisterBrokerResponse,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import type { Clock } from "../clock/clock.js";
import type { SessionId } from "../liveness/liveness-tracker.js";
import type { Logger } from "../log/logger.js";
import type { Registry } from "../registry/registry.js";
import { HeartbeatAnswers, registerResponse, versionFields } from "./codec.js";
import type { LimitLog } from "./limit-log.js";
import type { DecodedRegistration } from "./register-request-decoder.js";
import { serviceError, toServiceError } from "./status.js";
import { addressOf, type StreamSet } from "./stream-set.js";
import { unary } from "./unary.js";

/** What the Heartbeat handler needs besides the registry and the stream set. */
export interface HeartbeatGuard {
  readonly clock: Clock;
  /** A stream whose first heartbeat does not arrive within this long is closed, ms. */
  readonly firstHeartbeatTimeoutMs: number;
  readonly limitLog: LimitLog;
}

/**
 * Thin handlers for namesrv.v1.BrokerService: validate and apply in the registry, then encode.
 * RegisterBroker receives the request decoded at the edge (see decodeRegisterBrokerRequest);
 * Heartbeat answers are written as bytes (see HeartbeatAnswers). A heartbeat stream counts as
 * pending (StreamSet) until it beats for a registered broker, and is closed with
 * RESOURCE_EXHAUSTED if its first heartbeat does not arrive within firstHeartbeatTimeoutMs: idle
 * streams would otherwise hold pending places forever and lock real brokers out.
 */
export function brokerService(registry: Registry, streams: StreamSet, log: Logger, guard: HeartbeatGuard) {
  return {
    registerBroker: unary<DecodedRegistration, RegisterBrokerResponse>("RegisterBroker", log, (req) =>
      registerResponse(registry.register({ ...req.message, topicTable: req.topicTable })),
    ),

    unregisterBroker: unary<UnregisterBrokerRequest, UnregisterBrokerResponse>(
      "UnregisterBroker",
      log,
      (req) => {
        const r = registry.unregister(req);
        return { ...versionFields(r), removed: r.removed };
      },
    ),

    heartbeat(call: ServerDuplexStream<HeartbeatRequest, Buffer>) {
      let untrack: () => void;
      let session: SessionId;
      try {
        untrack = streams.add(call, call.getPeer(), "heartbeat");
      } catch (err) {
        call.emit("error", toServiceError(err, log, "Heartbeat"));
        return;
      }
      try {
        session = registry.openStream();
      } catch (err) {
        untrack();
        call.emit("error", toServiceError(err, log, "Heartbeat"));
        return;
      }
      const answers = new HeartbeatAnswers();
      let done = false;
      const finish = (cause: string) => {
        if (done) return;
        done = true;
        firstBeat.cancel();
        untrack();
        registry.closeStream(session, cause);
      };
      const timeoutMs = guard.firstHeartbeatTimeoutMs;
      const firstBeat = guard.clock.setTimeout(() => {
        const reason = `no first heartbeat within ${timeoutMs} ms of opening the stream (limit --first-heartbeat-timeout-ms ${timeoutMs})`;
        guard.limitLog.refused("--first-heartbeat-timeout-ms", addressOf(call.getPeer()), reason);
        finish("no first heartbeat");
        call.emit("error", serviceError(status.RESOURCE_EXHAUSTED, reason));
      }, timeoutMs);
      call.on("data", (req: HeartbeatRequest) => {
        if (done) return;
        try {
          const verdict = registry.heartbeat(session, req);
          firstBeat.cancel();
          // Pending until it beats for a registered broker, as the registry counts it.
          if (verdict.action !== "REGISTER_AGAIN") streams.active(call);
          call.write(answers.encode(verdict));
        } catch (err) {
          finish("invalid heartbeat");
          call.emit("error", toServiceError(err, log, "Heartbeat"));
        }
      });
      call.on("end", () => {
        finish("half-closed by broker");
        call.end();
      });
      call.on("cancelled", () => finish("cancelled"));
      call.on("error", () => finish("stream error"));
    },
  };
}
