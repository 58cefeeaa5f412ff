import { type Logger, pino } from "pino";

export type { Logger };

const OPTIONS = {
  base: { service: "namesrv" },
  formatters: { level: (label: string) => ({ level: label }) },
};

/**
 * Creates the process logger: structured JSON lines on stdout. Components receive a logger (or a
 * child of it) and never create their own; fixed keys are `broker`, `cluster`, `topic`,
 * `revision`, `peer` and `err`. State changes log at info, per-message events at debug.
 */
export function createLogger(level: string): Logger {
  return pino({ level, ...OPTIONS });
}

/**
 * The same logger writing readable lines (pino-pretty, synchronous on stdout, so nothing is lost
 * at exit) for a person at a terminal. pino-pretty is loaded only here: a JSON-only process never
 * imports it. Falls back to JSON when it cannot be loaded.
 */
export async function createPrettyLogger(level: string): Promise<Logger> {
  try {
    const { default: pretty } = await import("pino-pretty");
    return pino({ level, ...OPTIONS }, pretty({ sync: true, ignore: "pid,hostname,service" }));
  } catch {
    return createLogger(level);
  }
}

/** A logger that drops everything, for tests that do not inspect logs. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
