/**
 * The checks of a chaos run over the recorded history (pure functions of the records).
 * Per NameServer epoch:
 * - torn or lost change sets: every consistent point of a watcher whose revision lies in
 *   [topicRevision, revision] of a lookup of that NameServer must show that lookup's route;
 * - zombies: a broker gone from a watcher's view may come back (same epoch) only after it
 *   registered with that NameServer again.
 * Ordering, framing and resets are checked by the watchers as frames arrive (recorder.ts).
 */
import type { ConsistentPoint, HistoryEntry, Lookup, RecordedWatcher, Violation } from "./recorder.js";

/** Index of points by epoch, sorted by revision (then time). */
function byEpoch(points: readonly ConsistentPoint[]): Map<string, ConsistentPoint[]> {
  const m = new Map<string, ConsistentPoint[]>();
  for (const p of points) {
    let list = m.get(p.epoch);
    if (list === undefined) {
      list = [];
      m.set(p.epoch, list);
    }
    list.push(p);
  }
  for (const list of m.values()) list.sort((a, b) => a.revision - b.revision || a.t - b.t);
  return m;
}

function firstAtOrAfter(list: readonly ConsistentPoint[], revision: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as ConsistentPoint).revision < revision) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const watches = (w: RecordedWatcher, topic: string) => w.topics === "all" || w.topics.includes(topic);

/** Returns the violations and how many (point, lookup) pairs were compared. */
export function checkAgainstLookups(
  watchers: readonly RecordedWatcher[],
  lookups: readonly Lookup[],
): { violations: Violation[]; compared: number } {
  const violations: Violation[] = [];
  let compared = 0;
  for (const w of watchers) {
    const index = byEpoch(w.points);
    const reported = new Set<string>();
    for (const l of lookups) {
      if (l.ns !== w.ns || !watches(w, l.topic)) continue;
      const list = index.get(l.epoch);
      if (list === undefined) continue;
      for (let i = firstAtOrAfter(list, l.topicRevision); i < list.length; i++) {
        const p = list[i] as ConsistentPoint;
        if (p.revision > l.revision) break;
        compared++;
        const seen = p.view.get(l.topic) ?? "absent";
        if (seen !== l.key && !reported.has(`${l.topic}@${p.revision}`)) {
          reported.add(`${l.topic}@${p.revision}`);
          violations.push({
            check: "torn-or-lost",
            subject: w.name,
            message: `at epoch ${p.epoch} revision ${p.revision} the watcher had ${l.topic} = ${seen.slice(0, 200)}, but namesrv ${l.ns} answered ${l.key.slice(0, 200)} at revision ${l.revision} (unchanged since ${l.topicRevision})`,
            t: p.t,
            history: [],
          });
        }
      }
    }
  }
  return { violations, compared };
}

const ADDR = /127\.0\.0\.1:2\d{4}/g;

/** The broker addresses in a view (route keys hold them verbatim). */
function addrsOf(view: ReadonlyMap<string, string>): Set<string> {
  const out = new Set<string>();
  for (const key of view.values()) for (const m of key.matchAll(ADDR)) out.add(m[0]);
  return out;
}

/**
 * `registrationsOf(addr, ns)`: times at which the broker at `addr` got a registration answer from
 * namesrv `ns`. A reappearance needs one after the removal was seen (with `slackMs` for the
 * watcher having seen the removal late and the broker's log line arriving late).
 */
export function checkNoZombies(
  watchers: readonly RecordedWatcher[],
  registrationsOf: (addr: string, ns: number) => number[],
  slackMs: number,
): { violations: Violation[]; reappearances: number } {
  const violations: Violation[] = [];
  let reappearances = 0;
  for (const w of watchers) {
    let epoch = "";
    let present = new Set<string>();
    const removedAt = new Map<string, number>();
    for (const p of w.points) {
      const now = addrsOf(p.view);
      if (p.epoch !== epoch) {
        epoch = p.epoch;
        removedAt.clear();
      } else {
        for (const a of present) if (!now.has(a)) removedAt.set(a, p.t);
        for (const a of now) {
          const gone = removedAt.get(a);
          if (gone === undefined) continue;
          removedAt.delete(a);
          reappearances++;
          const ok = registrationsOf(a, w.ns).some((t) => t > gone - slackMs && t <= p.t + slackMs);
          if (!ok) {
            violations.push({
              check: "zombie",
              subject: w.name,
              message: `broker ${a} left the view at ${new Date(gone).toISOString()} and came back at revision ${p.revision} without registering with namesrv ${w.ns} again`,
              t: p.t,
              history: [],
            });
          }
        }
      }
      present = now;
    }
  }
  return { violations, reappearances };
}

/** The entries of `history` around `t`: at most `before` up to t + 1 s. */
export function historyAround(history: readonly HistoryEntry[], t: number, before = 15): HistoryEntry[] {
  let end = history.length;
  while (end > 0 && (history[end - 1] as HistoryEntry).t > t + 1_000) end--;
  return history.slice(Math.max(0, end - before), end);
}

/**
 * No self-inflicted mass removal: the schedule never kills most brokers at once (it pauses a
 * NameServer or cuts every broker off it for less than a timeout plus a hold), so a watcher's
 * view dropping from `min` or more brokers to none within one epoch is the "pushed 0 instances"
 * failure.
 */
export function checkNoMassRemoval(watchers: readonly RecordedWatcher[], min = 3): Violation[] {
  const violations: Violation[] = [];
  for (const w of watchers) {
    if (w.topics !== "all") continue;
    let prev: ConsistentPoint | null = null;
    for (const p of w.points) {
      if (prev !== null && prev.epoch === p.epoch) {
        const before = addrsOf(prev.view).size;
        if (before >= min && addrsOf(p.view).size === 0) {
          violations.push({
            check: "mass-removal",
            subject: w.name,
            message: `all ${before} brokers removed at once at epoch ${p.epoch} revision ${p.revision}`,
            t: p.t,
            history: [],
          });
        }
      }
      prev = p;
    }
  }
  return violations;
}
