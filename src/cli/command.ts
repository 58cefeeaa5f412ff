import type { ParseArgsConfig } from "node:util";
import type { ChannelSecurity } from "../client/security.js";

/** Where a command writes, and how it learns that it should stop (SIGINT/SIGTERM). */
export interface CliIO {
  /** Writes one line (a newline is added) to stdout. */
  out(line: string): void;
  /** Writes one line to stderr. */
  err(line: string): void;
  /** Resolves when the user asks the process to stop (SIGINT or SIGTERM). */
  readonly stopped: Promise<void>;
}

/** Everything a command gets: parsed global flags, its own flags and arguments, and its IO. */
export interface CommandContext {
  /** NameServers from --namesrv or NAMESRV_ADDR, at least one. */
  readonly namesrvAddrs: readonly string[];
  /** --json: machine-readable output. */
  readonly json: boolean;
  /** --timeout-ms: deadline of each call to a NameServer. */
  readonly timeoutMs: number;
  /** TLS and token of every channel (--tls*, --token-file, NAMESRV_TOKEN), files already read. */
  readonly security: ChannelSecurity;
  /** The command's own flags, as parsed by node:util parseArgs. */
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  /** The command's arguments. */
  readonly args: readonly string[];
  readonly io: CliIO;
}

/**
 * One namesrvctl command. A command is one small file exporting one of these; the list in
 * `commands/index.ts` makes it reachable (and lists it in --help).
 */
export interface Command {
  /** The word after `namesrvctl`. */
  readonly name: string;
  /** Synopsis of the arguments (not the flags) for help, e.g. "TOPIC" or "[TOPIC...]". */
  readonly synopsis: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The command's own flags (node:util parseArgs syntax) with a help line each. */
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** How many arguments it takes. */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Runs the command; resolves with the exit code (see exit-codes.ts). */
  run(ctx: CommandContext): Promise<number>;
}

/** A flag: its parseArgs type and help. String flags name their value in `value`. */
export type OptionSpec = NonNullable<ParseArgsConfig["options"]>[string] & {
  readonly help: string;
  readonly value?: string;
};

/** Bad command line: exit 2 with one line. */
export class UsageError extends Error {}
