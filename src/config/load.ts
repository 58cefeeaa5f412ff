/**
 * Builds the effective config from, later sources winning: defaults < JSON config file < NAMESRV_*
 * environment < command-line flags. Pure: the entry point passes in argv, env and a file reader, so
 * tests need no process state and nothing else in the server reads env or flags.
 */

import { type ParseArgsConfig, parseArgs } from "node:util";
import {
  CONFIG_FIELDS,
  CONFIG_KEYS,
  ConfigError,
  type ConfigKey,
  checkField,
  DEFAULT_CONFIG,
  envName,
  type FieldKind,
  flagName,
  type NameServerConfig,
  parseText,
  validateConfig,
} from "./config.js";

export interface LoadedConfig {
  /** The effective, validated config; just the defaults when `help` is set. */
  config: NameServerConfig;
  /** `--print-config` was given: the entry point prints `formatConfig(config)` and exits. */
  printConfig: boolean;
  /** `--help`/`-h` was given: the entry point prints `usage()` and exits. No file or env was read. */
  help: boolean;
  /** The config file that was read, from `--config` or else NAMESRV_CONFIG. */
  configFile?: string;
}

/** Names the config file. Not a field: it says where fields come from. */
const CONFIG_ENV = "NAMESRV_CONFIG";

/** One field per flag, all taking text that is parsed by the field's kind, plus the three control flags. */
const OPTIONS: NonNullable<ParseArgsConfig["options"]> = {
  config: { type: "string" },
  "print-config": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  ...Object.fromEntries(CONFIG_KEYS.map((key) => [flagName(key).slice(2), { type: "string" as const }])),
};

/** One source of settings: the raw values it sets and how to name a key of it in an error. */
interface Layer {
  raw: Partial<Record<ConfigKey, unknown>>;
  where: (key: ConfigKey) => string;
}

/**
 * Parses flags, reads the config file (via `readFile`) and the NAMESRV_* variables of `env`, merges
 * them over the defaults and validates the result. Unknown flags and unknown file keys are errors;
 * unknown NAMESRV_* variables are ignored (RocketMQ clients use NAMESRV_ADDR), and empty ones count
 * as unset. Throws ConfigError with one line naming the source, the key and the rule.
 */
export function loadConfig(
  argv: string[],
  env: Record<string, string | undefined>,
  readFile: (path: string) => string,
): LoadedConfig {
  const flags = parseFlags(argv);
  const printConfig = flags["print-config"] === true;
  if (flags.help === true) return { config: { ...DEFAULT_CONFIG }, printConfig, help: true };

  const configFile = typeof flags.config === "string" ? flags.config : env[CONFIG_ENV] || undefined;
  const layers = [
    ...(configFile === undefined ? [] : [fileLayer(configFile, readFile)]),
    envLayer(env),
    flagLayer(flags),
  ];

  const config: NameServerConfig = { ...DEFAULT_CONFIG };
  const origin = Object.fromEntries(CONFIG_KEYS.map((key) => [key, "default"])) as Record<ConfigKey, string>;
  for (const layer of layers) {
    for (const [key, raw] of Object.entries(layer.raw) as [ConfigKey, unknown][]) {
      const value = typeof raw === "string" ? parseText(key, raw) : raw;
      const problem = checkField(key, value, raw);
      if (problem !== undefined) throw new ConfigError(`${layer.where(key)}: ${problem}`, [key]);
      Object.assign(config, { [key]: value });
      origin[key] = layer.where(key);
    }
  }
  return { config: validateMerged(config, origin), printConfig, help: false, configFile };
}

/** Validates the merged config; a broken cross-field rule also says where each of its values came from. */
function validateMerged(config: NameServerConfig, origin: Record<ConfigKey, string>): NameServerConfig {
  try {
    return validateConfig(config);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const from = err.keys.map((key) => `${key} from ${origin[key]}`).join("; ");
    throw new ConfigError(`effective config: ${err.message} [${from}]`, err.keys);
  }
}

