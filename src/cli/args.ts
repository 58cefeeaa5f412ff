import { type ParseArgsConfig, parseArgs } from "node:util";
import { parseNameServerList } from "../client/addresses.js";
import type { ClientSecurity } from "../client/security.js";
import { type Command, type OptionSpec, UsageError } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { EXIT_CODE_HELP } from "./exit-codes.js";
import { SECURITY_ENV_HELP, SECURITY_OPTIONS, securityFromFlags } from "./security-flags.js";

/** Deadline of each call when --timeout-ms is not given, ms. */
export const DEFAULT_TIMEOUT_MS = 3000;

/** Flags every command accepts, before or after the command name. */
const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  namesrv: {
    type: "string",
    short: "n",
    value: "ADDRS",
    help: "NameServers, host:port separated by , or ; (default: env NAMESRV_ADDR)",
  },
  json: { type: "boolean", help: "machine-readable output: one JSON document (watch: one per line)" },
  "timeout-ms": {
    type: "string",
    value: "N",
    help: `deadline of each call to a NameServer, ms (default ${DEFAULT_TIMEOUT_MS})`,
  },
  ...SECURITY_OPTIONS,
  help: { type: "boolean", short: "h", help: "print help and exit" },
  version: { type: "boolean", help: "print the version and exit" },
};

/** What the command line asks for. */
export type Invocation =
  | { readonly kind: "help"; readonly text: string }
  | { readonly kind: "version" }
  | {
      readonly kind: "run";
      readonly command: Command;
      readonly namesrvAddrs: string[];
      readonly json: boolean;
      readonly timeoutMs: number;
      /** TLS and token from the --tls* flags, --token-file and NAMESRV_TOKEN (files not read yet). */
      readonly security: ClientSecurity;
      readonly values: Record<string, string | boolean | undefined>;
      readonly args: string[];
    };

/**
 * Parses `namesrvctl [flags] COMMAND [args] [flags]`. Pure: env is passed in. Throws UsageError
 * with one line for anything wrong.
 */
