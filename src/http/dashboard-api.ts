import type { Registry } from "../registry/registry.js";
import type { TopicRoute } from "../route/types.js";

/** One broker as the dashboard lists it. */
export interface BrokerView {
  readonly id: number;
  readonly addr: string;
  /** "master", "slave" or "acting master" (a slave presented as master, acting-master mode). */
  readonly role: string;
  /** Time since last heard from, ms; null when it holds no lease (should not happen for a listed broker). */
  readonly lastHeartbeatAgeMs: number | null;
  /** Its heartbeat stream broke: it leaves the routes when the grace ends. */
  readonly streamLost: boolean;
}

export interface GroupView {
  readonly brokerName: string;
  readonly zone: string;
  /** Write permission wiped by an operator. */
  readonly drained: boolean;
  readonly actingMaster: boolean;
  readonly brokers: BrokerView[];
}

export interface ClusterView {
  readonly name: string;
  readonly groups: GroupView[];
}

/** /api/overview: the server and its clusters -> broker groups -> brokers. */
export interface OverviewView {
  readonly version: string;
  readonly epoch: string;
  readonly revision: number;
  readonly uptimeMs: number;
  readonly ready: boolean;
  readonly topics: number;
  readonly clusters: ClusterView[];
}

/** The table as the dashboard shows it, read through the registry's public methods. */
export function overview(
  registry: Registry,
  server: { version: string; uptimeMs: number; ready: boolean },
): OverviewView {
  const { groups, epoch, revision } = registry.queries.brokerGroups();
  const clusters = new Map<string, GroupView[]>();
  for (const g of groups) {
    const brokers: BrokerView[] = [...g.brokerAddrs].map(([id, addr]) => {
      const live = registry.brokerLiveness(addr);
      const role = id !== 0 ? "slave" : g.actingMaster === true ? "acting master" : "master";
      return {
        id,
        addr,
        role,
        lastHeartbeatAgeMs: live === undefined ? null : Math.round(live.lastSeenAgeMs),
        streamLost: live?.streamLost ?? false,
      };
    });
    const list = clusters.get(g.cluster) ?? [];
    list.push({
      brokerName: g.brokerName,
      zone: g.zoneName,
      drained: registry.isDrained(g.brokerName),
      actingMaster: g.actingMaster === true,
      brokers,
    });
    clusters.set(g.cluster, list);
  }
  return {
    version: server.version,
    epoch: epoch.toString(),
    revision,
    uptimeMs: Math.round(server.uptimeMs),
    ready: server.ready,
    topics: registry.topicCount(),
    clusters: [...clusters].sort(([a], [b]) => a.localeCompare(b)).map(([name, g]) => ({ name, groups: g })),
  };
}

/** Most topic names one /api/topics answer carries. */
export const MAX_TOPICS_LISTED = 500;

/** /api/topics?q=: names containing `query` (case-insensitive), the first MAX_TOPICS_LISTED, and the match count. */
export function searchTopics(
  registry: Registry,
  query: string,
): { topics: string[]; matched: number; total: number } {
  const all = registry.queries.topicNames("").topics;
  const q = query.toLowerCase();
  const matched = q === "" ? all : all.filter((t) => t.toLowerCase().includes(q));
  return { topics: matched.slice(0, MAX_TOPICS_LISTED), matched: matched.length, total: all.length };
}

/** A route as JSON (maps as objects). */
export function routeView(route: TopicRoute, topicRevision: number, revision: number): unknown {
  return {
    topicRevision,
    revision,
    queueDatas: route.queueDatas,
    brokerDatas: route.brokerDatas.map((b) => ({
      cluster: b.cluster,
      brokerName: b.brokerName,
      zoneName: b.zoneName,
      actingMaster: b.actingMaster === true,
      brokerAddrs: Object.fromEntries(b.brokerAddrs),
    })),
    orderTopicConf: route.orderTopicConf,
  };
}

/** One line saying what a route is: "broker-a RW 4/4, broker-b R 8/8". */
export function routeSummary(route: TopicRoute): string {
  if (route.queueDatas.length === 0) return "no queues";
  return route.queueDatas
    .map((q) => `${q.brokerName} ${permText(q.perm)} ${q.readQueueNums}/${q.writeQueueNums}`)
    .join(", ");
}

function permText(perm: number): string {
  return `${perm & 4 ? "R" : ""}${perm & 2 ? "W" : ""}${perm & 1 ? "X" : ""}` || "-";
}
