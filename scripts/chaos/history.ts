/**
 * The history file of a chaos run (JSON lines): the run's options, seed and broker kept dead; every
 * action the harness performed (faults and client operations, with their offsets from the start)
 * and the answers of its calls; the violations found. `npm run chaos -- --replay FILE` reads it and
 * performs the actions recorded before the heal in the same order at the same offsets; the heal
 * and the checks then run as in any run. What a replay cannot repeat is said in docs/faults.md.
 */
import { readFile, writeFile } from "node:fs/promises";
import type { Answer, LoggedAction } from "./actions.js";
import type { HistoryEntry, Violation } from "./recorder.js";
import type { BrokerOpRecord, TopicDeleteRecord } from "./records.js";
import type { KeepDead } from "./schedule.js";

/** The options of a run that a replay must repeat. */
export interface RunShape {
  readonly durationMs: number;
  readonly nameServers: number;
  readonly brokers: number;
  readonly watchers: number;
  readonly namesrvFlags: readonly string[];
}

export interface History {
  readonly seed: number;
  readonly shape: RunShape;
  readonly keepDead: KeepDead | null;
  /** When the run's drive started (ms since the epoch): action offsets count from here. */
  readonly startedAt: number;
  /** Offset (ms) at which the heal began: actions before it are the run's, replayed. */
  readonly healAt: number;
  readonly actions: readonly LoggedAction[];
  readonly answers: readonly Answer[];
  readonly violations: readonly Violation[];
  /**
   * What was recorded, for reading (a replay does not use it): registrations and unregistrations
   * with their answers, topic deletes, and each watcher's last frames and events.
   */
  readonly recorded?: {
    readonly brokerOps: readonly BrokerOpRecord[];
    readonly topicDeletes: readonly TopicDeleteRecord[];
    readonly watchers: ReadonlyArray<{ readonly name: string; readonly history: readonly HistoryEntry[] }>;
  };
}

const bigintSafe = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

export async function writeHistory(path: string, h: History): Promise<void> {
  const lines = [
    JSON.stringify({
      type: "meta",
      seed: h.seed,
      shape: h.shape,
      keepDead: h.keepDead,
      startedAt: h.startedAt,
      healAt: h.healAt,
    }),
    ...h.actions.map((a) => JSON.stringify({ type: "action", ...a }, bigintSafe)),
    ...h.answers.map((a) => JSON.stringify({ type: "answer", ...a }, bigintSafe)),
    ...h.violations.map((v) => JSON.stringify({ type: "violation", ...v }, bigintSafe)),
    ...(h.recorded?.brokerOps ?? []).map((r) => JSON.stringify({ type: "broker-op", ...r })),
    ...(h.recorded?.topicDeletes ?? []).map((r) => JSON.stringify({ type: "topic-delete", ...r })),
    ...(h.recorded?.watchers ?? []).flatMap((w) =>
      w.history.map((e) => JSON.stringify({ type: "watcher", watcher: w.name, ...e })),
    ),
  ];
  await writeFile(path, `${lines.join("\n")}\n`);
}

interface Meta {
  seed: number;
  shape: RunShape;
  keepDead: KeepDead | null;
  startedAt: number;
  healAt: number;
}

export async function readHistory(path: string): Promise<History> {
  const text = await readFile(path, "utf8");
  let meta: Meta | null = null;
  const actions: LoggedAction[] = [];
  const answers: Answer[] = [];
  const violations: Violation[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const { type, ...rest } = JSON.parse(line) as { type: string } & Record<string, unknown>;
    if (type === "meta") meta = rest as unknown as Meta;
    else if (type === "action") actions.push(rest as unknown as LoggedAction);
    else if (type === "answer") answers.push(rest as unknown as Answer);
    else if (type === "violation") violations.push(rest as unknown as Violation);
    else if (type === "broker-op" || type === "topic-delete" || type === "watcher") continue;
    else throw new Error(`${path}:${i + 1}: unknown entry type ${type}`);
  }
  if (meta === null) throw new Error(`${path}: no meta line (not a chaos history file)`);
  actions.sort((a, b) => a.seq - b.seq);
  return { ...meta, actions, answers, violations };
}
