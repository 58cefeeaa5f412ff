/**
 * Flags of a benchmark scenario: `--name value` (or `--name=value`); booleans are `--flag`,
 * `--no-flag` or `--flag=false`; lists are comma-separated. Each
 * scenario declares its options with defaults and help; `--help` prints them. Unknown flags fail.
 */

export interface OptionSpec {
  /** Default value; its type decides how the flag is parsed (number, string, number[] or boolean). */
  readonly default: number | string | boolean | readonly number[];
  readonly help: string;
}

export type OptionValues<S extends Record<string, OptionSpec>> = {
  -readonly [K in keyof S]: S[K]["default"] extends number
    ? number
    : S[K]["default"] extends boolean
      ? boolean
      : S[K]["default"] extends readonly number[]
        ? number[]
        : string;
};

/** Parses `argv` against `specs`; prints help and exits 0 on `--help`; throws on a bad flag. */
export function parseOptions<S extends Record<string, OptionSpec>>(
  scenario: string,
  specs: S,
  argv: readonly string[],
): OptionValues<S> {
  const values: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(specs)) {
    values[k] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  }
  const byFlag = new Map(Object.keys(specs).map((k) => [kebab(k), k]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(usage(scenario, specs));
      process.exit(0);
    }
    if (!arg.startsWith("--")) throw new Error(`${scenario}: unexpected argument ${arg}`);
    const eq = arg.indexOf("=");
    const flag = arg.slice(2, eq < 0 ? undefined : eq);
    const negated = flag.startsWith("no-") ? byFlag.get(flag.slice(3)) : undefined;
    if (negated !== undefined && typeof specs[negated]?.default === "boolean" && eq < 0) {
      values[negated] = false;
      continue;
    }
    const key = byFlag.get(flag);
    if (key === undefined) throw new Error(`${scenario}: unknown flag --${flag} (see --help)`);
    const spec = specs[key] as OptionSpec;
    if (typeof spec.default === "boolean" && eq < 0) {
      values[key] = true;
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (raw === undefined) throw new Error(`${scenario}: --${flag} needs a value`);
    values[key] = convert(scenario, flag, spec.default, raw);
  }
  return values as OptionValues<S>;
}

function convert(scenario: string, flag: string, def: OptionSpec["default"], raw: string): unknown {
  const num = (s: string) => {
    const n = Number(s);
    if (!Number.isFinite(n)) throw new Error(`${scenario}: --${flag}: not a number: ${s}`);
    return n;
  };
  if (typeof def === "number") return num(raw);
  if (typeof def === "boolean") return raw === "true" || raw === "1";
  if (Array.isArray(def)) return raw.split(",").map(num);
  return raw;
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function usage(scenario: string, specs: Record<string, OptionSpec>): string {
  const lines = [`Usage: npm run bench:${scenario} -- [flags]`, ""];
  for (const [k, spec] of Object.entries(specs)) {
    const def = Array.isArray(spec.default) ? spec.default.join(",") : String(spec.default);
    lines.push(`  --${kebab(k).padEnd(28)} ${spec.help} (default ${def})`);
  }
  return `${lines.join("\n")}\n`;
}
