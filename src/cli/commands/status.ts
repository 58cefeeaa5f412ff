import {
  GetClusterInfoRequest,
  type GetClusterInfoResponse,
  ListTopicsRequest,
  type ListTopicsResponse,
  RouteServiceClient,
} from "../../../gen/ts/namesrv/v1/route_service.js";
import { callOn, fanOutCommand } from "../fanout.js";

interface NameServerStatus {
  /** "" from servers that do not report it. */
  version: string;
  uptimeMs: number;
  epoch: bigint;
  revision: bigint;
  groups: number;
  brokers: number;
  topics: number;
}

/** Counts the topics of one NameServer over every ListTopics page (a page stays under 4 MiB). */
async function countTopics(address: string, ctx: Parameters<typeof callOn>[2]): Promise<number> {
  let count = 0;
  let pageToken = "";
  for (;;) {
    const page = await callOn<RouteServiceClient, ListTopicsResponse>(
      RouteServiceClient,
      address,
      ctx,
      (c, md, o, cb) => c.listTopics(ListTopicsRequest.fromPartial({ pageToken }), md, o, cb),
    );
    count += page.topics.length;
    if (page.nextPageToken === "") return count;
    pageToken = page.nextPageToken;
  }
}

/**
 * `status`: asks every NameServer given for its epoch, revision and table size, and reports each
 * one's success or failure. NameServers are share-nothing peers, so this is how an operator sees
 * that they agree (same groups and topics) or that one is down or just restarted (another epoch).
 */
export const statusCommand = fanOutCommand<NameServerStatus>({
  name: "status",
  synopsis: "",
  summary: "ask every NameServer for its version, uptime, epoch, revision, broker and topic counts",
  minArgs: 0,
  maxArgs: 0,
  async call(address, ctx) {
    const [info, topics] = await Promise.all([
      callOn<RouteServiceClient, GetClusterInfoResponse>(RouteServiceClient, address, ctx, (c, md, o, cb) =>
        c.getClusterInfo(GetClusterInfoRequest.fromPartial({}), md, o, cb),
      ),
      countTopics(address, ctx),
    ]);
    let brokers = 0;
    for (const g of info.brokerAddrTable.values()) brokers += g.brokerAddrs.size;
    return {
      version: info.serverVersion,
      uptimeMs: Number(info.uptimeMs),
      epoch: info.epoch,
      revision: info.revision,
      groups: info.brokerAddrTable.size,
      brokers,
      topics,
    };
  },
  headers: ["VERSION", "UPTIME", "EPOCH", "REVISION", "GROUPS", "BROKERS", "TOPICS"],
  cells: (s) => [
    s.version || "-",
    s.version ? formatUptime(s.uptimeMs) : "-",
    String(s.epoch),
    String(s.revision),
    String(s.groups),
    String(s.brokers),
    String(s.topics),
  ],
  json: (s) => ({
    version: s.version,
    uptimeMs: s.uptimeMs,
    epoch: String(s.epoch),
    revision: String(s.revision),
    groups: s.groups,
    brokers: s.brokers,
    topics: s.topics,
  }),
});

/** "3d 4h", "2h 5m", "7m 12s", "42s": two units are enough to tell a restart from a long run. */
export function formatUptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}