function parseFlags(argv: string[]): Record<string, unknown> {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === undefined || !e.code.startsWith("ERR_PARSE_ARGS_")) throw err;
    const unknown =
      e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? /'([^']+)'/.exec(e.message ?? "")?.[1] : undefined;
    if (unknown !== undefined) throw new ConfigError(`flag ${unknown}: unknown flag (see --help)`);
    // Node's own message already names the flag; keep it to one line.
    throw new ConfigError(`command line: ${(e.message ?? "").replace(/\s*\n\s*/g, " ")}`);
  }
}

function fileLayer(path: string, readFile: (path: string) => string): Layer {
  const where = `config file ${path}`;
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    throw new ConfigError(`${where}: cannot read (${messageOf(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${where}: not valid JSON (${messageOf(err)})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ConfigError(`${where}: must be a JSON object of settings`);
  }
  for (const key of Object.keys(json)) {
    // Object.hasOwn, not `in`: a key such as "toString" must not pass as a field.
    if (!Object.hasOwn(CONFIG_FIELDS, key)) {
      throw new ConfigError(
        `${where}: unknown key ${JSON.stringify(key)} (known: ${CONFIG_KEYS.join(", ")})`,
      );
    }
  }
  return { raw: json, where: (key) => `${where}, key ${key}` };
}

function envLayer(env: Record<string, string | undefined>): Layer {
  const raw: Partial<Record<ConfigKey, string>> = {};
  for (const key of CONFIG_KEYS) {
    const value = env[envName(key)];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  return { raw, where: (key) => `env ${envName(key)}` };
}

function flagLayer(flags: Record<string, unknown>): Layer {
  const raw: Partial<Record<ConfigKey, string>> = {};
  for (const key of CONFIG_KEYS) {
    const value = flags[flagName(key).slice(2)];
    if (typeof value === "string") raw[key] = value;
  }
  return { raw, where: (key) => `flag ${flagName(key)}` };
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ");
}

/** The config as pretty JSON in field order; the output is itself a valid config file. */
export function formatConfig(config: NameServerConfig): string {
  return JSON.stringify(Object.fromEntries(CONFIG_KEYS.map((key) => [key, config[key]])), null, 2);
}

/** Help text: every flag with its value, rule, default, environment variable and config-file key. */
export function usage(): string {
  const lines = [
    "Usage: namesrv [flags]",
    "",
    "Settings, later sources winning: defaults < JSON config file < NAMESRV_* environment < flags.",
    "Empty environment variables count as unset.",
    "",
    row("--config PATH", `JSON config file to read (env ${CONFIG_ENV})`),
    row("--print-config", "print the effective config as JSON and exit"),
    row("-h, --help", "print this help and exit"),
    row("--version", "print the version and exit"),
  ];
  for (const key of CONFIG_KEYS) {
    const { kind, doc } = CONFIG_FIELDS[key];
    lines.push(
      "",
      row(`${flagName(key)} ${placeholder(kind)}`, doc),
      row("", `${kindRule(kind)}; default ${JSON.stringify(DEFAULT_CONFIG[key])}`),
      row("", `env ${envName(key)}, config file key "${key}"`),
    );
  }
  return `${lines.join("\n")}\n`;
}

function row(left: string, right: string): string {
  return `  ${left.padEnd(33)} ${right}`.trimEnd();
}

/** The value placeholder of a flag in the help text ("N", "PATH", ...). */
export function placeholder(kind: FieldKind): string {
  const names: Partial<Record<FieldKind["type"], string>> = {
    integer: "N",
    "listen-address": "HOST:PORT",
    boolean: "true|false",
    path: "PATH",
  };
  return names[kind.type] ?? "VALUE";
}

/** The rule a value of `kind` must keep, as the help text and docs/configuration.md say it. */
export function kindRule(kind: FieldKind): string {
  switch (kind.type) {
    case "integer":
      return `integer ${kind.min}..${kind.max}`;
    case "listen-address":
      return `hostname, IPv4 or [IPv6] host; port 0..65535${kind.optional ? '; "" or off = none' : ""}`;
    case "enum":
      return `one of ${kind.values.join(", ")}`;
    case "boolean":
      return "true or false";
    case "path":
      return kind.optional ? "a path, or empty" : "a path";
  }
}
