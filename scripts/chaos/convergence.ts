/**
 * The heal check of a chaos run: once the faults are over, every NameServer's table must equal the
 * live brokers' registrations (less the topic deletes that no registration has undone yet) and
 * every watcher must equal its NameServer.
 */
import { credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import type { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import { RouteServiceClient } from "../../gen/ts/namesrv/v1/route_service.js";
import type { LiveBroker } from "./checker.js";
import type { NameServerMember } from "./cluster.js";
import { type RecordedWatcher, routeKey } from "./recorder.js";

function call<Res>(fn: (cb: (err: ServiceError | null, res?: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => fn((err, res) => (err ? reject(err) : resolve(res as Res))));
}

const deadline = (ms: number) => ({ deadline: Date.now() + ms });

/**
 * "" when every NameServer holds exactly `expected(ns, epoch)` (topic -> groups, each with its live
 * broker's address and full permission) and every watcher equals its NameServer; otherwise the
 * first difference found.
 */
export async function convergenceProblem(
  nss: readonly NameServerMember[],
  live: readonly LiveBroker[],
  expected: (ns: number, epoch: string) => Map<string, Set<string>>,
  watchers: readonly RecordedWatcher[],
): Promise<string> {
  const addrOf = new Map(live.map((b) => [b.brokerName, b.brokerAddr]));
  for (const n of nss) {
    const client = new RouteServiceClient(n.directAddress as string, credentials.createInsecure());
    try {
      const listed = await call<{ topics: string[]; epoch: bigint; revision: bigint }>((cb) =>
        client.listTopics(
          { clusterName: "", pageSize: 0, pageToken: "" },
          new Metadata(),
          deadline(1_000),
          cb,
        ),
      );
      const want = expected(n.index, listed.epoch.toString());
      const topicsWanted = [...want.keys()].sort();
      const have = [...listed.topics].sort();
      if (have.join() !== topicsWanted.join())
        return `namesrv ${n.index} has topics ${have} instead of ${topicsWanted}`;
      const routes = new Map<string, TopicRouteData>();
      for (const [topic, groups] of want) {
        const r = await call<{ route?: TopicRouteData; revision: bigint }>((cb) =>
          client.getRouteInfoByTopic({ topic, zoneName: "" }, new Metadata(), deadline(1_000), cb),
        );
        const route = r.route as TopicRouteData;
        routes.set(topic, route);
        const seen = route.queueDatas.map((q) => `${q.brokerName}/${q.perm}`).sort();
        const wantGroups = [...groups].map((g) => `${g}/6`).sort();
        if (seen.join() !== wantGroups.join())
          return `namesrv ${n.index} route of ${topic}: ${seen} instead of ${wantGroups}`;
        const addrs = route.brokerDatas.flatMap((d) => [...d.brokerAddrs.values()]).sort();
        const wantAddrs = [...groups].map((g) => addrOf.get(g)).sort();
        if (addrs.join() !== wantAddrs.join()) return `namesrv ${n.index} addresses of ${topic}: ${addrs}`;
      }
      for (const w of watchers.filter((x) => x.ns === n.index)) {
        const c = w.current();
        if (c === null) return `${w.name} has no consistent view`;
        if (c.epoch !== listed.epoch.toString())
          return `${w.name} is at epoch ${c.epoch}, namesrv ${n.index} at ${listed.epoch}`;
        const topics = w.topics === "all" ? topicsWanted : w.topics;
        for (const t of topics) {
          const wantKey = routes.has(t) ? routeKey(routes.get(t)) : "absent";
          const seenKey = c.view.get(t) ?? "absent";
          if (seenKey !== wantKey) return `${w.name} differs from namesrv ${n.index} on ${t}`;
        }
        if (w.topics === "all" && c.view.size !== topicsWanted.length)
          return `${w.name} holds ${c.view.size} topics`;
      }
    } catch (err) {
      return `namesrv ${n.index}: ${(err as Error).message}`;
    } finally {
      client.close();
    }
  }
  return "";
}
