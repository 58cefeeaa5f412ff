import { invalidArgument } from "../errors/domain-error.js";
import { checkOrderTopicConf, ORDER_TOPIC_CONFIG } from "./order-topic-conf.js";

/**
 * Rules of KV config entries, checked on every request and on every entry loaded from the file
 * (there, ORDER_TOPIC_CONFIG values that break their rule are loaded but not routed).
 * RocketMQ has none; ours keep the file bounded and every entry printable in logs and tools.
 */

/** Namespaces and keys: 1..255 characters, no C0 or C1 control characters (U+0000..U+001F, U+007F..U+009F). */
export const MAX_KV_NAME_LENGTH = 255;
/** Values: at most 64 KiB of UTF-8. */
export const MAX_KV_VALUE_BYTES = 65_536;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A namespace and key, as received. */
export interface KvKeyInput {
  namespace: string;
  key: string;
}

/** A namespace, key and value, as received. */
export interface KvEntryInput extends KvKeyInput {
  value: string;
}

/** Checks a namespace (field `namespace`). */
export function parseKvNamespace(namespace: string): string {
  return checkName(namespace, "namespace");
}

/** Checks a namespace and key; INVALID_ARGUMENT names the field and the rule. */
export function parseKvKey(input: KvKeyInput): KvKeyInput {
  return { namespace: parseKvNamespace(input.namespace), key: checkName(input.key, "key") };
}

/** Checks a whole entry, including the rules of its namespace (ORDER_TOPIC_CONFIG). */
export function parseKvEntry(input: KvEntryInput): KvEntryInput {
  const entry = parseKvEntryShape(input);
  if (entry.namespace === ORDER_TOPIC_CONFIG) checkOrderTopicConf(entry.key, entry.value);
  return entry;
}

/**
 * Checks the rules every entry follows (names, value size), not those of its namespace: what an
 * entry loaded from the file must pass (an ORDER_TOPIC_CONFIG value written by RocketMQ may be
 * anything; see orderTopicConfProblem).
 */
export function parseKvEntryShape(input: KvEntryInput): KvEntryInput {
  const { namespace, key } = parseKvKey(input);
  if (Buffer.byteLength(input.value, "utf8") > MAX_KV_VALUE_BYTES) {
    throw invalidArgument("value", `at most ${MAX_KV_VALUE_BYTES} bytes of UTF-8`);
  }
  return { namespace, key, value: input.value };
}

function checkName(value: string, field: string): string {
  if (value === "") throw invalidArgument(field, "required");
  if (value.length > MAX_KV_NAME_LENGTH)
    throw invalidArgument(field, `at most ${MAX_KV_NAME_LENGTH} characters`);
  if (CONTROL.test(value)) throw invalidArgument(field, "must not contain control characters");
  return value;
}
