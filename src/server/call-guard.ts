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
import { serviceError } from "./status.js";

/** Metadata key carrying the authenticated principal from the auth interceptor to the handlers. */
export const PRINCIPAL_METADATA_KEY = "x-namesrv-principal";

export interface CallGuardLimits {
  /** Most unary calls in flight (received, not answered yet) from one IP address. */
  readonly maxUnaryCallsPerAddress: number;
  /** Most streaming calls open from one IP address. */
  readonly maxStreamsPerAddress: number;
  /** Most Health/Watch streams open from one IP address (health is public). */
  readonly maxHealthWatchesPerAddress: number;
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
    const handlers: Record<string, unknown> = { ...implementation };
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
      const handler = handlers[name] ?? handlers[method.originalName ?? ""];
      if (typeof handler === "function") {
        const wrapped = refuseMalformed(method.path, method.requestStream, handler as Handler);
        if (name in handlers) handlers[name] = wrapped;
        if (method.originalName !== undefined && method.originalName in handlers)
          handlers[method.originalName] = wrapped;
      }
    }
    addService(guarded, handlers as typeof implementation);
  };
}

type Handler = (call: MalformableCall, callback?: (err: unknown) => void) => void;
interface MalformableCall {
  request?: unknown;
  emit(event: string | symbol, ...args: unknown[]): boolean;
}

/**
 * Wraps a handler so that a MalformedRequest never reaches it: a unary or server-streaming call
 * whose request did not decode is answered INVALID_ARGUMENT; on a client or bidi stream, the first
 * message that did not decode ends the stream with INVALID_ARGUMENT.
 */
function refuseMalformed(path: string, requestStream: boolean, handler: Handler): Handler {
  const invalid = (m: MalformedRequest) =>
    serviceError(status.INVALID_ARGUMENT, `request: not a valid protobuf message for ${path} (${m.reason})`);
  return (call, callback) => {
    if (!requestStream) {
      if (call.request instanceof MalformedRequest) {
        if (callback !== undefined) callback(invalid(call.request));
        else call.emit("error", invalid(call.request));
        return;
      }
      handler(call, callback);
      return;
    }
    const emit = call.emit.bind(call);
    call.emit = (event: string | symbol, ...args: unknown[]) => {
      const message = args[0];
      if (event === "data" && message instanceof MalformedRequest) {
        if (callback !== undefined) callback(invalid(message));
        else emit("error", invalid(message));
        return false;
      }
      return emit(event, ...args);
    };
    handler(call, callback);
  };
}

const HEALTH_WATCH = "/grpc.health.v1.Health/Watch";

/** A call answered RESOURCE_EXHAUSTED `details` as soon as it starts; nothing reaches the handler. */
function refusing(call: ServerInterceptingCallInterface, details: string): ServerInterceptingCall {
  return new ServerInterceptingCall(call, {
    start: (next) =>
      next({
        onReceiveMetadata: () => call.sendStatus({ code: status.RESOURCE_EXHAUSTED, details }),
        onReceiveMessage: () => {},
        onReceiveHalfClose: () => {},
      }),
  });
}

/** Calls of one kind open per IP address, against a limit. */
class AddressCounter {
  private readonly held = new Map<string, number>();
  constructor(
    readonly flag: string,
    private readonly what: string,
    private readonly max: number,
  ) {}
  /** Takes a place for `address`; returns the refusal's message when the address is at the limit. */
  take(address: string): string | undefined {
    const held = this.held.get(address) ?? 0;
    if (held >= this.max) return `${held} ${this.what} from this address (limit ${this.flag} ${this.max})`;
    this.held.set(address, held + 1);
    return undefined;
  }
  release(address: string): void {
    const left = (this.held.get(address) ?? 1) - 1;
    if (left > 0) this.held.set(address, left);
    else this.held.delete(address);
  }
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
  /** The next call down when this is an interceptor's layer (ServerInterceptingCall). */
  nextCall?: unknown;
  /** The HTTP/2 stream: a call within the limits is counted until it closes. */
  stream?: { once(event: "close", listener: () => void): unknown };
  /** The request metadata, as later handed to the listeners (and the handler). */
  metadata?: Metadata;
  incomingEncoding?: string;
  decompressMessage?: (message: Buffer, encoding: string) => Promise<Buffer> | Buffer;
}

