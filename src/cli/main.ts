#!/usr/bin/env node
/**
 * namesrvctl: the NameServer admin CLI (`namesrvctl --help`). The only place that reads argv and
 * the environment and installs signal handlers; everything else is in run.ts and the commands.
 */
import { once } from "node:events";
import type { CliIO } from "./command.js";
import { EXIT } from "./exit-codes.js";
import { runCli } from "./run.js";
import { dropIpServerNameWarning } from "./warnings.js";

dropIpServerNameWarning();

const io: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stopped: new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  }),
};

/** Exits once stdout and stderr have flushed (a pipe may still hold the last lines). */
async function exit(code: number): Promise<never> {
  for (const s of [process.stdout, process.stderr]) {
    if (s.writableNeedDrain) await once(s, "drain");
  }
  process.exit(code);
}

// grpc-js and the SDK unref their timers: hold the process open until the command is done.
const keepAlive = setInterval(() => {}, 1 << 30);
runCli(process.argv.slice(2), process.env, io)
  .then(exit, (err: unknown) => {
    process.stderr.write(`namesrvctl: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return exit(EXIT.FAILED);
  })
  .finally(() => clearInterval(keepAlive));
