/**
 * The write side of a chaos run's history: every registration and unregistration of a broker with
 * each NameServer and its answer, and every topic delete. Each is kept as the broker agent (or the
 * harness, for admin calls) saw its answer and, where the NameServer logged that it applied it, as
 * the NameServer saw it (that covers a write applied whose answer was lost: a blackholed call that
 * timed out, a broker killed before the answer arrived). Revisions make the checks exact: a write
 * answered or applied at revision R is in every view at R or later of that NameServer epoch.
 */
import type { LogLine } from "./cluster.js";

/** A registration or unregistration of a broker with one NameServer, or a failure of its link. */
export interface BrokerOpRecord {
  /** When the harness read it (ms since the epoch). */
  readonly t: number;
  /** The broker's address (its identity). */
  readonly broker: string;
  readonly ns: number;
  /** `link-down`: a registration or the heartbeat stream failed (the agent does not say which). */
  readonly op: "register" | "unregister" | "link-down";
  /** `broker`: the answer the agent received; `namesrv`: the NameServer logged that it applied it. */
  readonly seenBy: "broker" | "namesrv";
  readonly ok: boolean;
  /** NameServer epoch and revision of the answer or of the applied change; null when not known. */
  readonly epoch: string | null;
  readonly revision: number | null;
  /** Registration: the route table changed. Unregistration: the broker was removed. */
  readonly changed: boolean | null;
  readonly error: string | null;
}

/** A DeleteTopic that a NameServer answered or applied. */
export interface TopicDeleteRecord {
  readonly t: number;
  readonly ns: number;
  readonly topic: string;
  readonly seenBy: "client" | "namesrv";
  readonly epoch: string;
  /** Revision after the delete. */
  readonly revision: number;
  /** The broker groups whose queue data of the topic was removed. */
  readonly removedFrom: readonly string[];
}

const str = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
const num = (v: unknown): number | null => (v === undefined || v === null ? null : Number(v));

/**
 * A broker agent's records from its JSON log lines: `registered` (answer: epoch, revision,
 * changed), `unregistered` (removed), `unregister failed` and `NameServer link down, retrying`.
 * `nsOfPeer` maps the peer address (a NameServer's proxy) to its index.
 */
export function brokerRecords(
  brokerAddr: string,
  logs: readonly LogLine[],
  nsOfPeer: (peer: string) => number,
): BrokerOpRecord[] {
  const out: BrokerOpRecord[] = [];
  for (const { t, line } of logs) {
    const ns = nsOfPeer(String(line.peer));
    if (ns < 0) continue;
    const base = { t, broker: brokerAddr, ns, seenBy: "broker" as const };
    if (line.msg === "registered") {
      out.push({
        ...base,
        op: "register",
        ok: true,
        epoch: str(line.epoch),
        revision: num(line.revision),
        changed: line.changed === true,
        error: null,
      });
    } else if (line.msg === "unregistered") {
      out.push({
        ...base,
        op: "unregister",
        ok: true,
        epoch: null,
        revision: null,
        changed: line.removed === true,
        error: null,
      });
    } else if (line.msg === "unregister failed" || line.msg === "NameServer link down, retrying") {
      out.push({
        ...base,
        op: line.msg === "unregister failed" ? "unregister" : "link-down",
        ok: false,
        epoch: null,
        revision: null,
        changed: null,
        error: str(line.err),
      });
    }
  }
  return out;
}

const APPLIED_REGISTRATION = new Set([
  "broker registered",
  "broker re-registered with a new topic table",
  "broker re-registered: listed topics the group lacked were added back",
]);

/** The epoch of each start of a NameServer, from its `namesrv ready` lines. */
export function epochsByStart(logs: readonly LogLine[]): Map<number, string> {
  const m = new Map<number, string>();
  for (const l of logs) if (l.line.msg === "namesrv ready") m.set(l.start, String(l.line.epoch));
  return m;
}

/**
 * What a NameServer logged that it applied: registrations that changed its table (new broker, new
 * topic table, topics re-added after a delete), unregistrations that removed a broker, and topic
 * deletes, each with the revision and the epoch of the process that logged it.
 */
export function namesrvRecords(
  ns: number,
  logs: readonly LogLine[],
): { ops: BrokerOpRecord[]; deletes: TopicDeleteRecord[] } {
  const epochs = epochsByStart(logs);
  const ops: BrokerOpRecord[] = [];
  const deletes: TopicDeleteRecord[] = [];
  for (const { t, start, line } of logs) {
    const epoch = epochs.get(start);
    const revision = num(line.revision);
    if (epoch === undefined || revision === null) continue;
    const msg = String(line.msg);
    if (APPLIED_REGISTRATION.has(msg) || msg === "broker unregistered") {
      ops.push({
        t,
        broker: String(line.broker),
        ns,
        op: msg === "broker unregistered" ? "unregister" : "register",
        seenBy: "namesrv",
        ok: true,
        epoch,
        revision,
        changed: true,
        error: null,
      });
    } else if (msg === "topic deleted") {
      deletes.push({
        t,
        ns,
        topic: String(line.topic),
        seenBy: "namesrv",
        epoch,
        revision,
        removedFrom: Array.isArray(line.brokerNames) ? line.brokerNames.map(String) : [],
      });
    }
  }
  return { ops, deletes };
}

/**
 * Revisions at which a broker's registration changed a NameServer's table, per (namesrv, epoch,
 * broker): the evidence that "it registered again". A registration after a removal or a topic
 * delete always changes the table (a new member, or topics re-added), so renewals that changed
 * nothing are not evidence.
 */
export class RegistrationIndex {
  private readonly byKey = new Map<string, number[]>();

  constructor(ops: readonly BrokerOpRecord[]) {
    for (const o of ops) {
      if (o.op !== "register" || !o.ok || o.changed !== true || o.epoch === null || o.revision === null)
        continue;
      const key = `${o.ns}|${o.epoch}|${o.broker}`;
      const list = this.byKey.get(key) ?? [];
      list.push(o.revision);
      this.byKey.set(key, list);
    }
    for (const list of this.byKey.values()) list.sort((a, b) => a - b);
  }

  /** True when `broker` registered with namesrv `ns` in `epoch` at a revision in (after, upTo]. */
  registeredBetween(ns: number, epoch: string, broker: string, after: number, upTo = Infinity): boolean {
    const list = this.byKey.get(`${ns}|${epoch}|${broker}`);
    return list?.some((r) => r > after && r <= upTo) ?? false;
  }
}
