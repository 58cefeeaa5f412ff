import { type CallOptions, Metadata, type ServiceError } from "@grpc/grpc-js";
import { toNameServerError } from "./errors.js";

/**
 * A grpc-js deadline `timeoutMs` from now. grpc-js takes deadlines as wall-clock instants, so this
 * is the SDK's one reading of `Date.now()`; it measures no time itself (timers go through Clock).
 */
export function deadlineAfter(timeoutMs: number): CallOptions {
  return { deadline: new Date(Date.now() + timeoutMs) };
}

/**
 * Awaits one unary call with a deadline; rejects with a NameServerError naming `address`.
 * `unaryCall(addr, 3000, (md, opts, cb) => client.getRouteInfoByTopic(req, md, opts, cb))`.
 */
export function unaryCall<Res>(
  address: string,
  timeoutMs: number,
  invoke: (
    metadata: Metadata,
    options: CallOptions,
    cb: (err: ServiceError | null, res?: Res) => void,
  ) => unknown,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    invoke(new Metadata(), deadlineAfter(timeoutMs), (err, res) =>
      err ? reject(toNameServerError(err, address)) : resolve(res as Res),
    );
  });
}
