import { type Logger, pino } from "pino";

export type { Logger };

/**
 * Creates the process logger: structured JSON lines on stdout. Components receive a logger (or a
 * child of it) and never create their own; fixed keys are `broker`, `cluster`, `topic`,
 * `revision`, `peer` and `err`. State changes log at info, per-message events at debug.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "namesrv" }, formatters: { level: (label) => ({ level: label }) } });
}

/** A logger that drops everything, for tests that do not inspect logs. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
