/**
 * The seeded parts of a chaos run: the random generator, the fault schedule and the operation plan
 * (KV puts, drains, topic deletes, lookups), all drawn before the run so that a seed gives the same
 * faults and operations at the same offsets.
 */

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const FAULT_KINDS = [
  "ns-kill",
  "ns-pause",
  "broker-kill",
  "broker-stop",
  "broker-pause",
  "latency",
  "blackhole",
  "half-open",
  "reset",
  "all-brokers-cut",
] as const;

export interface FaultStep {
  atMs: number;
  kind: (typeof FAULT_KINDS)[number];
  ns: number;
  broker: number;
  /** How long the fault lasts (or the process stays down), ms. */
  forMs: number;
  latencyMs: number;
  /** A broker restarted with this extra topic (a changed registration), or null. */
  newTopic: string | null;
}

/** The broker that stays down after the heal, and whether it stops gracefully (unregistering). */
export interface KeepDead {
  readonly broker: number;
  readonly graceful: boolean;
}

/**
 * The fault schedule of a seed, drawn before the run from its own generator: the same seed gives
 * the same faults at the same offsets (the interleavings of real processes still vary).
 * `broker-stop` is a graceful stop (SIGTERM: the agent unregisters everywhere and exits) and a
 * restart `forMs` later.
 */
export function faultSchedule(
  seed: number,
  o: { durationMs: number; nameServers: number; brokers: number },
): { steps: FaultStep[]; keepDead: KeepDead | null } {
  const r = rng(seed);
  const between = (a: number, b: number) => Math.floor(a + r() * (b - a));
  const steps: FaultStep[] = [];
  for (let at = between(1_500, 3_500); at < o.durationMs; at += between(1_500, 3_500)) {
    const kind = FAULT_KINDS[Math.floor(r() * FAULT_KINDS.length)] as FaultStep["kind"];
    const broker = between(0, o.brokers);
    const forMs =
      kind === "all-brokers-cut"
        ? // Past the heartbeat timeout (3 s), so mass-expiry protection must hold, but shorter than
          // the timeout plus the hold (6 s) less a heartbeat: a silence longer than that is, by
          // design, treated as a real mass failure (seed 2 showed the earlier 3.5-6 s range
          // crossing that line).
          between(3_500, 5_000)
        : kind === "ns-pause" || kind === "broker-pause"
          ? between(1_000, 6_000)
          : between(300, 4_000);
    steps.push({
      atMs: at,
      kind,
      ns: between(0, o.nameServers),
      broker,
      forMs,
      latencyMs: between(20, 400),
      newTopic: r() < 0.5 ? `T${broker}x${between(0, 3)}` : null,
    });
  }
  const keepDead = r() < 0.5 ? { broker: between(0, o.brokers), graceful: r() < 0.5 } : null;
  return { steps, keepDead };
}

/** Every topic name a run can have: each broker's two, its restart topics, and the shared one. */
export function topicNames(brokers: number): string[] {
  const out = ["Tshared"];
  for (let j = 0; j < brokers; j++) out.push(`T${j}a`, `T${j}b`, `T${j}x0`, `T${j}x1`, `T${j}x2`);
  return out;
}

/** One client operation of a run, at `atMs` from its start. */
export type Operation =
  | { readonly atMs: number; readonly kind: "kv-put"; readonly key: string; readonly value: string }
  /** WipeWritePermOfBroker of broker-N's group on every NameServer (`undrain` restores it). */
  | { readonly atMs: number; readonly kind: "drain" | "undrain"; readonly broker: number }
  /** DeleteTopic (all clusters) on every NameServer. */
  | { readonly atMs: number; readonly kind: "delete-topic"; readonly topic: string }
  /** A route lookup through RouteClient number `client`. */
  | { readonly atMs: number; readonly kind: "lookup"; readonly client: number; readonly topic: string };

/** How often each kind of operation runs, ms. */
export const OPERATION_EVERY_MS = {
  kvPut: 700,
  drain: 4_000,
  undrainAfter: 1_500,
  deleteTopic: 4_000,
  lookup: 100,
} as const;

/**
 * The client operations of a seed, drawn from their own generator: KV puts fanned out to every
 * NameServer, drains (each restored 1.5 s later), topic deletes fanned out to every NameServer, and
 * lookups through two RouteClients, sorted by time.
 */
export function operationPlan(seed: number, o: { durationMs: number; brokers: number }): Operation[] {
  const r = rng(seed ^ 0x5bd1e995);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const topics = topicNames(o.brokers);
  const E = OPERATION_EVERY_MS;
  const ops: Operation[] = [];
  let kv = 0;
  for (let at = E.kvPut; at < o.durationMs; at += E.kvPut) {
    ops.push({ atMs: at, kind: "kv-put", key: `k${seed}-${kv++}`, value: `v${Math.floor(r() * 1e9)}` });
  }
  for (let at = E.drain; at < o.durationMs; at += E.drain) {
    const broker = Math.floor(r() * o.brokers);
    ops.push({ atMs: at, kind: "drain", broker }, { atMs: at + E.undrainAfter, kind: "undrain", broker });
  }
  for (let at = E.deleteTopic / 2; at < o.durationMs; at += E.deleteTopic) {
    // Mostly topics that exist (each broker's two and the shared one); sometimes a restart topic,
    // which may not exist (deleting it then changes nothing).
    const topic = r() < 0.8 ? pick(topics.filter((t) => !t.includes("x"))) : pick(topics);
    ops.push({ atMs: at, kind: "delete-topic", topic });
  }
  for (let at = E.lookup; at < o.durationMs; at += E.lookup) {
    ops.push({ atMs: at, kind: "lookup", client: Math.floor(r() * 2), topic: pick(topics) });
  }
  return ops.sort((a, b) => a.atMs - b.atMs);
}

/** One watcher of a run: which NameServer, which kind, which topics. */
export interface WatcherSpec {
  readonly name: string;
  readonly ns: number;
  readonly kind: "raw" | "sdk";
  readonly topics: readonly string[] | "all";
}

/**
 * The watchers of a run: spread over the NameServers, alternately raw WatchRoutes streams and SDK
 * RouteWatchers, every NameServer with all-topics watchers (the mass-removal check reads them) and
 * the others on three topics each (two brokers' and the shared one).
 */
export function watcherPlan(o: { nameServers: number; brokers: number; watchers: number }): WatcherSpec[] {
  return Array.from({ length: o.watchers }, (_, i) => {
    // Row r holds watchers r * nameServers .. (r + 1) * nameServers - 1, one per NameServer. Even
    // rows watch all topics; the kind alternates over NameServers and flips every two rows, so
    // each NameServer's all-topics watchers include both kinds (with two even rows or more).
    const ns = i % o.nameServers;
    const row = Math.floor(i / o.nameServers);
    const kind = (Math.floor(row / 2) + ns) % 2 === 0 ? "raw" : "sdk";
    const all = row % 2 === 0;
    const topics = all ? "all" : [`T${i % o.brokers}a`, "Tshared", `T${(i + 1) % o.brokers}b`];
    return { name: `${kind}-watcher-${i}@ns${ns}`, ns, kind, topics };
  });
}
