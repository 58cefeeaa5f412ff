import { createHash } from "node:crypto";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { RegisterBrokerRequest } from "../../gen/ts/namesrv/v1/broker_service.js";
import { TopicConfig } from "../../gen/ts/namesrv/v1/route.js";
import type { TopicTableFault, TopicTableSource } from "../route/validate.js";

/** Field number of RegisterBrokerRequest.topic_configs. */
const TOPIC_CONFIGS = 7;
/** Its wire tag, one byte: field 7, length-delimited. */
const TOPIC_TAG = (TOPIC_CONFIGS << 3) | WireType.LengthDelimited;

/** A RegisterBrokerRequest decoded at the edge: every field but the topic table, and the table as a source. */
export interface DecodedRegistration {
  /** The request's fields; its `topicConfigs` is empty (the entries are in `topicTable`). */
  readonly message: RegisterBrokerRequest;
  /** The topic table, still encoded: decoded only when the registry reads it. */
  readonly topicTable: TopicTableSource;
}

/**
 * Decodes a RegisterBrokerRequest but leaves its topic table encoded until the registry reads it
 * (a TopicTableSource: plain domain data, whose failure is a value, never a thrown transport
 * error). Brokers re-register their whole table periodically with an unchanged data version, which
 * the registry answers without reading the table: decoding 10,000 topics for that cost more than
 * everything else in the call (bench:register). The table's digest (SHA-1 of its entries' bytes)
 * lets the registry tell an unchanged table without decoding it. The other fields are decoded by
 * the generated code from the same bytes with the table's entries cut out.
 *
 * The table's entries are only hopped over (tag byte, length, skip), without a slice or any other
 * allocation per entry: the decoder keeps the start and end of each run of consecutive entries
 * (one run when the encoder writes fields in order, as every protobuf encoder does). An entry's
 * framing (its length against the message's end) is checked here, as the generated decoder would;
 * a malformed entry's content surfaces when the table is read, as a fault naming the entry.
 */
export function decodeRegisterBrokerRequest(bytes: Uint8Array): DecodedRegistration {
  const reader = new BinaryReader(bytes);
  /** [start, end) byte offsets of runs of topic entries, tags included, in message order. */
  const runs: number[] = [];
  const rest: Uint8Array[] = [];
  let restBytes = 0;
  while (reader.pos < reader.len) {
    const start = reader.pos;
    if (bytes[start] === TOPIC_TAG) {
      const end = skipTopicEntries(bytes, start);
      if (end > start) {
        runs.push(start, end);
        reader.pos = end;
        continue;
      }
    }
    const [fieldNo, wireType] = reader.tag();
    if (fieldNo === TOPIC_CONFIGS && wireType === WireType.LengthDelimited) {
      // An entry the fast hop above left to the generic reader (an unusual length encoding, or
      // one that overruns the message: then this throws as the generated decoder does).
      reader.bytes();
      runs.push(start, reader.pos);
      continue;
    }
    reader.skip(wireType, fieldNo);
    rest.push(bytes.subarray(start, reader.pos));
    restBytes += reader.pos - start;
  }
  const others = new Uint8Array(restBytes);
  let at = 0;
  for (const part of rest) {
    others.set(part, at);
    at += part.byteLength;
  }
  const message = RegisterBrokerRequest.decode(others);
  return { message, topicTable: new EncodedTopicTable(bytes, runs) };
}

/** A topic table left encoded in the request's bytes. */
class EncodedTopicTable implements TopicTableSource {
  private decoded: TopicConfig[] | TopicTableFault | undefined;
  private hash: string | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    /** [start, end) byte offsets of runs of entries. */
    private readonly runs: readonly number[],
  ) {}

  get digest(): string {
    if (this.hash === undefined) {
      const h = createHash("sha1");
      for (let r = 0; r < this.runs.length; r += 2)
        h.update(this.bytes.subarray(this.runs[r], this.runs[r + 1]));
      this.hash = h.digest("base64");
    }
    return this.hash;
  }

  read(): TopicConfig[] | TopicTableFault {
    this.decoded ??= decodeTopics(this.bytes, this.runs);
    return this.decoded;
  }
}

/**
 * Hops over consecutive topic entries from `pos` (a TOPIC_TAG byte): returns the offset after the
 * last one whose length is a varint of at most 4 bytes (< 256 MiB) and that ends within `bytes`.
 * Anything else is left to the generic reader.
 */
function skipTopicEntries(bytes: Uint8Array, from: number): number {
  const len = bytes.length;
  let pos = from;
  while (pos < len && bytes[pos] === TOPIC_TAG) {
    let p = pos + 1;
    let size = 0;
    let shift = 0;
    let b = 0x80;
    while (b & 0x80) {
      if (p >= len || shift > 21) return pos;
      b = bytes[p++] as number;
      size += (b & 0x7f) * 2 ** shift;
      shift += 7;
    }
    const end = p + size;
    if (end > len) return pos;
    pos = end;
  }
  return pos;
}

/**
 * Decodes the entries of every run with one reader (no reader nor slice per entry). An entry is
 * malformed if decoding it fails or reads past its end (which decoding it alone would have refused).
 */
function decodeTopics(bytes: Uint8Array, runs: readonly number[]): TopicConfig[] | TopicTableFault {
  const topics: TopicConfig[] = [];
  for (let r = 0; r < runs.length; r += 2) {
    const reader = new BinaryReader(bytes.subarray(runs[r], runs[r + 1]));
    while (reader.pos < reader.len) {
      reader.tag();
      const size = reader.uint32();
      const end = reader.pos + size;
      let topic: TopicConfig | undefined;
      try {
        topic = TopicConfig.decode(reader, size);
      } catch {
        // reported below
      }
      if (topic === undefined || reader.pos !== end) {
        return { field: `topic_configs[${topics.length}]`, rule: "malformed TopicConfig message" };
      }
      topics.push(topic);
    }
  }
  return topics;
}
