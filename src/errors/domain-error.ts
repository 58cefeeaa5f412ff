/**
 * Errors raised by the domain, typed at the source. The server maps each code to a gRPC status in
 * one table (src/server/status.ts); anything that is not a DomainError becomes INTERNAL with a
 * generic message and is logged.
 */

/** Stable error codes of the domain. */
export type ErrorCode =
  /** The request breaks a documented rule; the message names the field and the rule. */
  | "INVALID_ARGUMENT"
  /** The thing asked for does not exist. */
  | "NOT_FOUND"
  /** The request is well-formed but conflicts with the current state (fencing, ownership). */
  | "FAILED_PRECONDITION"
  /** A documented limit was reached. */
  | "RESOURCE_EXHAUSTED"
  /** The server cannot serve right now (shutting down); the client may retry elsewhere. */
  | "UNAVAILABLE"
  /** The caller presented no credentials, or ones the server does not know. */
  | "UNAUTHENTICATED"
  /** The caller is known but its roles do not allow this call (or this broker name). */
  | "PERMISSION_DENIED";

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A field broke a rule: the message reads "<field>: <rule>", e.g. "topic_configs[2].perm: must be 0..7". */
export function invalidArgument(field: string, rule: string): DomainError {
  return new DomainError("INVALID_ARGUMENT", `${field}: ${rule}`);
}

export function notFound(message: string): DomainError {
  return new DomainError("NOT_FOUND", message);
}

export function failedPrecondition(message: string): DomainError {
  return new DomainError("FAILED_PRECONDITION", message);
}
