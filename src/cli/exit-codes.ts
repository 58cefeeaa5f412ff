import { status } from "@grpc/grpc-js";
import type { NameServerError } from "../client/errors.js";

/**
 * namesrvctl's exit codes, for scripts. Documented in `--help` and the README; never renumber.
 *   0  success (for fan-out commands: every NameServer succeeded)
 *   1  the NameServer refused or failed the request (NOT_FOUND, FAILED_PRECONDITION, ...), or a
 *      fan-out succeeded on some NameServers and failed on others
 *   2  usage error: bad command, flag or argument, or input the NameServer rejected as invalid
 *      (INVALID_ARGUMENT)
 *   3  no NameServer could be reached or answered in time (UNAVAILABLE, DEADLINE_EXCEEDED)
 */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, UNREACHABLE: 3 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for a failed call. */
export function exitCodeOf(err: NameServerError): ExitCode {
  if (err.unreachable) return EXIT.UNREACHABLE;
  if (err.code === status.INVALID_ARGUMENT) return EXIT.USAGE;
  return EXIT.FAILED;
}

/** The lines of `--help` that explain the exit codes. */
export const EXIT_CODE_HELP = [
  "Exit codes:",
  "  0  success (fan-out commands: every NameServer succeeded)",
  "  1  the request failed (e.g. topic not found), or a fan-out failed on some NameServers",
  "  2  usage error, or input the NameServer rejected as invalid (INVALID_ARGUMENT)",
  "  3  no NameServer reachable, or none answered within --timeout-ms",
];
