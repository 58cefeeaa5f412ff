import type { ServerDuplexStream } from "@grpc/grpc-js";
import type {
  BrokerServiceServer,
  HeartbeatRequest,
  HeartbeatResponse,
  RegisterBrokerRequest,
  RegisterBrokerResponse,
  UnregisterBrokerRequest,
  UnregisterBrokerResponse,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import type { SessionId } from "../liveness/liveness-tracker.js";
import type { Logger } from "../log/logger.js";
import type { Registry } from "../registry/registry.js";
import { heartbeatResponse, registerResponse } from "./codec.js";
import { toServiceError } from "./status.js";
import type { StreamSet } from "./stream-set.js";
import { unary } from "./unary.js";

/** Thin handlers for namesrv.v1.BrokerService: validate and apply in the registry, then encode. */
export function brokerService(registry: Registry, streams: StreamSet, log: Logger): BrokerServiceServer {
  return {
    registerBroker: unary<RegisterBrokerRequest, RegisterBrokerResponse>("RegisterBroker", log, (req) =>
      registerResponse(registry.register(req), registry.orderTopicConfig()),
    ),

    unregisterBroker: unary<UnregisterBrokerRequest, UnregisterBrokerResponse>(
      "UnregisterBroker",
      log,
      (req) => {
        const r = registry.unregister(req);
        return { epoch: r.epoch, revision: BigInt(r.revision), removed: r.removed };
      },
    ),

    heartbeat(call: ServerDuplexStream<HeartbeatRequest, HeartbeatResponse>) {
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
          call.write(heartbeatResponse(registry.heartbeat(session, req)));
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
