import { type ServiceError, status } from "@grpc/grpc-js";
import { decodeErrorInfo, type ErrorInfo, STATUS_DETAILS_KEY } from "../wire/error-details.js";

/**
 * A failed call to a NameServer, with the gRPC status `code` and the address that gave it. Thrown
 * by the SDK's promise APIs instead of grpc-js's ServiceError so that callers also learn which
 * NameServer answered (or did not).
 */
export class NameServerError extends Error {
  constructor(
    /** gRPC status code (`status.NOT_FOUND`, `status.UNAVAILABLE`, ...). */
    readonly code: status,
    /** The server's message, or grpc-js's for transport failures. */
    readonly details: string,
    /** The NameServer that failed, "host:port"; for a call that tried several, the last one. */
    readonly address: string,
    /**
     * The server's machine-readable reason (google.rpc.ErrorInfo in the status details), e.g.
     * TOPIC_NOT_FOUND, GROUP_NOT_FOUND, CLUSTER_NOT_FOUND, FENCED, OWNERSHIP_CONFLICT,
     * LIMIT_EXCEEDED, WARMING_UP, SHUTTING_DOWN; undefined for transport failures.
     */
    readonly info?: ErrorInfo,
  ) {
    super(`${details} (${status[code] ?? code} from ${address})`);
    this.name = "NameServerError";
  }

  /** The server's reason word (see `info`), or undefined. Branch on this, not on the message. */
  get reason(): string | undefined {
    return this.info?.reason;
  }

  /** True when the NameServer could not be reached or did not answer in time: worth a failover. */
  get unreachable(): boolean {
    return isUnreachable(this.code);
  }
}

/** UNAVAILABLE and DEADLINE_EXCEEDED: the server is down, unreachable or too slow. Retry elsewhere. */
export function isUnreachable(code: status): boolean {
  return code === status.UNAVAILABLE || code === status.DEADLINE_EXCEEDED;
}

/** Wraps a grpc-js error (or anything thrown) as a NameServerError for `address`. */
export function toNameServerError(err: unknown, address: string): NameServerError {
  if (err instanceof NameServerError) return err;
  const e = err as Partial<ServiceError>;
  if (typeof e?.code === "number") {
    const details = e.metadata?.get(STATUS_DETAILS_KEY)[0];
    const info = details instanceof Uint8Array ? decodeErrorInfo(details) : undefined;
    return new NameServerError(e.code, cleanDetails(e.details ?? String(e.message)), address, info);
  }
  return new NameServerError(status.UNKNOWN, err instanceof Error ? err.message : String(err), address);
}

/**
 * The cause of a failure in one line. grpc-js's transport messages carry its internals: an empty
 * "Resolution note:", the timing of each stage after "Deadline exceeded after 0.3s," ("name
 * resolution: 0.007s,metadata filters: ..."), "No connection established. Last error: Error: "
 * before the socket error, sometimes with a timestamp. The server's own messages pass unchanged.
 */
export function cleanDetails(details: string): string {
  return details
    .replace(/\s*Resolution note:\s*$/, "")
    .replace(/^(Deadline exceeded after [\d.]+s),[\s\S]*$/, "$1")
    .replace(
      /^No connection established\. Last error: (?:Error: )?([\s\S]*?)(?: \(\d{4}-\d\d-\d\dT[^)]*\))?\.?$/,
      "cannot connect: $1",
    )
    .replace(/\s*\n\s*/g, " ")
    .trim();
}
