import { Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { DomainError, type ErrorCode } from "../errors/domain-error.js";
import type { Logger } from "../log/logger.js";

/** The one table from domain error codes to gRPC status codes. */
const STATUS_OF: Record<ErrorCode, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
  UNAVAILABLE: status.UNAVAILABLE,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
};

/** The gRPC status code of a domain error. */
export function statusOf(err: DomainError): status {
  return STATUS_OF[err.code];
}

/**
 * Turns anything thrown by a handler into a gRPC error. Domain errors keep their message; anything
 * else is a bug: it is logged with its stack and the client sees only INTERNAL "internal error".
 */
export function toServiceError(err: unknown, log: Logger, method: string): ServiceError {
  if (err instanceof DomainError) {
    log.debug({ method, code: err.code, err: err.message }, "request refused");
    return serviceError(STATUS_OF[err.code], err.message);
  }
  log.error({ method, err }, "unexpected error in handler");
  return serviceError(status.INTERNAL, "internal error");
}

export function serviceError(code: status, details: string): ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new Metadata() });
}
