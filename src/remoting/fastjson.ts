/**
 * JSON as RocketMQ's fastjson writes and reads it. fastjson writes a map with non-string keys
 * with the keys unquoted (`"brokerAddrs":{0:"127.0.0.1:10911"}`), which older clients expect;
 * with BrowserCompatible (clients from 4.9.4 on, or acceptStandardJsonOnly) the keys are quoted.
 * `IdMap` marks such a map; everything else is written as JSON.stringify would, object keys sorted
 * (fastjson's MapSortField, and stable output for tests).
 */

/** A map with numeric keys (broker id -> address). */
export class IdMap {
  constructor(readonly entries: ReadonlyMap<number, string>) {}
}

export type FastjsonValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | IdMap
  | readonly FastjsonValue[]
  | { readonly [key: string]: FastjsonValue };

/** Writes `value`; `standard` quotes the keys of IdMaps (valid JSON), otherwise they are bare numbers. */
export function writeFastjson(value: FastjsonValue, standard: boolean): string {
  const parts: string[] = [];
  write(value, standard, parts);
  return parts.join("");
}

function write(v: FastjsonValue, standard: boolean, out: string[]): void {
  if (v === null || v === undefined) out.push("null");
  else if (typeof v === "string") out.push(JSON.stringify(v));
  else if (typeof v === "number") out.push(Number.isFinite(v) ? String(v) : "null");
  else if (typeof v === "bigint" || typeof v === "boolean") out.push(String(v));
  else if (v instanceof IdMap) {
    out.push("{");
    let first = true;
    for (const [k, s] of [...v.entries].sort((a, b) => a[0] - b[0])) {
      if (!first) out.push(",");
      first = false;
      out.push(standard ? `"${k}":` : `${k}:`, JSON.stringify(s));
    }
    out.push("}");
  } else if (Array.isArray(v)) {
    out.push("[");
    v.forEach((item: FastjsonValue, i: number) => {
      if (i > 0) out.push(",");
      write(item, standard, out);
    });
    out.push("]");
  } else {
    out.push("{");
    let first = true;
    const obj = v as { readonly [key: string]: FastjsonValue };
    for (const key of Object.keys(obj).sort()) {
      const item = obj[key];
      if (item === undefined) continue; // fastjson omits null fields
      if (!first) out.push(",");
      first = false;
      out.push(JSON.stringify(key), ":");
      write(item, standard, out);
    }
    out.push("}");
  }
}

/**
 * Parses JSON that fastjson wrote: standard JSON plus object keys that are bare integers (quoted
 * here before JSON.parse). Throws SyntaxError on anything else that is not JSON.
 */
export function parseFastjson(text: string): unknown {
  return JSON.parse(quoteBareKeys(text));
}

/** Quotes `{0:` and `,-1:` style keys outside strings; leaves strings and everything else alone. */
function quoteBareKeys(text: string): string {
  if (!/[{,]\s*-?\d/.test(text)) return text;
  let out = "";
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === "\\") {
        out += text[i + 1] ?? "";
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i++;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      i++;
      continue;
    }
    out += c;
    i++;
    if (c === "{" || c === ",") {
      const m = /^(\s*)(-?\d+)(\s*):/.exec(text.slice(i, i + 40));
      if (m !== null) {
        out += `${m[1]}"${m[2]}"${m[3]}:`;
        i += m[0].length;
      }
    }
  }
  return out;
}
