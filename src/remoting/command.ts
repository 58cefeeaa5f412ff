/**
 * RocketMQ's RemotingCommand as it crosses the wire, and its two header serializations: JSON
 * (what Java and Go clients send by default) and ROCKETMQ (a compact binary form). Frames are cut
 * by `FrameDecoder`; this file turns one frame's header into a command and back.
 */

/** How a command's header is serialized (the top byte of the header-length word). */
export type Serialization = "JSON" | "ROCKETMQ";

/** flag bit 0: this command is a response. */
export const FLAG_RESPONSE = 1;
/** flag bit 1: the request wants no response (oneway). */
export const FLAG_ONEWAY = 2;

/** Most ext fields one header may carry; a NameServer request has fewer than 20. */
export const MAX_EXT_FIELDS = 256;

/** RocketMQ's LanguageCode: the JSON header names the language, the binary one numbers it. */
const LANGUAGES = [
  "JAVA",
  "CPP",
  "DOTNET",
  "PYTHON",
  "DELPHI",
  "ERLANG",
  "RUBY",
  "OTHER",
  "HTTP",
  "GO",
  "PHP",
  "OMS",
  "RUST",
  "NODE_JS",
] as const;
const LANGUAGE_OTHER = 7;

export interface RemotingCommand {
  readonly code: number;
  /** LanguageCode number; unknown languages read as OTHER. */
  readonly language: number;
  readonly version: number;
  /** Correlates a response with its request. */
  readonly opaque: number;
  readonly flag: number;
  readonly remark: string | undefined;
  /** Header fields of the request or response (RocketMQ's CommandCustomHeader, as strings). */
  readonly extFields: ReadonlyMap<string, string>;
  readonly body: Buffer | undefined;
  readonly serialization: Serialization;
}

/** A header that breaks the protocol; the connection is closed (the opaque may be unknown). */
export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
}

export function isOneway(cmd: RemotingCommand): boolean {
  return (cmd.flag & FLAG_ONEWAY) !== 0;
}

export function isResponse(cmd: RemotingCommand): boolean {
  return (cmd.flag & FLAG_RESPONSE) !== 0;
}

/** Decodes a header of `serialization`; ProtocolError naming the rule when it is malformed. */
export function decodeHeader(
  serialization: Serialization,
  header: Buffer,
  body: Buffer | undefined,
): RemotingCommand {
  return serialization === "JSON" ? decodeJsonHeader(header, body) : decodeBinaryHeader(header, body);
}

function decodeJsonHeader(header: Buffer, body: Buffer | undefined): RemotingCommand {
  let parsed: unknown;
  try {
    parsed = JSON.parse(header.toString("utf8"));
  } catch {
    throw new ProtocolError("header: not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ProtocolError("header: must be a JSON object");
  }
  const h = parsed as Record<string, unknown>;
  const extFields = new Map<string, string>();
  if (h.extFields !== undefined && h.extFields !== null) {
    if (typeof h.extFields !== "object" || Array.isArray(h.extFields)) {
      throw new ProtocolError("header.extFields: must be an object");
    }
    const entries = Object.entries(h.extFields as Record<string, unknown>);
    if (entries.length > MAX_EXT_FIELDS)
      throw new ProtocolError(`header.extFields: more than ${MAX_EXT_FIELDS}`);
    for (const [k, v] of entries) {
      if (v === null || v === undefined) continue;
      if (typeof v === "string") extFields.set(k, v);
      else if (typeof v === "number" || typeof v === "boolean") extFields.set(k, String(v));
      else throw new ProtocolError(`header.extFields.${k}: must be a string`);
    }
  }
  return {
    code: int(h.code, "code", -0x8000, 0x7fff, undefined),
    language: jsonLanguage(h.language),
    version: int(h.version, "version", -0x8000, 0x7fff, 0),
    opaque: int(h.opaque, "opaque", -0x80000000, 0x7fffffff, 0),
    flag: int(h.flag, "flag", -0x80000000, 0x7fffffff, 0),
    remark: typeof h.remark === "string" ? h.remark : undefined,
    extFields,
    body,
    serialization: "JSON",
  };
}

function int(v: unknown, field: string, min: number, max: number, dflt: number | undefined): number {
  if ((v === undefined || v === null) && dflt !== undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new ProtocolError(`header.${field}: must be an integer ${min}..${max}`);
  }
  return v;
}

function jsonLanguage(v: unknown): number {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < LANGUAGES.length) return v;
  const i = typeof v === "string" ? LANGUAGES.indexOf(v as (typeof LANGUAGES)[number]) : -1;
  return i >= 0 ? i : LANGUAGE_OTHER;
}

/**
 * ROCKETMQ serialization: code i16, language u8, version i16, opaque i32, flag i32, remark
 * (i32 length + UTF-8), ext fields (i32 total length, then per entry i16 key length + key, i32
 * value length + value). Every length is checked against what is left of the header.
 */
