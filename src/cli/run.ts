import { versionLine } from "../version.js";
import { parseInvocation } from "./args.js";
import { type CliIO, UsageError } from "./command.js";
import { EXIT } from "./exit-codes.js";
import { resolveSecurityFlags } from "./security-flags.js";

/**
 * Runs one namesrvctl invocation: parses `argv` (with `env` for NAMESRV_ADDR and NAMESRV_TOKEN),
 * reads the TLS and token files it names, runs the command
 * and resolves with its exit code. Usage errors become one line on `io.err` and exit 2. Pure but
 * for the calls it makes: the entry point (main.ts) passes the process's argv, env and streams.
 */
export async function runCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CliIO,
): Promise<number> {
  let inv: ReturnType<typeof parseInvocation>;
  try {
    inv = parseInvocation(argv, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`namesrvctl: ${err.message}`);
    return EXIT.USAGE;
  }
  if (inv.kind === "help") {
    io.out(inv.text.trimEnd());
    return EXIT.OK;
  }
  if (inv.kind === "version") {
    io.out(versionLine("namesrvctl").trimEnd());
    return EXIT.OK;
  }
  let security: ReturnType<typeof resolveSecurityFlags>;
  try {
    security = resolveSecurityFlags(inv.security);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`namesrvctl: ${err.message}`);
    return EXIT.USAGE;
  }
  for (const peer of security.plaintextTokenPeers(inv.namesrvAddrs)) {
    io.err(`namesrvctl: warning: the token goes to ${peer} without TLS (use --tls-ca FILE or --tls)`);
  }
  try {
    return await inv.command.run({ ...inv, security, io });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`namesrvctl: ${inv.command.name}: ${err.message}`);
    return EXIT.USAGE;
  }
}
