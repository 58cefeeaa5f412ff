/**
 * The checks of a chaos run over the recorded history (pure functions of the records).
 * Per NameServer epoch:
 * - torn or lost change sets: every consistent point of a watcher whose revision lies in
 *   [topicRevision, revision] of a lookup of that NameServer must show that lookup's route;
 * - zombies: a broker gone from a watcher's view may come back (same epoch) only after it
 *   registered with that NameServer again (a registration that changed the table, at a revision
 *   after the last view that still showed it);
 * - unregistrations: a broker the NameServer unregistered at revision R is in no view or lookup of
 *   that epoch at R or later until it registered again;
 * - topic deletes: a group whose queue data of a topic was deleted at revision R serves that topic
 *   in no view or lookup of that epoch at R or later until its broker registered again (RocketMQ:
 *   the next registration re-adds the topics the broker lists);
 * - resets: a RESET only where the contract allows one (`resetViolation`).
 * Ordering and framing are checked by the watchers as frames arrive (recorder.ts).
 */
import { ResetReason } from "../../gen/ts/namesrv/v1/route_service.js";
import type { ConsistentPoint, HistoryEntry, Lookup, RecordedWatcher, Violation } from "./recorder.js";
import type { BrokerOpRecord, RegistrationIndex, TopicDeleteRecord } from "./records.js";

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
 * A broker gone from a watcher's view comes back within the same epoch only after registering
 * with that NameServer again: a registration that changed its table at a revision after the last
 * point that still showed the broker, up to the point that shows it again.
 */
export function checkNoZombies(
  watchers: readonly RecordedWatcher[],
  registrations: RegistrationIndex,
): { violations: Violation[]; reappearances: number } {
  const violations: Violation[] = [];
  let reappearances = 0;
  for (const w of watchers) {
    let epoch = "";
    let present = new Set<string>();
    let previous: ConsistentPoint | null = null;
    /** Broker -> the revision of the last point that showed it before it left. */
    const lastSeen = new Map<string, number>();
    for (const p of w.points) {
      const now = addrsOf(p.view);
      if (p.epoch !== epoch) {
        epoch = p.epoch;
        lastSeen.clear();
      } else {
        for (const a of present) if (!now.has(a)) lastSeen.set(a, (previous as ConsistentPoint).revision);
        for (const a of now) {
          const seen = lastSeen.get(a);
          if (seen === undefined) continue;
          lastSeen.delete(a);
          reappearances++;
          if (!registrations.registeredBetween(w.ns, p.epoch, a, seen, p.revision)) {
            violations.push({
              check: "zombie",
              subject: w.name,
              message: `broker ${a} left the view after revision ${seen} and came back at revision ${p.revision} of epoch ${p.epoch} without registering with namesrv ${w.ns} again`,
              t: p.t,
              history: [],
            });
          }
        }
      }
      present = now;
      previous = p;
    }
  }
  return { violations, reappearances };
}

/** The broker groups with queue data in a route key (the `queueDatas` list of a canonical route). */
export function groupsOf(key: string): Set<string> {
  const out = new Set<string>();
  const at = key.indexOf("queueDatas:[");
  if (at < 0) return out;
  for (const m of key.slice(at).matchAll(/brokerName:"([^"]*)"/g)) out.add(m[1] as string);
  return out;
}

/** A route that a watcher held or a lookup answered: (namesrv, epoch, revision) and topic -> key. */
interface Observation {
  readonly subject: string;
  readonly ns: number;
  readonly t: number;
  readonly epoch: string;
  readonly revision: number;
  readonly routes: ReadonlyMap<string, string>;
}

/** Every watcher point and lookup, by `${ns}|${epoch}`. */
function observations(
  watchers: readonly RecordedWatcher[],
  lookups: readonly Lookup[],
): Map<string, Observation[]> {
  const out = new Map<string, Observation[]>();
  const push = (o: Observation) => {
    const key = `${o.ns}|${o.epoch}`;
    const list = out.get(key) ?? [];
    list.push(o);
    out.set(key, list);
  };
  for (const w of watchers)
    for (const p of w.points)
      push({ subject: w.name, ns: w.ns, t: p.t, epoch: p.epoch, revision: p.revision, routes: p.view });
  for (const l of lookups)
    push({
      subject: `lookup@ns${l.ns}`,
      ns: l.ns,
      t: l.t,
      epoch: l.epoch,
      revision: l.revision,
      routes: new Map([[l.topic, l.key]]),
    });
  return out;
}

