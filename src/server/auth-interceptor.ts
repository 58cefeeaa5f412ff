import {
  Metadata,
  ServerInterceptingCall,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  type ServerMethodDefinition,
  status,
} from "@grpc/grpc-js";
import type { AuthGate } from "../auth/auth-gate.js";
import type { Principal } from "../auth/principals.js";
import { DomainError } from "../errors/domain-error.js";
import type { Logger } from "../log/logger.js";
import { STATUS_DETAILS_KEY } from "../wire/error-details.js";
import type { DecodedRegistration } from "./register-request-decoder.js";
import { errorDetails, statusOf } from "./status.js";

const BROKER_SERVICE = "namesrv.v1.BrokerService";

/**
 * Authentication and authorization as a grpc-js server interceptor, in front of every handler:
 * the call's metadata and verified client certificate are checked by the AuthGate before the
 * handler starts; on BrokerService, every request message's broker_name is checked against the
 * principal's brokerNames before the handler sees it (a heartbeat stream naming a foreign broker
 * is ended, and the handler sees it cancelled, so its session is cleaned up as for any lost
 * stream). Refusals are logged at warn with the method, the peer and the reason.
 */
export function authInterceptor(gate: AuthGate, log: Logger): ServerInterceptor {
  return (method: ServerMethodDefinition<unknown, unknown>, call: ServerInterceptingCallInterface) => {
    const service = serviceOf(method.path);
    let principal: Principal | null = null;
    let refused = false;
    const refuse = (err: unknown) => {
      refused = true;
      if (!(err instanceof DomainError)) {
        log.error({ method: method.path, err }, "unexpected error in auth");
        call.sendStatus({ code: status.INTERNAL, details: "internal error" });
        return;
      }
      log.warn(
        {
          method: method.path,
          peer: call.getPeer(),
          principal: principal?.name,
          code: err.reason,
          reason: err.message,
        },
        "request refused by auth",
      );
      const metadata = new Metadata();
      metadata.set(STATUS_DETAILS_KEY, errorDetails(err));
      call.sendStatus({ code: statusOf(err), details: err.message, metadata });
    };
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata: Metadata, pass: (m: Metadata) => void) => {
            try {
              principal = gate.admit(service, {
                authorization: metadata.get("authorization").map(String),
                certCommonName: commonNameOf(call),
              });
            } catch (err) {
              refuse(err);
              return;
            }
            pass(metadata);
          },
          onReceiveMessage: (message: unknown, pass: (m: unknown) => void) => {
            if (refused) return;
            if (principal !== null && service === BROKER_SERVICE) {
              try {
                gate.checkBrokerName(principal, brokerNameOf(message));
              } catch (err) {
                refuse(err);
                return;
              }
            }
            pass(message);
          },
        }),
    });
  };
}

/** A BrokerService request's broker_name (RegisterBroker's comes decoded at the edge). */
function brokerNameOf(message: unknown): string {
  const m = message as { brokerName?: string } | DecodedRegistration;
  return "brokerName" in m && typeof m.brokerName === "string"
    ? m.brokerName
    : (m as DecodedRegistration).message.brokerName;
}

/**
 * The common name of the call's client certificate, if it verified against the client CA (grpc-js
 * shows no certificate otherwise). A subject with several CNs has none we trust to pick from.
 */
function commonNameOf(call: ServerInterceptingCallInterface): string | undefined {
  const cn = call.getAuthContext().sslPeerCertificate?.subject?.CN;
  return typeof cn === "string" ? cn : undefined;
}

/** "/namesrv.v1.BrokerService/RegisterBroker" -> "namesrv.v1.BrokerService". */
function serviceOf(path: string): string {
  return path.slice(1, path.lastIndexOf("/"));
}