function decodeBinaryHeader(header: Buffer, body: Buffer | undefined): RemotingCommand {
  const r = new Reader(header);
  const code = r.i16("code");
  const language = r.u8("language");
  const version = r.i16("version");
  const opaque = r.i32("opaque");
  const flag = r.i32("flag");
  const remarkLen = r.i32("remark length");
  const remark = remarkLen > 0 ? r.str(remarkLen, "remark") : undefined;
  const extLen = r.i32("extFields length");
  const extFields = new Map<string, string>();
  if (extLen > 0) {
    const end = r.pos + r.need(extLen, "extFields");
    while (r.pos < end) {
      if (extFields.size >= MAX_EXT_FIELDS)
        throw new ProtocolError(`header.extFields: more than ${MAX_EXT_FIELDS}`);
      const k = r.str(r.i16("extFields key length"), "extFields key");
      const v = r.str(r.i32("extFields value length"), "extFields value");
      if (r.pos > end) throw new ProtocolError("header.extFields: an entry runs past its length");
      extFields.set(k, v);
    }
  }
  return {
    code,
    language: language < LANGUAGES.length ? language : LANGUAGE_OTHER,
    version,
    opaque,
    flag,
    remark,
    extFields,
    body,
    serialization: "ROCKETMQ",
  };
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  need(n: number, what: string): number {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new ProtocolError(`header.${what}: ${n} bytes announced, ${this.buf.length - this.pos} left`);
    }
    return n;
  }
  u8(what: string): number {
    this.need(1, what);
    return this.buf.readUInt8(this.pos++);
  }
  i16(what: string): number {
    this.need(2, what);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  i32(what: string): number {
    this.need(4, what);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  str(len: number, what: string): string {
    this.need(len, what);
    const s = this.buf.toString("utf8", this.pos, this.pos + len);
    this.pos += len;
    return s;
  }
}

/** A response to `request`: same opaque and serialization, the response flag set. */
export function responseTo(
  request: RemotingCommand,
  code: number,
  remark?: string,
  extFields: ReadonlyMap<string, string> = new Map(),
  body?: Buffer,
): RemotingCommand {
  return {
    code,
    language: 0,
    version: request.version,
    opaque: request.opaque,
    flag: FLAG_RESPONSE,
    remark,
    extFields,
    body,
    serialization: request.serialization,
  };
}

/** The whole frame of `cmd`: total length, serialization and header length, header, body. */
export function encodeCommand(cmd: RemotingCommand): Buffer {
  const header = cmd.serialization === "JSON" ? encodeJsonHeader(cmd) : encodeBinaryHeader(cmd);
  const bodyLen = cmd.body?.length ?? 0;
  const prefix = Buffer.allocUnsafe(8);
  prefix.writeInt32BE(4 + header.length + bodyLen, 0);
  prefix.writeUInt32BE(((cmd.serialization === "JSON" ? 0 : 1) << 24) | header.length, 4);
  return Buffer.concat(cmd.body === undefined ? [prefix, header] : [prefix, header, cmd.body]);
}

function encodeJsonHeader(cmd: RemotingCommand): Buffer {
  const h: Record<string, unknown> = {
    code: cmd.code,
    extFields: Object.fromEntries(cmd.extFields),
    flag: cmd.flag,
    language: LANGUAGES[cmd.language] ?? "OTHER",
    opaque: cmd.opaque,
    serializeTypeCurrentRPC: "JSON",
    version: cmd.version,
  };
  if (cmd.remark !== undefined) h.remark = cmd.remark;
  return Buffer.from(JSON.stringify(h), "utf8");
}

function encodeBinaryHeader(cmd: RemotingCommand): Buffer {
  const remark = cmd.remark === undefined ? Buffer.alloc(0) : Buffer.from(cmd.remark, "utf8");
  const entries = [...cmd.extFields].map(
    ([k, v]) => [Buffer.from(k, "utf8"), Buffer.from(v, "utf8")] as const,
  );
  const extLen = entries.reduce((n, [k, v]) => n + 2 + k.length + 4 + v.length, 0);
  const out = Buffer.allocUnsafe(2 + 1 + 2 + 4 + 4 + 4 + remark.length + 4 + extLen);
  let p = out.writeInt16BE(cmd.code, 0);
  p = out.writeUInt8(cmd.language, p);
  p = out.writeInt16BE(cmd.version, p);
  p = out.writeInt32BE(cmd.opaque, p);
  p = out.writeInt32BE(cmd.flag, p);
  p = out.writeInt32BE(remark.length, p);
  p += remark.copy(out, p);
  p = out.writeInt32BE(extLen, p);
  for (const [k, v] of entries) {
    p = out.writeInt16BE(k.length, p);
    p += k.copy(out, p);
    p = out.writeInt32BE(v.length, p);
    p += v.copy(out, p);
  }
  return out;
}
