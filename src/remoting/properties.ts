/**
 * Java Properties text as RocketMQ's config requests carry it (MixAll.properties2String /
 * string2Properties): one "key=value" (or "key:value") a line, "#" and "!" start comments.
 * Escapes are not interpreted: no setting a NameServer accepts needs them.
 */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
    const m = /^([^=:\s]+)\s*[=:]?\s*(.*)$/.exec(line);
    if (m !== null) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

/** "key=value" lines, as RocketMQ's getAllConfigsFormatString writes them. */
export function formatProperties(values: ReadonlyMap<string, string>): string {
  return [...values].map(([k, v]) => `${k}=${v}\n`).join("");
}
