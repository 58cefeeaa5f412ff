import type { ServerDuplexStream } from "@grpc/grpc-js";
import type {
  HeartbeatRequest,
  RegisterBrokerResponse,
  UnregisterBrokerRequest,
  UnregisterBrokerResponse,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import type { SessionId } from "../liveness/liveness-tracker.js";
import type { Logger } from "../log/logger.js";
import type { Registry } from "../registry/registry.js";
import { HeartbeatAnswers, registerResponse, versionFields } from "./codec.js";
import type { DecodedRegistration } from "./register-request-decoder.js";
import { toServiceError } from "./status.js";
import type { StreamSet } from "./stream-set.js";
import { unary } from "./unary.js";

/**
 * Thin handlers for namesrv.v1.BrokerService: validate and apply in the registry, then encode.
 * RegisterBroker receives the request decoded at the edge (see decodeRegisterBrokerRequest);
 * Heartbeat answers are written as bytes (see HeartbeatAnswers).
 */
export function brokerService(registry: Registry, streams: StreamSet, log: Logger) {
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
        untrack();
        registry.closeStream(session, cause);
      };
      call.on("data", (req: HeartbeatRequest) => {
        if (done) return;
        try {
          call.write(answers.encode(registry.heartbeat(session, req)));
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
