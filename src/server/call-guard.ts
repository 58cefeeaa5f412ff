import { createGunzip, createInflate } from "node:zlib";
import {
  type Metadata,
  type Server,
  ServerInterceptingCall,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  type ServerMethodDefinition,
  type ServiceDefinition,
  status,
} from "@grpc/grpc-js";
import type { LimitLog } from "./limit-log.js";

/** Metadata key carrying the authenticated principal from the auth interceptor to the handlers. */
export const PRINCIPAL_METADATA_KEY = "x-namesrv-principal";

export interface CallGuardLimits {
  /** Most calls in flight (unary not answered yet, or streams open) from one IP address. */
  readonly maxCallsPerAddress: number;
  /** Largest size a compressed request message may inflate to, bytes. */
  readonly maxInflatedMessageBytes: number;
  /** Most bytes being inflated at once over all calls. */
  readonly maxInflatingBytes: number;
}

/** What a request deserializer returns instead of throwing: the call is answered INVALID_ARGUMENT. */
export class MalformedRequest {
  constructor(readonly reason: string) {}
}

/**
 * Makes every service added to `server` from now on answer a request that does not decode with
 * INVALID_ARGUMENT (grpc-js answers a throwing deserializer with INTERNAL, blaming the server for
 * the client's bytes): each deserializer returns a MalformedRequest instead, which the call guard
 * turns into the status. Health and reflection add their services themselves, hence the wrap of
 * addService rather than of our own definitions.
 */
export function guardDeserializers(server: Server): void {
  const addService = server.addService.bind(server);
  server.addService = (service: ServiceDefinition, implementation) => {
    const guarded: Record<string, ServiceDefinition[string]> = {};
    for (const [name, method] of Object.entries(service)) {
      const decode = method.requestDeserialize;
      guarded[name] = {
        ...method,
        requestDeserialize: (bytes: Buffer) => {
          try {
            return decode(bytes);
          } catch (err) {
            return new MalformedRequest(err instanceof Error ? err.message : String(err));
          }
        },
      };
    }
    addService(guarded, implementation);
  };
}

/** The bytes being inflated at once, over all calls. */
class InflateBudget {
  private used = 0;
  constructor(readonly max: number) {}
  take(n: number): boolean {
    if (this.used + n > this.max) return false;
    this.used += n;
    return true;
  }
  release(n: number): void {
    this.used -= n;
  }
}

/**
 * The grpc-js server call underneath the interceptors, as far as we reach into it: the request's
 * grpc-encoding and the method that inflates a compressed message (grpc-js 1.14, private). We
 * replace that method on compressed calls only; if a grpc-js upgrade renames either, the
 * decompression test of test/integration/hardening.test.ts fails.
 */
interface BaseCall {
  incomingEncoding?: string;
  decompressMessage?: (message: Buffer, encoding: string) => Promise<Buffer> | Buffer;
}

/**
 * The first interceptor of every call (before authentication), guarding the server against
 * careless and hostile clients:
 * - calls in flight per IP address are bounded (RESOURCE_EXHAUSTED naming --max-calls-per-address);
 * - a compressed request inflates to at most maxInflatedMessageBytes, and all calls together
 *   inflate at most maxInflatingBytes at once (RESOURCE_EXHAUSTED naming the flag);
 * - a request that does not decode gets INVALID_ARGUMENT (see guardDeserializers);
 * - a client cannot pose as a principal: PRINCIPAL_METADATA_KEY is removed from what it sends.
 * Refusals are logged once per limit and offender per interval (LimitLog).
 */
export function callGuard(limits: CallGuardLimits, limitLog: LimitLog): ServerInterceptor {
  const perAddress = new Map<string, number>();
  const budget = new InflateBudget(limits.maxInflatingBytes);
  return (method: ServerMethodDefinition<unknown, unknown>, call: ServerInterceptingCallInterface) => {
    const address = call.getConnectionInfo().remoteAddress ?? "unknown";
    const base = call as unknown as BaseCall;
    if (
      base.incomingEncoding !== undefined &&
      base.incomingEncoding !== "identity" &&
      typeof base.decompressMessage === "function"
    ) {
      const grpcDecompress = base.decompressMessage.bind(base);
      base.decompressMessage = (message, encoding) =>
        encoding === "gzip" || encoding === "deflate"
          ? inflate(message.subarray(5), encoding, limits.maxInflatedMessageBytes, budget, (reason, limit) =>
              limitLog.refused(limit, address, reason, { method: method.path }),
            )
          : grpcDecompress(message, encoding);
    }
    let counted = false;
    const release = () => {
      if (!counted) return;
      counted = false;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    };
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata: Metadata, pass: (m: Metadata) => void) => {
            const held = perAddress.get(address) ?? 0;
            if (held >= limits.maxCallsPerAddress) {
              const reason = `${held} calls in flight from this address (limit --max-calls-per-address ${limits.maxCallsPerAddress})`;
              limitLog.refused("--max-calls-per-address", address, reason, { method: method.path });
              call.sendStatus({ code: status.RESOURCE_EXHAUSTED, details: reason });
              return;
            }
            perAddress.set(address, held + 1);
            counted = true;
            metadata.remove(PRINCIPAL_METADATA_KEY);
            pass(metadata);
          },
          onReceiveMessage: (message: unknown, pass: (m: unknown) => void) => {
            if (message instanceof MalformedRequest) {
              call.sendStatus({
                code: status.INVALID_ARGUMENT,
                details: `request: not a valid protobuf message for ${method.path} (${message.reason})`,
              });
              return;
            }
            pass(message);
          },
          onCancel: () => {
            release();
          },
        }),
      sendStatus: (st, next) => {
        release();
        next(st);
      },
    });
  };
}

/**
 * Inflates `contents` (gzip or deflate) chunk by chunk, refusing with RESOURCE_EXHAUSTED as soon as
 * the message passes `maxBytes` or the shared budget runs out; the bytes leave the budget once the
 * message is inflated (or refused). Rejections are grpc-js status objects.
 */
function inflate(
  contents: Buffer,
  encoding: "gzip" | "deflate",
  maxBytes: number,
  budget: InflateBudget,
  refused: (reason: string, limit: string) => void,
): Promise<Buffer> {
  const inflater = encoding === "gzip" ? createGunzip() : createInflate();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let total = 0;
    let settled = false;
    const fail = (code: status, details: string) => {
      if (settled) return;
      settled = true;
      budget.release(total);
      inflater.destroy();
      reject({ code, details });
    };
    inflater.on("data", (chunk: Buffer) => {
      if (settled) return;
      if (total + chunk.length > maxBytes) {
        const reason = `request inflates to more than ${maxBytes} bytes (limit --max-inflated-message-bytes ${maxBytes})`;
        refused(reason, "--max-inflated-message-bytes");
        fail(status.RESOURCE_EXHAUSTED, reason);
        return;
      }
      if (!budget.take(chunk.length)) {
        const reason = `the server is inflating ${budget.max} bytes of requests already (limit --max-inflating-bytes ${budget.max}); retry later`;
        refused(reason, "--max-inflating-bytes");
        fail(status.RESOURCE_EXHAUSTED, reason);
        return;
      }
      total += chunk.length;
      parts.push(chunk);
    });
    inflater.on("error", (err) =>
      fail(status.INVALID_ARGUMENT, `request: not valid ${encoding} data (${err.message})`),
    );
    inflater.on("end", () => {
      if (settled) return;
      settled = true;
      budget.release(total);
      resolve(Buffer.concat(parts, total));
    });
    inflater.end(contents);
  });
}