/**
 * No broker that was unregistered comes back without registering again: after the NameServer
 * applied an unregistration at revision R (its log says so, with the revision), no watcher view or
 * lookup of that NameServer epoch at R or later shows the broker, unless it registered again at a
 * revision in (R, that revision]. Returns the violations and how many (view, unregistration) pairs
 * were compared.
 */
export function checkUnregistrations(
  watchers: readonly RecordedWatcher[],
  lookups: readonly Lookup[],
  ops: readonly BrokerOpRecord[],
  registrations: RegistrationIndex,
): { violations: Violation[]; compared: number } {
  const violations: Violation[] = [];
  let compared = 0;
  const applied = ops.filter(
    (o) => o.op === "unregister" && o.seenBy === "namesrv" && o.epoch !== null && o.revision !== null,
  );
  const obs = observations(watchers, lookups);
  for (const u of applied) {
    const R = u.revision as number;
    const reported = new Set<string>();
    for (const o of obs.get(`${u.ns}|${u.epoch}`) ?? []) {
      if (o.revision < R) continue;
      compared++;
      let shows = false;
      for (const key of o.routes.values()) if (key.includes(`"${u.broker}"`)) shows = true;
      if (!shows || reported.has(o.subject)) continue;
      if (registrations.registeredBetween(u.ns, u.epoch as string, u.broker, R, o.revision)) continue;
      reported.add(o.subject);
      violations.push({
        check: "unregistered-back",
        subject: o.subject,
        message: `broker ${u.broker} was unregistered from namesrv ${u.ns} at revision ${R} of epoch ${u.epoch}, yet revision ${o.revision} shows it and it has not registered again`,
        t: o.t,
        history: [],
      });
    }
  }
  return { violations, compared };
}

/**
 * A deleted topic stays deleted until a broker registers it again: after a NameServer answered (or
 * logged) a DeleteTopic at revision R that removed group g's queue data of topic t, no watcher view
 * or lookup of that epoch at R or later has g in t's route, unless g's broker registered with that
 * NameServer at a revision in (R, that revision] (its next registration re-adds the topics it
 * lists, as in RocketMQ). `brokerOf(group)` gives the group's broker address.
 */
export function checkTopicDeletes(
  watchers: readonly RecordedWatcher[],
  lookups: readonly Lookup[],
  deletes: readonly TopicDeleteRecord[],
  registrations: RegistrationIndex,
  brokerOf: (group: string) => string | undefined,
): { violations: Violation[]; compared: number } {
  const violations: Violation[] = [];
  let compared = 0;
  const obs = observations(watchers, lookups);
  for (const d of deletes) {
    const reported = new Set<string>();
    for (const o of obs.get(`${d.ns}|${d.epoch}`) ?? []) {
      if (o.revision < d.revision) continue;
      const key = o.routes.get(d.topic);
      if (key === undefined) continue;
      compared++;
      const groups = groupsOf(key);
      for (const g of d.removedFrom) {
        if (!groups.has(g) || reported.has(`${o.subject}|${g}`)) continue;
        const broker = brokerOf(g);
        if (
          broker !== undefined &&
          registrations.registeredBetween(d.ns, d.epoch, broker, d.revision, o.revision)
        )
          continue;
        reported.add(`${o.subject}|${g}`);
        violations.push({
          check: "deleted-topic-served",
          subject: o.subject,
          message: `topic ${d.topic} was deleted from group ${g} on namesrv ${d.ns} at revision ${d.revision} of epoch ${d.epoch} (${d.seenBy === "client" ? "acknowledged" : "applied, as its log says"}), yet revision ${o.revision} serves it from ${g} and ${broker ?? g} has not registered again`,
          t: o.t,
          history: [],
        });
      }
    }
  }
  return { violations, compared };
}

