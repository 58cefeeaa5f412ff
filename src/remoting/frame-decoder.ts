import { decodeHeader, ProtocolError, type RemotingCommand, type Serialization } from "./command.js";

/** Limits of one connection's frames. */
export interface FrameLimits {
  /** Largest frame (everything after the 4-byte length), bytes. */
  readonly maxFrameBytes: number;
  /** Largest header, bytes. */
  readonly maxHeaderBytes: number;
}

/**
 * Cuts a byte stream into RemotingCommands: a 4-byte big-endian length of the rest, then a word
 * whose top byte is the serialization (0 JSON, 1 ROCKETMQ) and whose low 24 bits are the header
 * length, then the header, then the body. A frame longer than `maxFrameBytes` is refused as soon
 * as its length is read (nothing of it is buffered), so memory per connection stays below one
 * frame. Any violation throws ProtocolError; the caller closes the connection, as RocketMQ does.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly limits: FrameLimits) {}

  /** Bytes held of a frame not complete yet. */
  get pending(): number {
    return this.buffered;
  }

  /** Appends `data` and returns the commands it completes, in order. */
  push(data: Buffer): RemotingCommand[] {
    this.chunks.push(data);
    this.buffered += data.length;
    const out: RemotingCommand[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const length = this.peekLength();
      if (length < 4) throw new ProtocolError(`frame length ${length}: must be at least 4`);
      if (length > this.limits.maxFrameBytes) {
        throw new ProtocolError(`frame length ${length}: larger than the limit ${this.limits.maxFrameBytes}`);
      }
      if (this.buffered < 4 + length) break;
      const frame = this.take(4 + length).subarray(4);
      out.push(this.decodeFrame(frame));
    }
    return out;
  }

  private decodeFrame(frame: Buffer): RemotingCommand {
    const word = frame.readUInt32BE(0);
    const type = word >>> 24;
    const headerLength = word & 0xffffff;
    let serialization: Serialization;
    if (type === 0) serialization = "JSON";
    else if (type === 1) serialization = "ROCKETMQ";
    else throw new ProtocolError(`serialization type ${type}: unknown (0 JSON, 1 ROCKETMQ)`);
    if (headerLength > this.limits.maxHeaderBytes) {
      throw new ProtocolError(
        `header length ${headerLength}: larger than the limit ${this.limits.maxHeaderBytes}`,
      );
    }
    if (headerLength > frame.length - 4) {
      throw new ProtocolError(
        `header length ${headerLength}: longer than its frame (${frame.length - 4} bytes)`,
      );
    }
    const header = frame.subarray(4, 4 + headerLength);
    const body = frame.length > 4 + headerLength ? frame.subarray(4 + headerLength) : undefined;
    return decodeHeader(serialization, header, body);
  }

  private peekLength(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= 4) return first.readInt32BE(0);
    return Buffer.concat(this.chunks).readInt32BE(0);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    const frame = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    // The frame may share memory with the rest; copy so a held body does not pin a large chunk.
    return Buffer.from(frame);
  }
}
