import { brokerDataOf } from "./presentation.js";
import type { GroupView, TableView } from "./route-table.js";
import type { BrokerData } from "./types.js";

/**
 * The admin plane's list queries over the route table's state (AdminService, RouteService lists):
 * pure functions of a read-only view, apart from the table's writes.
 */

/** RocketMQ topic system flags (TopicSysFlag): bit 0 unit topic, bit 1 unit-sub topic. */
export const TopicSysFlag = { UNIT: 1, UNIT_SUB: 2 } as const;

/** The topic-list selections of ListUnitTopics, on a topic's combined (OR) system flags. */
export type UnitTopicFilter = "unit" | "has-unit-sub" | "has-unit-sub-not-unit";

const UNIT_FILTERS: Record<UnitTopicFilter, (flags: number) => boolean> = {
  unit: (f) => (f & TopicSysFlag.UNIT) !== 0,
  "has-unit-sub": (f) => (f & TopicSysFlag.UNIT_SUB) !== 0,
  "has-unit-sub-not-unit": (f) => (f & TopicSysFlag.UNIT_SUB) !== 0 && (f & TopicSysFlag.UNIT) === 0,
};

/**
 * RocketMQ's system topic list: the names of all clusters and their groups (or those of one
 * cluster), sorted, and one broker address of those groups (the first group's master, else its
 * smallest id; "" when there is none).
 */
export function systemTopics(
  view: TableView,
  clusterName?: string,
): { topics: string[]; brokerAddr: string } {
  const names = new Set<string>();
  let brokerAddr = "";
  for (const name of [...view.groups.keys()].sort()) {
    const g = view.groups.get(name);
    if (g === undefined || (clusterName !== undefined && g.clusterName !== clusterName)) continue;
    names.add(g.clusterName);
    names.add(g.brokerName);
    if (brokerAddr === "") {
      const ids = [...g.addrs.keys()].sort((a, b) => a - b);
      brokerAddr = ids.length > 0 ? (g.addrs.get(ids[0] as number) ?? "") : "";
    }
  }
  return { topics: [...names].sort(), brokerAddr };
}

/**
 * Topics (sorted) whose system flags, OR-ed over their queue datas (only those on groups of
 * `clusterName` when given), match `filter`.
 */
export function unitTopics(view: TableView, filter: UnitTopicFilter, clusterName?: string): string[] {
  const matches = UNIT_FILTERS[filter];
  const topics: string[] = [];
  for (const [name, t] of view.topics) {
    let flags = 0;
    let counted = false;
    for (const qd of t.queueDatas.values()) {
      if (clusterName !== undefined && view.groups.get(qd.brokerName)?.clusterName !== clusterName) continue;
      flags |= qd.topicSysFlag;
      counted = true;
    }
    if (counted && matches(flags)) topics.push(name);
  }
  return topics.sort();
}

/** Every group (sorted by name) with its members, as routes show it before zone filtering. */
export function brokerGroups(view: TableView): BrokerData[] {
  return [...view.groups.keys()].sort().map((name) => brokerDataOf(view.groups.get(name) as GroupView));
}

/** Topic names, sorted; only those with queue data on a group of `clusterName` when given. */
export function topicNames(view: TableView, clusterName?: string): string[] {
  if (clusterName === undefined) return [...view.topics.keys()].sort();
  const names = new Set<string>();
  for (const g of view.groups.values()) {
    if (g.clusterName !== clusterName) continue;
    for (const t of g.topics) names.add(t);
  }
  return [...names].sort();
}

export function hasCluster(view: TableView, clusterName: string): boolean {
  for (const g of view.groups.values()) if (g.clusterName === clusterName) return true;
  return false;
}
