import { appendFileSync, closeSync, fsyncSync, openSync } from "node:fs";

/**
 * Failpoints of the atomic file writer, for power-loss tests only. Production has none: the hooks
 * come from two environment variables that nothing but tests sets (an exception to "env is read in
 * the entry point": a test must be able to arm a failpoint in a real NameServer process).
 *
 * - NAMESRV_FAILPOINT=<step>[:<n>] kills the process with SIGKILL at the n-th (default first) time
 *   any AtomicFile reaches <step>: after-write, after-fsync, after-rename or after-dir-fsync.
 * - NAMESRV_FAILPOINT_JOURNAL=<file> appends one JSON line per step (fsynced before the step goes
 *   on), so that a test can rebuild what a power loss would have left: only fsynced content, and
 *   only renames followed by a directory fsync (test/helpers/power-loss.ts).
 */

/** The steps of AtomicFile's replace, in order. */
export const ATOMIC_STEPS = ["after-write", "after-fsync", "after-rename", "after-dir-fsync"] as const;
export type AtomicStep = (typeof ATOMIC_STEPS)[number];

export interface AtomicFileHooks {
  /** Called after each step of a replace of `path` with `text`. */
  step?(step: AtomicStep, path: string, text: string): void;
  /** Replaces the directory fsync (tests make it fail). */
  syncDirectory?(dir: string): Promise<void>;
}

/** One journal line. */
export interface JournalEntry {
  readonly step: AtomicStep;
  readonly path: string;
  readonly text: string;
}

/** The hooks armed by the environment; none (the production case) when neither variable is set. */
export function failpointHooksFromEnv(env: NodeJS.ProcessEnv = process.env): AtomicFileHooks {
  const point = env.NAMESRV_FAILPOINT ?? "";
  const journal = env.NAMESRV_FAILPOINT_JOURNAL ?? "";
  if (point === "" && journal === "") return {};
  const [name = "", nth = "1"] = point.split(":");
  if (point !== "" && !(ATOMIC_STEPS as readonly string[]).includes(name)) {
    throw new Error(
      `NAMESRV_FAILPOINT: unknown step ${JSON.stringify(name)} (one of ${ATOMIC_STEPS.join(", ")})`,
    );
  }
  let left = Number(nth);
  return {
    step(step, path, text) {
      if (journal !== "") appendDurably(journal, `${JSON.stringify({ step, path, text })}\n`);
      if (step === name && --left === 0) process.kill(process.pid, "SIGKILL");
    },
  };
}

function appendDurably(file: string, line: string): void {
  appendFileSync(file, line);
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
