import type { Clock } from "../clock/clock.js";
import type { NameServerConfig } from "../config/config.js";
import type { Logger } from "../log/logger.js";
import { FileReloader } from "../reload/file-reloader.js";
import { AuthFileError, parseAuthFile } from "./auth-file.js";
import { AuthGate } from "./auth-gate.js";
import type { PrincipalTable } from "./principals.js";

/** The auth gate and the reloader that keeps its principals current. */
export interface Auth {
  readonly gate: AuthGate;
  close(): void;
}

/**
 * Loads the auth file (null when authFile is ""), and replaces the gate's principals whenever the
 * file changes and is valid; an invalid change is logged and the previous principals stay.
 * Throws AuthFileError ("<path>: <field>: <rule>") at start for a missing or invalid file.
 */
export function authReloader(
  config: Pick<NameServerConfig, "authFile" | "reloadCheckIntervalMs">,
  clock: Clock,
  log: Logger,
): Auth | null {
  if (config.authFile === "") return null;
  const path = config.authFile;
  let gate: AuthGate | undefined;
  const count = (t: PrincipalTable) => ({
    tokens: t.byTokenSha256.size,
    certificateNames: t.byCertCommonName.size,
    accessKeys: t.byAccessKey.size,
  });
  const reloader = new FileReloader<PrincipalTable>({
    paths: [path],
    clock,
    intervalMs: config.reloadCheckIntervalMs,
    log,
    what: "auth file",
    parse: (contents) => {
      const text = contents.get(path);
      if (text === undefined || text instanceof Error) {
        throw new AuthFileError(`authFile ${path}: cannot read (${text?.message ?? "not read"})`);
      }
      try {
        return parseAuthFile(text.toString("utf8"));
      } catch (err) {
        if (err instanceof AuthFileError) throw new AuthFileError(`authFile ${path}: ${err.message}`);
        throw err;
      }
    },
    onReload: (table) => gate?.replace(table),
    describe: count,
  });
  gate = new AuthGate(reloader.current);
  log.info({ authFile: path, ...count(reloader.current) }, "authentication on");
  return { gate, close: () => reloader.close() };
}
