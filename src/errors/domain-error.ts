/**
 * Errors raised by the domain, typed at the source. Each names what went wrong in the domain's own
 * terms: a `kind` (the class of failure, which the transport maps to its status code in one table:
 * src/server/status.ts) and a `reason` (a stable, machine-readable word that clients can branch on,
 * sent in google.rpc.ErrorInfo). Anything thrown that is not a DomainError is a bug: the transport
 * answers INTERNAL with a generic message and logs it.
 */

/** The classes of failure; each maps to one transport status. */
export type ErrorKind =
  /** The request breaks a documented rule; the message names the field and the rule. */
  | "invalid-argument"
  /** The thing asked for does not exist. */
  | "not-found"
  /** The request is well-formed but conflicts with the current state (fencing, ownership). */
  | "conflict"
  /** A documented limit was reached; `details.limit` names it. */
  | "limit-exceeded"
  /** The server cannot serve right now (shutting down, warming up, storage failed); retry elsewhere or later. */
  | "unavailable"
  /** The caller presented no credentials, or ones the server does not know. */
  | "unauthenticated"
  /** The caller is known but its roles do not allow this call (or this broker name). */
  | "forbidden";

/** What a DomainError carries besides its message. */
export interface DomainErrorOptions {
  /** Machine-readable facts about the failure (field, topic, limit ...), sent as ErrorInfo metadata. */
  readonly details?: Readonly<Record<string, string>>;
  /** The underlying error (an fs error behind a storage failure, ...). */
  readonly cause?: unknown;
}

export class DomainError extends Error {
  override readonly name: string = "DomainError";
  readonly details: Readonly<Record<string, string>>;
  constructor(
    readonly kind: ErrorKind,
    /** Stable upper-snake-case word, e.g. TOPIC_NOT_FOUND. */
    readonly reason: string,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details ?? {};
  }
}

/** A field broke a rule: the message reads "<field>: <rule>", e.g. "topic_configs[2].perm: must be 0..7". */
export class InvalidArgument extends DomainError {
  override readonly name = "InvalidArgument";
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super("invalid-argument", "INVALID_ARGUMENT", `${field}: ${rule}`, { details: { field } });
  }
}

export class TopicNotFound extends DomainError {
  override readonly name = "TopicNotFound";
  constructor(readonly topic: string) {
    super("not-found", "TOPIC_NOT_FOUND", `topic ${topic} not found`, { details: { topic } });
  }
}

export class GroupNotFound extends DomainError {
  override readonly name = "GroupNotFound";
  /** @param field the request field that named the group, when there is one (RegisterTopic's queue_datas[i]). */
  constructor(
    readonly brokerName: string,
    field?: string,
  ) {
    super(
      "not-found",
      "GROUP_NOT_FOUND",
      field === undefined
        ? `broker group ${brokerName} not found`
        : `${field}: broker group ${brokerName} is not registered`,
      { details: field === undefined ? { brokerName } : { brokerName, field } },
    );
  }
}

export class ClusterNotFound extends DomainError {
  override readonly name = "ClusterNotFound";
  constructor(readonly clusterName: string) {
    super("not-found", "CLUSTER_NOT_FOUND", `cluster ${clusterName} not found`, { details: { clusterName } });
  }
}

export class KvEntryNotFound extends DomainError {
  override readonly name = "KvEntryNotFound";
  constructor(namespace: string, key: string) {
    super("not-found", "KV_ENTRY_NOT_FOUND", `no kv config entry ${key} in namespace ${namespace}`, {
      details: { namespace, key },
    });
  }
}

/** A registration for a broker id held by another address with a newer state_version. */
export class Fenced extends DomainError {
  override readonly name = "Fenced";
  constructor(message: string, details: Record<string, string>) {
    super("conflict", "FENCED", message, { details });
  }
}

/** An address or group already belongs elsewhere (another group, another cluster). */
export class OwnershipConflict extends DomainError {
  override readonly name = "OwnershipConflict";
  constructor(message: string, details: Record<string, string>) {
    super("conflict", "OWNERSHIP_CONFLICT", message, { details });
  }
}

/** A documented limit was reached; `limit` is its setting's name (e.g. max-watch-subscribers). */
export class LimitExceeded extends DomainError {
  override readonly name = "LimitExceeded";
  constructor(
    readonly limit: string,
    message: string,
  ) {
    super("limit-exceeded", "LIMIT_EXCEEDED", message, { details: { limit } });
  }
}

/** Why the server cannot serve right now. */
export type UnavailableReason = "SHUTTING_DOWN" | "WARMING_UP" | "STORAGE_FAILED";

export class Unavailable extends DomainError {
  override readonly name = "Unavailable";
  constructor(reason: UnavailableReason, message: string, cause?: unknown) {
    super("unavailable", reason, message, { cause });
  }
}

export class Unauthenticated extends DomainError {
  override readonly name = "Unauthenticated";
  constructor(message: string) {
    super("unauthenticated", "UNAUTHENTICATED", message);
  }
}

export class PermissionDenied extends DomainError {
  override readonly name = "PermissionDenied";
  constructor(message: string) {
    super("forbidden", "PERMISSION_DENIED", message);
  }
}

/** Shorthand for `new InvalidArgument(field, rule)`. */
export function invalidArgument(field: string, rule: string): InvalidArgument {
  return new InvalidArgument(field, rule);
}
