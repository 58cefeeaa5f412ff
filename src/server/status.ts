import { Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { DomainError, type ErrorKind } from "../errors/domain-error.js";
import type { Logger } from "../log/logger.js";
import { ERROR_DOMAIN, encodeStatusDetails, STATUS_DETAILS_KEY } from "../wire/error-details.js";

/** The one table from the domain's kinds of failure to gRPC status codes. */
const STATUS_OF: Record<ErrorKind, status> = {
  "invalid-argument": status.INVALID_ARGUMENT,
  "not-found": status.NOT_FOUND,
  conflict: status.FAILED_PRECONDITION,
  "limit-exceeded": status.RESOURCE_EXHAUSTED,
  unavailable: status.UNAVAILABLE,
  unauthenticated: status.UNAUTHENTICATED,
  forbidden: status.PERMISSION_DENIED,
};

/** The gRPC status code of a domain error. */
export function statusOf(err: DomainError): status {
  return STATUS_OF[err.kind];
}

/**
 * Turns anything thrown by a handler into a gRPC error. Domain errors keep their message and carry
 * their reason and details as google.rpc.ErrorInfo in the status details; anything else is a bug:
 * it is logged with its stack and the client sees only INTERNAL "internal error".
 */
export function toServiceError(err: unknown, log: Logger, method: string): ServiceError {
  if (err instanceof DomainError) {
    log.debug({ method, reason: err.reason, err: err.message }, "request refused");
    return domainServiceError(err);
  }
  log.error({ method, err }, "unexpected error in handler");
  return serviceError(status.INTERNAL, "internal error");
}

/** The gRPC error for a domain error: its status code, message and ErrorInfo. */
export function domainServiceError(err: DomainError): ServiceError {
  const code = STATUS_OF[err.kind];
  const metadata = new Metadata();
  metadata.set(STATUS_DETAILS_KEY, errorDetails(err, code));
  return Object.assign(new Error(err.message), { code, details: err.message, metadata });
}

/** The `grpc-status-details-bin` value for a domain error. */
export function errorDetails(err: DomainError, code = STATUS_OF[err.kind]): Buffer {
  return encodeStatusDetails(code, err.message, {
    reason: err.reason,
    domain: ERROR_DOMAIN,
    metadata: err.details,
  });
}

export function serviceError(code: status, details: string): ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new Metadata() });
}
