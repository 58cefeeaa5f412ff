import type { ErrorKind } from "../errors/domain-error.js";

/** The domain's kinds of failure as HTTP statuses: the HTTP listener's one table (gRPC's is src/server/status.ts). */
export const HTTP_STATUS_OF: Readonly<Record<ErrorKind, number>> = {
  "invalid-argument": 400,
  "not-found": 404,
  conflict: 409,
  "limit-exceeded": 429,
  unavailable: 503,
  unauthenticated: 401,
  forbidden: 403,
};
