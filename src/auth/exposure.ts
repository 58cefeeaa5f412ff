import type { NameServerConfig } from "../config/config.js";
import { isLoopbackHost, parseHostPort } from "../net/host-port.js";

/**
 * What is unsafe about a config's exposure, one sentence each (logged at warn at start):
 * authentication off on a listener other machines can reach (RocketMQ's NameServer in that state
 * let anyone register fake brokers, drain clusters and rewrite config: CVE-2023-33246,
 * CVE-2023-37582), and bearer tokens accepted over plaintext on such a listener.
 */
export function exposureWarnings(
  config: Pick<NameServerConfig, "listen" | "authFile" | "tlsMode">,
): string[] {
  const host = parseHostPort(config.listen)?.host ?? config.listen;
  if (isLoopbackHost(host)) return [];
  const warnings: string[] = [];
  if (config.authFile === "") {
    warnings.push(
      `AUTHENTICATION IS OFF on ${config.listen}, which other machines can reach: anyone who connects can register or unregister brokers, drain write permission, delete topics and change config. Set authFile (docs/security.md), or listen on 127.0.0.1 only`,
    );
  } else if (config.tlsMode !== "enforcing") {
    warnings.push(
      `bearer tokens may travel in plaintext on ${config.listen} (tlsMode ${config.tlsMode}): anyone on the network path can read and reuse them. Set tlsMode enforcing`,
    );
  }
  return warnings;
}

/**
 * What is unsafe about the HTTP listener's exposure (logged at warn at start): /metrics and the
 * dashboard show the whole route table, so off loopback they want authFile, and tokens want TLS.
 */
export function httpExposureWarnings(
  config: Pick<NameServerConfig, "httpListen" | "authFile" | "tlsMode">,
): string[] {
  const host = parseHostPort(config.httpListen)?.host;
  if (host === undefined || isLoopbackHost(host)) return [];
  if (config.authFile === "") {
    return [
      `the HTTP listener ${config.httpListen} (metrics, dashboard) is reachable from other machines with AUTHENTICATION OFF: anyone can read the route table and every broker address. Set authFile, or httpListen on 127.0.0.1`,
    ];
  }
  if (config.tlsMode !== "enforcing") {
    return [
      `bearer tokens may travel in plaintext to the HTTP listener ${config.httpListen} (tlsMode ${config.tlsMode}). Set tlsMode enforcing`,
    ];
  }
  return [];
}
