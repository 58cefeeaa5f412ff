import { DomainError, invalidArgument } from "../errors/domain-error.js";
import { MAX_NAME_LENGTH, MAX_QUEUE_NUMS, NAME_PATTERN, parseName } from "../route/validate.js";

/**
 * The KV namespace whose entries are ordered-topic configurations (RocketMQ's
 * NamesrvUtil.NAMESPACE_ORDER_TOPIC_CONFIG): key = topic name, value = "brokerName:queueNums;...".
 * Each entry becomes its topic's TopicRouteData.order_topic_conf and is returned to registering
 * brokers.
 */
export const ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";

const ITEM = new RegExp(`^(${NAME_PATTERN.source.slice(1, -1)}):(\\d{1,4})$`);

/**
 * Checks an ORDER_TOPIC_CONFIG entry. RocketMQ clients split the value on ";" and ":" and parse the
 * numbers without any error handling, so a malformed value would break every client of the topic:
 * it is refused here. Accepts "broker-a:4;broker-b:8" (an optional trailing ";" too), queue counts
 * 0..1024. Throws INVALID_ARGUMENT naming `key` or `value`.
 */
export function checkOrderTopicConf(key: string, value: string): void {
  parseName(key, `key (a topic name in namespace ${ORDER_TOPIC_CONFIG})`);
  const rule = 'must be "brokerName:queueNums" items separated by ";" (e.g. "broker-a:4;broker-b:4")';
  if (value === "") throw invalidArgument("value", `${rule}; delete the entry to remove the configuration`);
  const items = value.endsWith(";") ? value.slice(0, -1).split(";") : value.split(";");
  items.forEach((item, i) => {
    const m = ITEM.exec(item);
    if (m === null) throw invalidArgument("value", `${rule}; item ${i + 1} is ${JSON.stringify(item)}`);
    if ((m[1] as string).length > MAX_NAME_LENGTH)
      throw invalidArgument("value", `item ${i + 1}: broker name too long`);
    if (Number(m[2]) > MAX_QUEUE_NUMS) {
      throw invalidArgument("value", `item ${i + 1}: queue count must be 0..${MAX_QUEUE_NUMS}`);
    }
  });
}

/**
 * Why an ORDER_TOPIC_CONFIG entry cannot be a route's order_topic_conf, or undefined when it can.
 * RocketMQ stores any value there (its own KVConfigManagerTest puts "test") and, with
 * orderMessageEnable off by default, never reads it; such entries load from a RocketMQ
 * kvConfig.json and stay in the KV config, but routes and registering brokers never see them.
 */
export function orderTopicConfProblem(key: string, value: string): string | undefined {
  try {
    checkOrderTopicConf(key, value);
    return undefined;
  } catch (err) {
    if (err instanceof DomainError) return err.message;
    throw err;
  }
}

/** The entries of ORDER_TOPIC_CONFIG that routes may carry (see orderTopicConfProblem). */
export function routableOrderTopicConfs(entries: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of entries)
    if (orderTopicConfProblem(key, value) === undefined) out.set(key, value);
  return out;
}
