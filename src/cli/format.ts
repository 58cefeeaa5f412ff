import { status } from "@grpc/grpc-js";
import type { QueueData, TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import type { NameServerError } from "../client/errors.js";

/**
 * Formats rows as a left-aligned table with a header, columns two spaces apart, trailing blanks
 * trimmed. Empty cells print as "-" so that every row splits into the same number of fields.
 */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [
    headers,
    ...rows.map((r) => headers.map((_, i) => (r[i] === undefined || r[i] === "" ? "-" : r[i]))),
  ];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] as string).length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : (c as string).padEnd(widths[i] as number)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** RocketMQ permission bits as letters: READ 4 = R, WRITE 2 = W, INHERIT 1 = X; "RW-" for 6. */
export function permString(perm: number): string {
  return `${perm & 4 ? "R" : "-"}${perm & 2 ? "W" : "-"}${perm & 1 ? "X" : "-"}`;
}

/** One line per broker address of a route: for the `route` table and `watch`. */
export function routeRows(route: TopicRouteData): string[][] {
  const rows: string[][] = [];
  const brokers = new Map(route.brokerDatas.map((b) => [b.brokerName, b]));
  const queues = new Map<string, QueueData>(route.queueDatas.map((q) => [q.brokerName, q]));
  const names = [...new Set([...queues.keys(), ...brokers.keys()])].sort();
  for (const name of names) {
    const q = queues.get(name);
    const b = brokers.get(name);
    const queueCells = q
      ? [permString(q.perm), String(q.readQueueNums), String(q.writeQueueNums), String(q.topicSysFlag)]
      : ["", "", "", ""];
    const addrs = [...(b?.brokerAddrs ?? new Map<bigint, string>())].sort((x, y) => (x[0] < y[0] ? -1 : 1));
    if (addrs.length === 0) rows.push([name, ...queueCells, b?.cluster ?? "", b?.zoneName ?? "", "", ""]);
    for (const [id, addr] of addrs) {
      rows.push([name, ...queueCells, b?.cluster ?? "", b?.zoneName ?? "", String(id), addr]);
    }
  }
  return rows;
}

export const ROUTE_HEADERS = [
  "BROKER",
  "PERM",
  "READ",
  "WRITE",
  "SYSFLAG",
  "CLUSTER",
  "ZONE",
  "ID",
  "ADDRESS",
];

/** A route on one line: "broker-a RW- 4r/4w [0=host:port 1=host:port]; broker-b ...". */
export function routeSummary(route: TopicRouteData): string {
  const brokers = new Map(route.brokerDatas.map((b) => [b.brokerName, b]));
  const parts = route.queueDatas.map((q) => {
    const addrs = [...(brokers.get(q.brokerName)?.brokerAddrs ?? new Map<bigint, string>())]
      .sort((x, y) => (x[0] < y[0] ? -1 : 1))
      .map(([id, a]) => `${id}=${a}`)
      .join(" ");
    return `${q.brokerName} ${permString(q.perm)} ${q.readQueueNums}r/${q.writeQueueNums}w [${addrs}]`;
  });
  return parts.length === 0 ? "(no queues)" : parts.join("; ");
}

/** JSON text of `value` with bigints as decimal strings (as proto3 JSON writes 64-bit integers). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** A call failure as one line: "<details> (<CODE> from <address>)". */
export function errorLine(err: NameServerError): string {
  return `${err.details} (${status[err.code] ?? err.code} from ${err.address})`;
}