export function parseInvocation(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Invocation {
  const at = commandIndex(argv);
  const name = at === -1 ? undefined : argv[at];
  if (name === "help") {
    const topic = argv[at + 1];
    return { kind: "help", text: topic === undefined ? usage() : commandUsage(findCommand(topic)) };
  }
  const command = name === undefined ? undefined : findCommand(name);
  const rest = at === -1 ? [...argv] : [...argv.slice(0, at), ...argv.slice(at + 1)];
  const options = { ...GLOBAL_OPTIONS, ...(command?.options ?? {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: toParseArgs(options),
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    const e = err as { code?: string; message: string };
    const see = `see namesrvctl ${command ? `${command.name} ` : ""}--help`;
    const unknown = /'([^']+)'/.exec(e.message)?.[1];
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown !== undefined) {
      throw new UsageError(`unknown flag ${unknown} (${see})`);
    }
    throw new UsageError(`${e.message.replace(/\s*\n\s*/g, " ").replace(/\.$/, "")} (${see})`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help === true) return { kind: "help", text: command ? commandUsage(command) : usage() };
  if (values.version === true) return { kind: "version" };
  if (command === undefined) throw new UsageError("no command given (see namesrvctl --help)");
  const args = parsed.positionals;
  if (args.length < command.minArgs || args.length > command.maxArgs) {
    throw new UsageError(
      `${command.name}: expected ${command.synopsis || "no arguments"}, got ${
        args.length === 0 ? "none" : args.map((a) => JSON.stringify(a)).join(" ")
      }`,
    );
  }
  const addrText = typeof values.namesrv === "string" ? values.namesrv : env.NAMESRV_ADDR;
  if (addrText === undefined || addrText.trim() === "") {
    throw new UsageError(
      "no NameServer address: pass --namesrv host:port[,host:port...] or set NAMESRV_ADDR",
    );
  }
  let namesrvAddrs: string[];
  try {
    namesrvAddrs = parseNameServerList(addrText);
  } catch (err) {
    const from = typeof values.namesrv === "string" ? "--namesrv" : "NAMESRV_ADDR";
    throw new UsageError(`${from}: ${(err as Error).message}`);
  }
  const timeoutText = values["timeout-ms"];
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (typeof timeoutText === "string") {
    timeoutMs = Number(timeoutText);
    if (!/^\d+$/.test(timeoutText) || timeoutMs < 1 || timeoutMs > 3_600_000) {
      throw new UsageError(
        `--timeout-ms: want a whole number of ms in 1..3600000, got ${JSON.stringify(timeoutText)}`,
      );
    }
  }
  const security = securityFromFlags(values, env);
  return {
    kind: "run",
    command,
    namesrvAddrs,
    json: values.json === true,
    timeoutMs,
    security,
    values,
    args,
  };
}

/** Index of the command word: the first argument that is neither a flag nor a global flag's value. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") return i + 1 < argv.length ? i + 1 : -1;
    if (!a.startsWith("-")) return i;
    const long = a.startsWith("--") ? a.slice(2) : undefined;
    const short = !long && a.length === 2 ? a.slice(1) : undefined;
    const spec = Object.entries(GLOBAL_OPTIONS).find(([n, o]) => n === long || (short && o.short === short));
    if (spec?.[1].type === "string") i++; // skip its value
  }
  return -1;
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    throw new UsageError(
      `unknown command ${JSON.stringify(name)} (commands: ${COMMANDS.map((c) => c.name).join(", ")})`,
    );
  }
  return command;
}

function toParseArgs(options: Record<string, OptionSpec>): NonNullable<ParseArgsConfig["options"]> {
  return Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      { type: o.type, ...(o.short !== undefined ? { short: o.short } : {}) },
    ]),
  ) as NonNullable<ParseArgsConfig["options"]>;
}

/** `namesrvctl --help`. */
export function usage(): string {
  const left = (c: Command) =>
    [
      c.name,
      c.synopsis,
      ...Object.entries(c.options ?? {}).map(
        ([n, o]) => `[--${n}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}]`,
      ),
    ]
      .filter((x) => x !== "")
      .join(" ");
  const width = 30;
  const commandLines = COMMANDS.flatMap((c) =>
    left(c).length <= width
      ? [`  ${left(c).padEnd(width)}  ${c.summary}`]
      : [`  ${left(c)}`, `  ${"".padEnd(width)}  ${c.summary}`],
  );
  return [
    "Usage: namesrvctl [--namesrv ADDRS] [--json] [--timeout-ms N] [--tls...] [--token-file FILE] COMMAND [ARGS]",
    "",
    "Operates a set of NameServers. Reads go to one NameServer chosen at random and fail over to a",
    "random other one when it is unreachable; fan-out commands (status, and every admin command) go",
    "to every NameServer given and report each one's result.",
    "",
    "Plaintext and no token by default. A NameServer with TLS needs --tls (system CAs) or --tls-ca;",
    "one that asks for client certificates also --tls-cert and --tls-key. One with auth needs a",
    "token with a role that may make the call: --token-file FILE or NAMESRV_TOKEN (never on the",
    "command line, where `ps` would show it), or a client certificate it maps to a principal.",
    "",
    "Commands:",
    ...commandLines,
    "",
    "Flags (any command):",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    "Environment:",
    "  NAMESRV_ADDR   NameServers when --namesrv is not given (RocketMQ's variable), e.g. a:9876;b:9876",
    ...SECURITY_ENV_HELP,
    "",
    ...EXIT_CODE_HELP,
    "",
    "Run `namesrvctl COMMAND --help` for a command's flags.",
    "",
  ].join("\n");
}

/** `namesrvctl COMMAND --help`. */
export function commandUsage(command: Command): string {
  return [
    `Usage: namesrvctl ${command.name} ${command.synopsis}${command.options ? " [FLAGS]" : ""}`.replace(
      "  ",
      " ",
    ),
    "",
    `${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.`,
    "",
    ...(command.options ? ["Flags:", ...optionLines(command.options), ""] : []),
    "Flags (any command):",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    ...EXIT_CODE_HELP,
    "",
  ].join("\n");
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  const left = (n: string, o: OptionSpec) =>
    `${o.short ? `-${o.short}, ` : "    "}--${n}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
  const width = Math.max(...Object.entries(options).map(([n, o]) => left(n, o).length));
  return Object.entries(options).map(([n, o]) => `  ${left(n, o).padEnd(width)}  ${o.help}`);
}
