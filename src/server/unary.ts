import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import type { Logger } from "../log/logger.js";
import { toServiceError } from "./status.js";

/**
 * A grpc-js unary handler from a plain function of the request, synchronous or async (the KV
 * config answers once its file is written). Whatever `handle` throws or rejects with is turned
 * into a status by the one error table (status.ts); nothing reaches grpc-js as an exception.
 */
export function unary<Req, Res>(
  method: string,
  log: Logger,
  handle: (request: Req) => Res | Promise<Res>,
): (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void {
  return (call, callback) => {
    let response: Res | Promise<Res>;
    try {
      response = handle(call.request);
    } catch (err) {
      callback(toServiceError(err, log, method));
      return;
    }
    if (response instanceof Promise) {
      response.then(
        (value) => callback(null, value),
        (err: unknown) => callback(toServiceError(err, log, method)),
      );
      return;
    }
    callback(null, response);
  };
}
