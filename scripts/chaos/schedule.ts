/**
 * The seeded parts of a chaos run: the random generator and the fault schedule, drawn before the
 * run so that a seed replays the same faults at the same offsets.
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

/**
 * The fault schedule of a seed, drawn before the run from its own generator: the same seed gives
 * the same faults at the same offsets (the interleavings of real processes still vary).
 */
export function faultSchedule(
  seed: number,
  o: { durationMs: number; nameServers: number; brokers: number },
): { steps: FaultStep[]; keepDead: number | null } {
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
  return { steps, keepDead: r() < 0.5 ? between(0, o.brokers) : null };
}
