import { BinaryReader, BinaryWriter } from "@bufbuild/protobuf/wire";

/**
 * google.rpc.Status with one google.rpc.ErrorInfo, the gRPC "richer error model": sent in the
 * `grpc-status-details-bin` trailer so that clients in every language can branch on `reason`
 * (TOPIC_NOT_FOUND, GROUP_NOT_FOUND, FENCED, LIMIT_EXCEEDED ...) without parsing the message.
 * Three small messages, written with the protobuf wire writer rather than a dependency on the
 * googleapis protos (their field numbers are frozen):
 *   Status    { int32 code = 1; string message = 2; repeated Any details = 3; }
 *   Any       { string type_url = 1; bytes value = 2; }
 *   ErrorInfo { string reason = 1; string domain = 2; map<string, string> metadata = 3; }
 */

/** The trailer key (binary: grpc-js base64-encodes it). */
export const STATUS_DETAILS_KEY = "grpc-status-details-bin";
/** ErrorInfo.domain of every error this server raises. */
export const ERROR_DOMAIN = "namesrv";
const ERROR_INFO_TYPE_URL = "type.googleapis.com/google.rpc.ErrorInfo";

export interface ErrorInfo {
  readonly reason: string;
  readonly domain: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** The google.rpc.Status bytes for a status `code`, its message and one ErrorInfo. */
export function encodeStatusDetails(code: number, message: string, info: ErrorInfo): Buffer {
  const infoWriter = new BinaryWriter().uint32((1 << 3) | 2).string(info.reason);
  infoWriter.uint32((2 << 3) | 2).string(info.domain);
  for (const key of Object.keys(info.metadata).sort()) {
    infoWriter
      .uint32((3 << 3) | 2)
      .fork()
      .uint32((1 << 3) | 2)
      .string(key)
      .uint32((2 << 3) | 2)
      .string(info.metadata[key] as string)
      .join();
  }
  const any = new BinaryWriter()
    .uint32((1 << 3) | 2)
    .string(ERROR_INFO_TYPE_URL)
    .uint32((2 << 3) | 2)
    .bytes(infoWriter.finish())
    .finish();
  const bytes = new BinaryWriter()
    .uint32((1 << 3) | 0)
    .int32(code)
    .uint32((2 << 3) | 2)
    .string(message)
    .uint32((3 << 3) | 2)
    .bytes(any)
    .finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The ErrorInfo in google.rpc.Status bytes, or undefined when there is none (or the bytes are not
 * a Status). Used by the SDK and by tests.
 */
export function decodeErrorInfo(bytes: Uint8Array): ErrorInfo | undefined {
  try {
    const status = new BinaryReader(bytes);
    while (status.pos < status.len) {
      const [field, wire] = status.tag();
      if (field !== 3 || wire !== 2) {
        status.skip(wire, field);
        continue;
      }
      const any = new BinaryReader(status.bytes());
      let typeUrl = "";
      let value: Uint8Array | undefined;
      while (any.pos < any.len) {
        const [f, w] = any.tag();
        if (f === 1 && w === 2) typeUrl = any.string();
        else if (f === 2 && w === 2) value = any.bytes();
        else any.skip(w, f);
      }
      if (typeUrl === ERROR_INFO_TYPE_URL && value !== undefined) return readErrorInfo(value);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function readErrorInfo(bytes: Uint8Array): ErrorInfo {
  const r = new BinaryReader(bytes);
  let reason = "";
  let domain = "";
  const metadata: Record<string, string> = {};
  while (r.pos < r.len) {
    const [f, w] = r.tag();
    if (f === 1 && w === 2) reason = r.string();
    else if (f === 2 && w === 2) domain = r.string();
    else if (f === 3 && w === 2) {
      const entry = new BinaryReader(r.bytes());
      let key = "";
      let value = "";
      while (entry.pos < entry.len) {
        const [ef, ew] = entry.tag();
        if (ef === 1 && ew === 2) key = entry.string();
        else if (ef === 2 && ew === 2) value = entry.string();
        else entry.skip(ew, ef);
      }
      metadata[key] = value;
    } else r.skip(w, f);
  }
  return { reason, domain, metadata };
}
