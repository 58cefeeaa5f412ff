import type { Clock } from "../clock/clock.js";
import type { NameServerConfig } from "../config/config.js";
import type { Logger } from "../log/logger.js";
import { FileReloader } from "../reload/file-reloader.js";
import { type TlsFiles, type TlsMaterial, tlsMaterialFrom, tlsPaths } from "./tls-material.js";

/**
 * The server's TLS material, reloaded when its files change (null when tlsMode is "disabled"). A
 * changed certificate and key are applied once they match each other, so a rotation that writes
 * them one at a time is applied when the second lands; until then, and for any unusable file, the
 * previous material stays in force. Throws TlsMaterialError at start for unusable files.
 */
export function tlsReloader(
  config: Pick<
    NameServerConfig,
    "tlsMode" | "tlsCertFile" | "tlsKeyFile" | "tlsClientCaFile" | "reloadCheckIntervalMs"
  >,
  clock: Clock,
  log: Logger,
  onReload: (material: TlsMaterial) => void,
  wallClockMs: () => number = Date.now,
): FileReloader<TlsMaterial> | null {
  if (config.tlsMode === "disabled") return null;
  const files: TlsFiles = {
    certFile: config.tlsCertFile,
    keyFile: config.tlsKeyFile,
    clientCaFile: config.tlsClientCaFile,
  };
  const describe = (m: TlsMaterial) => ({ certificate: m.certificate });
  const reloader = new FileReloader<TlsMaterial>({
    paths: tlsPaths(files),
    clock,
    intervalMs: config.reloadCheckIntervalMs,
    log,
    what: "TLS certificate",
    parse: (contents) => tlsMaterialFrom(contents, files, wallClockMs()),
    onReload: (m) => {
      onReload(m);
      if (m.certificate.expired) log.warn(describe(m), "the reloaded TLS certificate has expired");
    },
    describe,
  });
  const first = reloader.current;
  log.info({ tlsMode: config.tlsMode, ...describe(first) }, "TLS certificate loaded");
  if (first.certificate.expired) log.warn(describe(first), "the TLS certificate has expired");
  return reloader;
}
