import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { RegisterBrokerRequest } from "../../gen/ts/namesrv/v1/broker_service.js";
import { TopicConfig } from "../../gen/ts/namesrv/v1/route.js";
import { invalidArgument } from "../errors/domain-error.js";

/** Field number of RegisterBrokerRequest.topic_configs. */
const TOPIC_CONFIGS = 7;
/** Its wire tag, one byte: field 7, length-delimited. */
const TOPIC_TAG = (TOPIC_CONFIGS << 3) | WireType.LengthDelimited;

/**
 * Decodes a RegisterBrokerRequest but leaves its topic table encoded until something reads
 * `topicConfigs`. Brokers re-register their whole table periodically with an unchanged data
 * version, which the registry answers without reading the table: decoding 10,000 topics for that
 * cost more than everything else in the call (bench:register). The other fields are decoded by the
 * generated code from the same bytes with the table's entries cut out.
 *
 * The table's entries are only hopped over (tag byte, length, skip), without a slice or any other
 * allocation per entry: the decoder keeps the start and end of each run of consecutive entries
 * (one run when the encoder writes fields in order, as every protobuf encoder does). An entry's
 * framing (its length against the message's end) is checked here, as the generated decoder would;
 * a malformed entry's content surfaces when the table is read, as INVALID_ARGUMENT naming the entry.
 */
export function decodeRegisterBrokerRequest(bytes: Uint8Array): RegisterBrokerRequest {
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
  let topics: TopicConfig[] | undefined;
  Object.defineProperty(message, "topicConfigs", {
    enumerable: true,
    get: () => {
      topics ??= decodeTopics(bytes, runs);
      return topics;
    },
  });
  return message;
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
function decodeTopics(bytes: Uint8Array, runs: readonly number[]): TopicConfig[] {
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
        throw invalidArgument(`topic_configs[${topics.length}]`, "malformed TopicConfig message");
      }
      topics.push(topic);
    }
  }
  return topics;
}
