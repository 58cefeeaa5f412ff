import { inflateSync } from "node:zlib";
import { parseFastjson } from "./fastjson.js";

/**
 * A broker's REGISTER_BROKER body (RocketMQ's RegisterBrokerBody), in either of its forms:
 * - JSON: {"topicConfigSerializeWrapper":{"dataVersion":{...},"topicConfigTable":{name:{...}}},
 *   "filterServerList":[...]};
 * - compressed (brokers with compressedRegister): zlib of i32-length-prefixed parts: the data
 *   version's JSON, the topic count, each topic as TopicConfig's space-separated text
 *   ("name read write perm filterType attributes"), then parts this NameServer does not use.
 * Every count and length is checked against what is there; the inflated size is capped.
 */

export interface DataVersionJson {
  readonly stateVersion: bigint;
  readonly timestamp: bigint;
  readonly counter: bigint;
}

export interface TopicConfigJson {
  readonly topicName: string;
  readonly readQueueNums: number;
  readonly writeQueueNums: number;
  readonly perm: number;
  readonly topicSysFlag: number;
}

export interface RegisterBody {
  readonly dataVersion: DataVersionJson;
  readonly topicConfigs: TopicConfigJson[];
}

/** A body that does not decode; the request is refused, the connection kept. */
export class BodyError extends Error {
  override readonly name = "BodyError";
}

export const ZERO_VERSION: DataVersionJson = { stateVersion: 0n, timestamp: 0n, counter: 0n };

/** Decodes a register body; `compressed` as the header says, or detected by zlib's first byte. */
export function decodeRegisterBody(
  body: Buffer | undefined,
  compressed: boolean,
  maxInflatedBytes: number,
): RegisterBody {
  if (body === undefined || body.length === 0) return { dataVersion: ZERO_VERSION, topicConfigs: [] };
  // Brokers set compressed=false in the header even when compressedRegister made the body zlib
  // (BrokerOuterAPI), so a body that starts like zlib (0x78) rather than JSON ("{") is inflated.
  if (compressed || body[0] === 0x78) return decodeCompressed(body, maxInflatedBytes);
  const json = parseBodyJson(body) as {
    topicConfigSerializeWrapper?: { dataVersion?: unknown; topicConfigTable?: unknown };
  };
  const wrapper = json?.topicConfigSerializeWrapper;
  if (wrapper === undefined || wrapper === null || typeof wrapper !== "object") {
    throw new BodyError("body.topicConfigSerializeWrapper: required");
  }
  const table = wrapper.topicConfigTable ?? {};
  if (typeof table !== "object" || table === null || Array.isArray(table)) {
    throw new BodyError("body.topicConfigSerializeWrapper.topicConfigTable: must be an object");
  }
  const topicConfigs = Object.entries(table as Record<string, unknown>).map(([name, t]) =>
    topicConfigOf(name, t),
  );
  return { dataVersion: dataVersionOf(wrapper.dataVersion), topicConfigs };
}

/** Parses a JSON body written by fastjson; BodyError when it is not. */
export function parseBodyJson(body: Buffer): unknown {
  try {
    return parseFastjson(body.toString("utf8"));
  } catch {
    throw new BodyError("body: not valid JSON");
  }
}

/** RocketMQ's DataVersion JSON; missing fields are 0. */
export function dataVersionOf(v: unknown): DataVersionJson {
  if (v === undefined || v === null) return ZERO_VERSION;
  if (typeof v !== "object" || Array.isArray(v)) throw new BodyError("dataVersion: must be an object");
  const o = v as Record<string, unknown>;
  const big = (x: unknown, field: string): bigint => {
    if (x === undefined || x === null) return 0n;
    if (typeof x === "number" && Number.isSafeInteger(x)) return BigInt(x);
    if (typeof x === "string" && /^-?\d{1,19}$/.test(x)) return BigInt(x);
    throw new BodyError(`dataVersion.${field}: must be an integer`);
  };
  return {
    stateVersion: big(o.stateVersion, "stateVersion"),
    timestamp: big(o.timestamp, "timestamp"),
    counter: big(o.counter, "counter"),
  };
}

function topicConfigOf(name: string, t: unknown): TopicConfigJson {
  if (typeof t !== "object" || t === null || Array.isArray(t)) {
    throw new BodyError(`topicConfigTable.${name}: must be an object`);
  }
  const o = t as Record<string, unknown>;
  const num = (x: unknown, field: string, dflt: number): number => {
    if (x === undefined || x === null) return dflt;
    if (typeof x !== "number" || !Number.isInteger(x)) {
      throw new BodyError(`topicConfigTable.${name}.${field}: must be an integer`);
    }
    return x;
  };
  return {
    topicName: typeof o.topicName === "string" ? o.topicName : name,
    readQueueNums: num(o.readQueueNums, "readQueueNums", 16),
    writeQueueNums: num(o.writeQueueNums, "writeQueueNums", 16),
    perm: num(o.perm, "perm", 6),
    topicSysFlag: num(o.topicSysFlag, "topicSysFlag", 0),
  };
}

function decodeCompressed(body: Buffer, maxInflatedBytes: number): RegisterBody {
  let data: Buffer;
  try {
    data = inflateSync(body, { maxOutputLength: maxInflatedBytes });
  } catch (err) {
    const tooBig = (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
    throw new BodyError(
      tooBig ? `body: inflates past the limit ${maxInflatedBytes} bytes` : "body: not valid zlib data",
    );
  }
  let pos = 0;
  const part = (what: string): Buffer => {
    if (pos + 4 > data.length) throw new BodyError(`body.${what}: truncated`);
    const len = data.readInt32BE(pos);
    pos += 4;
    if (len < 0 || pos + len > data.length) throw new BodyError(`body.${what}: length ${len} past the end`);
    const b = data.subarray(pos, pos + len);
    pos += len;
    return b;
  };
  const dataVersion = dataVersionOf(parseBodyJson(part("dataVersion")));
  if (pos + 4 > data.length) throw new BodyError("body.topicCount: truncated");
  const count = data.readInt32BE(pos);
  pos += 4;
  if (count < 0 || count * 4 > data.length - pos)
    throw new BodyError(`body.topicCount: ${count} is impossible`);
  const topicConfigs: TopicConfigJson[] = [];
  for (let i = 0; i < count; i++) {
    const text = part(`topics[${i}]`).toString("utf8");
    const f = text.split(" ");
    const ints = f.slice(1, 4).map((s) => (/^-?\d{1,10}$/.test(s) ? Number(s) : Number.NaN));
    if (f.length < 5 || ints.some((n) => Number.isNaN(n))) {
      throw new BodyError(`body.topics[${i}]: not "name read write perm filterType"`);
    }
    topicConfigs.push({
      topicName: f[0] as string,
      readQueueNums: ints[0] as number,
      writeQueueNums: ints[1] as number,
      perm: ints[2] as number,
      // The compressed form does not carry topicSysFlag.
      topicSysFlag: 0,
    });
  }
  return { dataVersion, topicConfigs };
}
