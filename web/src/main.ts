import {
  type FeedEntry,
  getJson,
  type Overview,
  Refused,
  type RouteView,
  readEvents,
  type StatsPoint,
  setToken,
  type TopicList,
} from "./api.js";
import { Charts } from "./charts.js";
import "./style.css";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** Entries kept in the live feed. */
const FEED_KEEP = 200;

let charts: Charts | null = null;
let serverStartMs = Date.now();
let selectedTopic: string | null = null;
let overviewQueued = false;
let stream: AbortController | null = null;

function text(tag: string, content: string, cls?: string): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = content;
  if (cls) el.className = cls;
  return el;
}

function banner(message: string | null): void {
  const el = $("banner");
  el.hidden = message === null;
  el.textContent = message ?? "";
}

function refuse(reason: string): void {
  stream?.abort();
  $("main").hidden = true;
  $("refusal").hidden = false;
  $("refusal-reason").textContent = `The server said: ${reason}`;
  banner(null);
}

function age(ms: number | null): string {
  if (ms === null) return "–";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

function uptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

function renderOverview(o: Overview): void {
  serverStartMs = Date.now() - o.uptimeMs;
  $("f-version").textContent = o.version;
  $("f-epoch").textContent = o.epoch;
  $("f-revision").textContent = String(o.revision);
  $("f-uptime").textContent = uptime(o.uptimeMs);
  $("f-ready").textContent = o.ready ? "serving" : "not ready (warm-up or shutdown)";
  $("f-topics").textContent = String(o.topics);
  const root = $("clusters");
  root.replaceChildren();
  if (o.clusters.length === 0) root.append(text("p", "No broker registered.", "empty"));
  for (const c of o.clusters) {
    const section = document.createElement("div");
    section.className = "cluster";
    section.append(text("h3", `cluster ${c.name}`));
    const table = document.createElement("table");
    table.innerHTML =
      "<thead><tr><th>group</th><th>zone</th><th>state</th><th>id</th><th>address</th><th>role</th><th>last heartbeat</th></tr></thead>";
    const body = document.createElement("tbody");
    for (const g of c.groups) {
      g.brokers.forEach((b, i) => {
        const tr = document.createElement("tr");
        tr.dataset.broker = b.addr;
        const state = [g.drained ? "drained" : "writable", g.actingMaster ? "acting master" : ""]
          .filter(Boolean)
          .join(", ");
        const cells = [
          i === 0 ? g.brokerName : "",
          i === 0 ? g.zone || "–" : "",
          i === 0 ? state : "",
          String(b.id),
          b.addr,
          b.role,
          `${age(b.lastHeartbeatAgeMs)}${b.streamLost ? " (stream lost)" : ""}`,
        ];
        for (const cell of cells) tr.append(text("td", cell));
        if (g.drained) tr.classList.add("drained");
        if (b.streamLost) tr.classList.add("lost");
        body.append(tr);
      });
    }
    table.append(body);
    section.append(table);
    root.append(section);
  }
}

async function refreshOverview(): Promise<void> {
  renderOverview(await getJson<Overview>("/api/overview"));
}

/** Overview refreshes are driven by pushed events, at most one in flight. */
function queueOverview(): void {
  if (overviewQueued) return;
  overviewQueued = true;
  setTimeout(() => {
    overviewQueued = false;
    refreshOverview().catch(handleError);
  }, 100);
}

async function searchTopics(): Promise<void> {
  const q = ($("search") as HTMLInputElement).value.trim();
  const list = await getJson<TopicList>(`/api/topics?q=${encodeURIComponent(q)}`);
  $("topic-count").textContent =
    list.matched === list.total ? `(${list.total})` : `(${list.matched} of ${list.total})`;
  const ul = $("topics");
  ul.replaceChildren();
  for (const name of list.topics) {
    const li = text("li", name);
    li.tabIndex = 0;
    li.dataset.topic = name;
    if (name === selectedTopic) li.classList.add("selected");
    li.addEventListener("click", () => selectTopic(name));
    ul.append(li);
  }
  if (list.topics.length === 0) ul.append(text("li", "no topic matches", "empty"));
}

async function selectTopic(name: string): Promise<void> {
  selectedTopic = name;
  for (const li of $("topics").querySelectorAll("li"))
    li.classList.toggle("selected", li.dataset.topic === name);
  $("route-topic").textContent = name;
  const root = $("route");
  try {
    renderRoute(await getJson<RouteView>(`/api/route?topic=${encodeURIComponent(name)}`));
  } catch (err) {
    if (err instanceof Refused) throw err;
    root.replaceChildren(text("p", (err as Error).message, "empty"));
  }
}

function perm(p: number): string {
  return `${p & 4 ? "R" : ""}${p & 2 ? "W" : ""}${p & 1 ? "X" : ""}` || "-";
}

function renderRoute(r: RouteView): void {
  const root = $("route");
  root.replaceChildren();
  root.append(text("p", `topic revision ${r.topicRevision} (table at ${r.revision})`, "muted"));
  const q = document.createElement("table");
  q.innerHTML =
    "<thead><tr><th>queue data: group</th><th>read</th><th>write</th><th>perm</th><th>sys flag</th></tr></thead>";
  const qb = document.createElement("tbody");
  for (const d of r.queueDatas) {
    const tr = document.createElement("tr");
    for (const c of [
      d.brokerName,
      String(d.readQueueNums),
      String(d.writeQueueNums),
      perm(d.perm),
      String(d.topicSysFlag),
    ])
      tr.append(text("td", c));
    qb.append(tr);
  }
  q.append(qb);
  const b = document.createElement("table");
  b.innerHTML =
    "<thead><tr><th>broker data: group</th><th>cluster</th><th>zone</th><th>addresses</th></tr></thead>";
  const bb = document.createElement("tbody");
  for (const d of r.brokerDatas) {
    const tr = document.createElement("tr");
    const addrs = Object.entries(d.brokerAddrs)
      .map(([id, a]) => `${id}: ${a}`)
      .join(", ");
    for (const c of [
      d.brokerName + (d.actingMaster ? " (acting master)" : ""),
      d.cluster,
      d.zoneName || "–",
      addrs,
    ])
      tr.append(text("td", c));
    bb.append(tr);
  }
  b.append(bb);
  root.append(q, b, text("p", `order conf: ${r.orderTopicConf || "none"}`, "muted"));
}

function addFeed(e: FeedEntry): void {
  const li = document.createElement("li");
  li.className = e.kind;
  li.dataset.topic = e.topic;
  li.append(
    text("span", `r${e.revision}`, "rev"),
    text("span", e.kind, "kind"),
    text("span", e.topic, "topic"),
    text("span", e.kind === "changed" ? `${e.before} → ${e.route}` : e.route, "what"),
  );
  const feed = $("feed");
  feed.prepend(li);
  while (feed.children.length > FEED_KEEP) feed.lastElementChild?.remove();
}

function onEvent(event: string, data: unknown): void {
  switch (event) {
    case "hello": {
      const hello = data as { history: StatsPoint[] };
      charts?.reset(hello.history, serverStartMs);
      banner(null);
      break;
    }
    case "stats": {
      const p = data as StatsPoint;
      charts?.add(p, serverStartMs);
      queueOverview(); // heartbeat ages move every second
      break;
    }
    case "route": {
      const e = data as FeedEntry;
      addFeed(e);
      queueOverview();
      if (e.kind !== "changed") searchTopics().catch(handleError);
      if (e.topic === selectedTopic) selectTopic(e.topic).catch(handleError);
      break;
    }
    case "evicted":
      banner("The server closed the live feed (it fell behind); reconnecting…");
      break;
  }
}

function handleError(err: unknown): void {
  if (err instanceof Refused) refuse(err.message);
  else console.warn("namesrv dashboard:", err);
}

/** Keeps the event stream open: on a loss, a banner and a reconnect with backoff (1 s doubling to 10 s). */
async function follow(): Promise<void> {
  let delayMs = 1000;
  for (;;) {
    stream = new AbortController();
    try {
      await refreshOverview();
      await searchTopics();
      delayMs = 1000;
      await readEvents(onEvent, stream.signal);
    } catch (err) {
      if (err instanceof Refused) {
        refuse(err.message);
        return;
      }
      if (stream.signal.aborted) return;
    }
    banner(`Connection to the NameServer lost. Reconnecting in ${Math.round(delayMs / 1000)} s…`);
    await new Promise((r) => setTimeout(r, delayMs));
    delayMs = Math.min(delayMs * 2, 10_000);
  }
}

async function start(): Promise<void> {
  $("refusal").hidden = true;
  try {
    await refreshOverview();
  } catch (err) {
    if (err instanceof Refused) {
      refuse(err.message);
      return;
    }
    banner(`Cannot reach the NameServer (${(err as Error).message}). Reconnecting…`);
  }
  $("main").hidden = false;
  charts ??= new Charts([
    { el: $("c-lookups"), series: (p) => p.lookupsPerS, color: "#2f6fde" },
    { el: $("c-heartbeats"), series: (p) => p.heartbeatsPerS, color: "#1e9e6a" },
    { el: $("c-subscribers"), series: (p) => p.subscribers, color: "#8a55d6" },
    { el: $("c-push"), series: (p) => p.pushP99Ms, color: "#d9822b" },
  ]);
  void follow();
}

$("token-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  setToken(($("token") as HTMLInputElement).value.trim());
  void start();
});
let searchTimer: ReturnType<typeof setTimeout> | undefined;
$("search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => searchTopics().catch(handleError), 150);
});

void start();
