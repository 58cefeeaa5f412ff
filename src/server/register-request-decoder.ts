import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { RegisterBrokerRequest } from "../../gen/ts/namesrv/v1/broker_service.js";
import { TopicConfig } from "../../gen/ts/namesrv/v1/route.js";
import { invalidArgument } from "../errors/domain-error.js";

/** Field number of RegisterBrokerRequest.topic_configs. */
const TOPIC_CONFIGS = 7;

/**
 * Decodes a RegisterBrokerRequest but leaves its topic table encoded until something reads
 * `topicConfigs`. Brokers re-register their whole table periodically with an unchanged data
 * version, which the registry answers without reading the table: decoding 10,000 topics for that
 * cost more than everything else in the call (bench:register). The other fields are decoded by the
 * generated code from the same bytes with the table's entries cut out.
 *
 * A malformed topic entry surfaces when the table is read, as INVALID_ARGUMENT naming the entry.
 */
export function decodeRegisterBrokerRequest(bytes: Uint8Array): RegisterBrokerRequest {
  const reader = new BinaryReader(bytes);
  const entries: Uint8Array[] = [];
  const rest: Uint8Array[] = [];
  let restBytes = 0;
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const [fieldNo, wireType] = reader.tag();
    if (fieldNo === TOPIC_CONFIGS && wireType === WireType.LengthDelimited) {
      entries.push(reader.bytes());
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
      topics ??= entries.map((entry, i) => {
        try {
          return TopicConfig.decode(entry);
        } catch {
          throw invalidArgument(`topic_configs[${i}]`, "malformed TopicConfig message");
        }
      });
      return topics;
    },
  });
  return message;
}
