import type { ErrorCode } from "../errors/domain-error.js";

/** Domain error codes as HTTP statuses: the HTTP listener's one table (gRPC's is src/server/status.ts). */
export const HTTP_STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  FAILED_PRECONDITION: 409,
  RESOURCE_EXHAUSTED: 429,
  UNAVAILABLE: 503,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
};
