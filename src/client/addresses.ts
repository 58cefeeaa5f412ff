import { parseHostPort } from "../net/host-port.js";

/**
 * Parses a NameServer address list as RocketMQ writes it in NAMESRV_ADDR ("a:9876;b:9876") or as a
 * flag value ("a:9876,b:9876"): separated by ";" or ",", blanks ignored, duplicates dropped (first
 * wins). Throws an Error naming the bad entry; an empty list is an error too.
 */
export function parseNameServerList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[;,]/)) {
    const addr = raw.trim();
    if (addr === "") continue;
    const hp = parseHostPort(addr);
    if (hp === undefined || hp.port === 0) {
      throw new Error(`bad NameServer address ${JSON.stringify(addr)}: want host:port with port 1..65535`);
    }
    if (!out.includes(addr)) out.push(addr);
  }
  if (out.length === 0) throw new Error("no NameServer address given");
  return out;
}

/** Checks an address list passed to an SDK constructor: non-empty, each "host:port". Returns a copy. */
export function checkNameServerList(addrs: readonly string[]): string[] {
  return parseNameServerList(addrs.join(","));
}

/**
 * A uniformly random element of `list` other than those in `exclude`, or undefined when none is
 * left. Failover picks at random (not "the next") so that the clients of a dead NameServer spread
 * over the others instead of all landing on its neighbour.
 */
export function pickRandom(
  list: readonly string[],
  random: () => number,
  exclude: ReadonlySet<string> = new Set(),
): string | undefined {
  const candidates = list.filter((a) => !exclude.has(a));
  if (candidates.length === 0) return undefined;
  return candidates[Math.min(candidates.length - 1, Math.floor(random() * candidates.length))];
}
