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
import { MalformedRequest, PRINCIPAL_METADATA_KEY } from "./call-guard.js";
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
 *
 * Revocation reaches open streams: every open stream's credentials (and the last broker_name it
 * named) are checked again whenever the auth file is reloaded, and a stream whose principal was
 * removed or lost the role or broker name ends with UNAUTHENTICATED or PERMISSION_DENIED. The
 * authenticated principal's name is passed to the handlers in PRINCIPAL_METADATA_KEY (fairness
 * limits count per principal).
 */
export function authInterceptor(gate: AuthGate, log: Logger): ServerInterceptor {
  /** Open streams and how to check them again. */
  const open = new Set<() => void>();
  gate.onReplace(() => {
    for (const recheck of [...open]) recheck();
  });
  return (method: ServerMethodDefinition<unknown, unknown>, call: ServerInterceptingCallInterface) => {
    const service = serviceOf(method.path);
    const streaming = method.requestStream || method.responseStream;
    let principal: Principal | null = null;
    let credentials: Parameters<AuthGate["admit"]>[1] | undefined;
    let brokerName: string | undefined;
    let refused = false;
    const recheck = () => {
      if (refused || credentials === undefined) return;
      try {
        const now = gate.admit(service, credentials);
        if (now !== null && brokerName !== undefined && service === BROKER_SERVICE) {
          gate.checkBrokerName(now, brokerName);
        }
      } catch (err) {
        refuse(err);
      }
    };
    const forget = () => open.delete(recheck);
    const refuse = (err: unknown) => {
      refused = true;
      forget();
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
            credentials = {
              authorization: metadata.get("authorization").map(String),
              certCommonName: commonNameOf(call),
            };
            try {
              principal = gate.admit(service, credentials);
            } catch (err) {
              refuse(err);
              return;
            }
            if (principal !== null) metadata.set(PRINCIPAL_METADATA_KEY, principal.name);
            if (streaming && principal !== null) open.add(recheck);
            pass(metadata);
          },
          onReceiveMessage: (message: unknown, pass: (m: unknown) => void) => {
            if (refused) return;
            if (message instanceof MalformedRequest) {
              pass(message); // answered INVALID_ARGUMENT by the handler's wrapper
              return;
            }
            if (principal !== null && service === BROKER_SERVICE) {
              brokerName = brokerNameOf(message);
              try {
                gate.checkBrokerName(principal, brokerName);
              } catch (err) {
                refuse(err);
                return;
              }
            }
            pass(message);
          },
          onCancel: forget,
        }),
      sendStatus: (st, next) => {
        forget();
        next(st);
      },
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
