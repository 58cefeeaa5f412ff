/** The NameServer's dashboard endpoints, with the bearer token when one is set. */

export interface BrokerView {
  id: number;
  addr: string;
  role: string;
  lastHeartbeatAgeMs: number | null;
  streamLost: boolean;
}
export interface GroupView {
  brokerName: string;
  zone: string;
  drained: boolean;
  actingMaster: boolean;
  brokers: BrokerView[];
}
export interface Overview {
  version: string;
  epoch: string;
  revision: number;
  uptimeMs: number;
  ready: boolean;
  topics: number;
  clusters: { name: string; groups: GroupView[] }[];
}
export interface TopicList {
  topics: string[];
  matched: number;
  total: number;
}
export interface RouteView {
  topicRevision: number;
  revision: number;
  queueDatas: {
    brokerName: string;
    readQueueNums: number;
    writeQueueNums: number;
    perm: number;
    topicSysFlag: number;
  }[];
  brokerDatas: {
    cluster: string;
    brokerName: string;
    zoneName: string;
    actingMaster: boolean;
    brokerAddrs: Record<string, string>;
  }[];
  orderTopicConf: string;
}
export interface FeedEntry {
  revision: number;
  topic: string;
  kind: "added" | "removed" | "changed";
  route: string;
  before?: string;
}
export interface StatsPoint {
  t: number;
  lookupsPerS: number;
  heartbeatsPerS: number;
  subscribers: number;
  pushP99Ms: number | null;
}

/** The server refused the request (401/403): the page shows why and asks for a token. */
export class Refused extends Error {}

const TOKEN_KEY = "namesrv.token";

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string): void {
  if (value === "") sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, value);
}

function headers(): HeadersInit {
  const t = token();
  return t === null ? {} : { authorization: `Bearer ${t}` };
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: headers() });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (res.status === 401 || res.status === 403) throw new Refused(body.error ?? res.statusText);
  if (!res.ok) throw new Error(body.error ?? `${res.status} ${res.statusText}`);
  return body as T;
}

/**
 * Opens /api/events (server-sent events, read through fetch so that the token can go in a
 * header, which EventSource cannot send) and calls `onEvent` for each event until the stream ends.
 * Resolves when the server ends it; rejects when the connection fails or is refused.
 */
export async function readEvents(
  onEvent: (event: string, data: unknown) => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await fetch("/api/events", { headers: headers(), signal });
  if (res.status === 401 || res.status === 403) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    throw new Refused(body.error ?? res.statusText);
  }
  if (!res.ok || res.body === null) throw new Error(`${res.status} ${res.statusText}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    let end = buf.indexOf("\n\n");
    while (end >= 0) {
      const block = buf.slice(0, end);
      buf = buf.slice(end + 2);
      let event = "message";
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      onEvent(event, data === "" ? undefined : JSON.parse(data));
      end = buf.indexOf("\n\n");
    }
  }
}
