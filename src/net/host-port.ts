import { isIPv4, isIPv6 } from "node:net";

/**
 * Splits "host:port" where host is an RFC 1123 hostname, an IPv4 address or a bracketed IPv6
 * address ("[::1]:9876") and port is 0..65535 in decimal. Returns undefined for anything else.
 * Used for both listen addresses (config) and broker addresses (requests).
 */
export function parseHostPort(s: string): { host: string; port: number } | undefined {
  const colon = s.lastIndexOf(":");
  if (colon <= 0) return undefined;
  const host = s.slice(0, colon);
  const port = s.slice(colon + 1);
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65_535) return undefined;
  const bracketed = host.startsWith("[") && host.endsWith("]");
  const valid = bracketed ? isIPv6(host.slice(1, -1)) : isIPv4(host) || isHostname(host);
  return valid ? { host, port: Number(port) } : undefined;
}

/** RFC 1123 hostname; an all-numeric name is rejected so that "256.1.1.1" is not mistaken for a host. */
function isHostname(s: string): boolean {
  const label = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  return s.length <= 253 && !/^[\d.]+$/.test(s) && s.split(".").every((l) => label.test(l));
}

/**
 * True when `host` (as parseHostPort returns it) only ever means this machine: "localhost",
 * 127.0.0.0/8 or [::1]. A listener on such a host is reachable from this machine alone, which is
 * what lets authentication stay off without a warning.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === "localhost") return true;
  if (isIPv4(bare)) return bare.startsWith("127.");
  return isIPv6(bare) && /^(0{0,4}:){2,7}0{0,3}1$|^::1$/.test(bare);
}