/** A live broker as the heal check expects it: its group, address and the topics it registers. */
export interface LiveBroker {
  readonly brokerName: string;
  readonly brokerAddr: string;
  readonly topics: readonly string[];
}

/**
 * What a NameServer's table must hold once the faults healed: topic -> the groups serving it,
 * from the live brokers' registrations, less the topic deletes applied in the NameServer's current
 * epoch after the group's broker last registered there (a delete holds until the next registration
 * re-adds the topic).
 */
export function expectedTable(
  ns: number,
  epoch: string,
  live: readonly LiveBroker[],
  deletes: readonly TopicDeleteRecord[],
  registrations: RegistrationIndex,
): Map<string, Set<string>> {
  const table = new Map<string, Set<string>>();
  for (const b of live) {
    for (const topic of b.topics) {
      const deleted = deletes.some(
        (d) =>
          d.ns === ns &&
          d.epoch === epoch &&
          d.topic === topic &&
          d.removedFrom.includes(b.brokerName) &&
          !registrations.registeredBetween(ns, epoch, b.brokerAddr, d.revision),
      );
      if (deleted) continue;
      const groups = table.get(topic) ?? new Set<string>();
      groups.add(b.brokerName);
      table.set(topic, groups);
    }
  }
  return table;
}

/** What the watcher saw of a RESET: the resume point of its request and the RESET frame. */
export interface ResetSeen {
  /** The (epoch, revision) the stream asked to resume from; null or epoch "0" for a fresh watch. */
  readonly resume: { readonly epoch: string; readonly revision: number } | null;
  readonly code: ResetReason;
  readonly epoch: string;
  readonly revision: number;
}

/**
 * Why the contract (docs/watch-protocol.md, route_service.proto) does not allow this RESET, or null
 * when it does:
 * - a fresh watch (no resume point) starts with a snapshot, never a RESET;
 * - EPOCH_CHANGED only when the resume epoch differs from the server's;
 * - REVISION_COMPACTED only in the server's own epoch, and only when the run can have pushed the
 *   resume revision out of the retained window (`compactionPossible`: the NameServers keep fewer
 *   topic removals than the run has topics);
 * - REVISION_AHEAD only when the resume revision is above the server's: and since a watcher only
 *   resumes from revisions its own NameServer sent in that epoch, that means the server's revision
 *   went back within an epoch, itself a violation;
 * - any other code is not in the contract.
 */
export function resetViolation(r: ResetSeen, compactionPossible: boolean): string | null {
  if (r.resume === null || r.resume.epoch === "0") return "a fresh watch (no resume point) got a RESET";
  const sameEpoch = r.resume.epoch === r.epoch;
  switch (r.code) {
    case ResetReason.RESET_REASON_EPOCH_CHANGED:
      return sameEpoch ? `EPOCH_CHANGED, but the resume epoch ${r.resume.epoch} is the server's` : null;
    case ResetReason.RESET_REASON_REVISION_COMPACTED:
      if (!sameEpoch)
        return "REVISION_COMPACTED for a resume point of another epoch (EPOCH_CHANGED expected)";
      if (r.resume.revision > r.revision)
        return "REVISION_COMPACTED for a resume revision ahead of the server's";
      return compactionPossible
        ? null
        : `REVISION_COMPACTED for revision ${r.resume.revision}, but the run never removed as many topics as the NameServers retain`;
    case ResetReason.RESET_REASON_REVISION_AHEAD:
      if (!sameEpoch) return "REVISION_AHEAD for a resume point of another epoch (EPOCH_CHANGED expected)";
      return r.resume.revision > r.revision
        ? `REVISION_AHEAD: the server's revision went back within epoch ${r.epoch} (from ${r.resume.revision} to ${r.revision})`
        : `REVISION_AHEAD for revision ${r.resume.revision}, not ahead of the server's ${r.revision}`;
    default:
      return `RESET with code ${r.code}, not in the contract`;
  }
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