/**
 * The grpc-js call under `call` and the interceptor layers between them (each ServerInterceptingCall
 * holds the next one down in `nextCall`). Today nothing wraps grpc-js's call before the guard (the
 * call counter, first when metrics are on, returns it unchanged), so the walk ends at once; it
 * stays so that a layer added later cannot leave compressed requests unbounded, as the metrics
 * interceptor once did. Undefined if no layer has the fields (a grpc-js upgrade: the tests fail).
 */
function baseCallOf(call: ServerInterceptingCallInterface): BaseCall | undefined {
  let layer: unknown = call;
  for (let depth = 0; depth < 16 && typeof layer === "object" && layer !== null; depth++) {
    const base = layer as BaseCall;
    if (typeof base.decompressMessage === "function") return base;
    layer = base.nextCall;
  }
  return undefined;
}

/**
 * The first interceptor of every call (before authentication; only the call counter, which returns
 * grpc-js's call unchanged, comes before it), guarding the server against
 * careless and hostile clients:
 * - unary calls in flight, streams open and (public) health watches open per IP address are
 *   bounded (RESOURCE_EXHAUSTED naming the flag);
 * - a compressed request inflates to at most maxInflatedMessageBytes, and all calls together
 *   inflate at most maxInflatingBytes at once (RESOURCE_EXHAUSTED naming the flag);
 * - a request that does not decode gets INVALID_ARGUMENT (see guardDeserializers);
 * - a client cannot pose as a principal: PRINCIPAL_METADATA_KEY is removed from what it sends.
 * Refusals are logged once per limit and offender per interval (LimitLog).
 */
export function callGuard(limits: CallGuardLimits, limitLog: LimitLog): ServerInterceptor {
  const counters = {
    unary: new AddressCounter(
      "--max-unary-calls-per-address",
      "unary calls in flight",
      limits.maxUnaryCallsPerAddress,
    ),
    stream: new AddressCounter("--max-streams-per-address", "streams open", limits.maxStreamsPerAddress),
    health: new AddressCounter(
      "--max-health-watches-per-address",
      "Health/Watch streams open",
      limits.maxHealthWatchesPerAddress,
    ),
  };
  const budget = new InflateBudget(limits.maxInflatingBytes);
  return (method: ServerMethodDefinition<unknown, unknown>, call: ServerInterceptingCallInterface) => {
    const address = call.getConnectionInfo().remoteAddress ?? "unknown";
    const base = baseCallOf(call) ?? {};
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
    const taken: AddressCounter[] = [];
    const release = () => {
      for (const counter of taken.splice(0)) counter.release(address);
    };
    const kinds = [method.requestStream || method.responseStream ? counters.stream : counters.unary];
    if (method.path === HEALTH_WATCH) kinds.push(counters.health);
    if (base.stream !== undefined && base.metadata !== undefined) {
      // Fast path: count the call from now until its HTTP/2 stream closes, with no interceptor
      // layer of our own unless it is refused (a layer costs several µs on every lookup).
      // Malformed requests are answered by the handlers' wrapper (guardDeserializers).
      for (const counter of kinds) {
        const refusal = counter.take(address);
        if (refusal !== undefined) {
          release();
          limitLog.refused(counter.flag, address, refusal, { method: method.path });
          return refusing(call, refusal);
        }
        taken.push(counter);
      }
      base.metadata.remove(PRINCIPAL_METADATA_KEY);
      base.stream.once("close", release);
      // grpc-js types an interceptor as returning its own class, but chains whatever it returns.
      return call as ServerInterceptingCall;
    }
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata: Metadata, pass: (m: Metadata) => void) => {
            for (const counter of kinds) {
              const refusal = counter.take(address);
              if (refusal !== undefined) {
                release();
                limitLog.refused(counter.flag, address, refusal, { method: method.path });
                call.sendStatus({ code: status.RESOURCE_EXHAUSTED, details: refusal });
                return;
              }
              taken.push(counter);
            }
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
