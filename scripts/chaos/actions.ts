/**
 * Everything the harness does to the system under test during a chaos run, as data: faults
 * (kill, pause, restart, graceful stop, proxy faults) and client operations (KV puts, drains, topic
 * deletes, lookups). The Actor performs each action and logs it with its offset from the start of
 * the run, with the answers of the calls it made. The log is the run's history file: `--replay`
 * performs the same actions in the same order at the same offsets (history.ts).
 */
import { credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { AdminServiceClient } from "../../gen/ts/namesrv/v1/admin_service.js";
import type { RouteClient } from "../../src/client/route-client.js";
import type { BrokerMember, NameServerMember } from "./cluster.js";
import type { ProxyFault } from "./proxy.js";
import type { TopicDeleteRecord } from "./records.js";

export type Action =
  | { readonly kind: "ns-kill" | "ns-start" | "proxy-heal" | "proxy-reset"; readonly ns: number }
  | { readonly kind: "ns-signal"; readonly ns: number; readonly signal: "SIGSTOP" | "SIGCONT" }
  | {
      readonly kind: "proxy-fault";
      readonly ns: number;
      readonly fault: ProxyFault;
      readonly latencyMs: number;
    }
  | { readonly kind: "broker-kill" | "broker-stop"; readonly broker: number }
  | { readonly kind: "broker-start"; readonly broker: number; readonly topics: readonly string[] }
  | { readonly kind: "broker-signal"; readonly broker: number; readonly signal: "SIGSTOP" | "SIGCONT" }
  | { readonly kind: "kv-put"; readonly key: string; readonly value: string }
  | { readonly kind: "drain" | "undrain"; readonly broker: number }
  | { readonly kind: "delete-topic"; readonly topic: string }
  | { readonly kind: "lookup"; readonly client: number; readonly topic: string };

/** One performed action: offset from the run's start (ms), order, and the fault step it began. */
export type LoggedAction = Action & { readonly at: number; readonly seq: number; readonly step?: string };

/** The answer of one call an action made to one NameServer. */
export interface Answer {
  readonly at: number;
  /** `seq` of the action that made the call. */
  readonly of: number;
  readonly ns: number;
  readonly ok: boolean;
  readonly epoch?: string;
  readonly revision?: number;
  readonly detail?: string;
}

const OP_KINDS = new Set(["kv-put", "drain", "undrain", "delete-topic", "lookup"]);

/** True for client operations, false for faults (and the restarts that end them). */
export const isOperation = (a: Action): boolean => OP_KINDS.has(a.kind);

function call<Res>(fn: (cb: (err: ServiceError | null, res?: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => fn((err, res) => (err ? reject(err) : resolve(res as Res))));
}

const deadline = (ms: number) => ({ deadline: Date.now() + ms });

/** A short text of an action, for the fault schedule printed with a violation. */
export function describeAction(a: LoggedAction): string {
  const { at, seq: _seq, step: _step, kind, ...args } = a;
  const text = Object.entries(args)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : v}`)
    .join(" ");
  return `+${(at / 1_000).toFixed(2)}s ${kind}${text === "" ? "" : ` ${text}`}`;
}

export class Actor {
  readonly actions: LoggedAction[] = [];
  readonly answers: Answer[] = [];
  /** Acknowledged KV puts, per NameServer. */
  readonly acked: Array<{ ns: number; key: string; value: string }> = [];
  /** DeleteTopic answers. */
  readonly deletes: TopicDeleteRecord[] = [];
  readonly counts = {
    lookups: 0,
    /** NOT_FOUND: a topic deleted, or a restart topic never registered (most of the drawn names). */
    lookupNotFound: 0,
    lookupErrors: 0,
    kvPuts: 0,
    kvAcked: 0,
    drains: 0,
    topicDeletes: 0,
    topicDeletesAcked: 0,
    topicDeletesRemoving: 0,
    brokerStops: 0,
  };
  readonly faults = new Map<string, number>();
  private readonly admins: AdminServiceClient[];
  private readonly inFlight = new Set<Promise<unknown>>();
  private seq = 0;
  readonly startedAt = Date.now();

  constructor(
    private readonly nss: readonly NameServerMember[],
    private readonly brokers: readonly BrokerMember[],
    private readonly routeClients: readonly RouteClient[],
  ) {
    this.admins = nss.map(
      (n) =>
        new AdminServiceClient(n.proxyAddress, credentials.createInsecure(), {
          "grpc.use_local_subchannel_pool": 1,
        }),
    );
  }

  /** Performs `a` now and logs it; `step` names the fault step it begins (counted by kind). */
  perform(a: Action, step?: string): Promise<void> {
    const logged: LoggedAction = {
      ...a,
      at: Date.now() - this.startedAt,
      seq: this.seq++,
      ...(step ? { step } : {}),
    };
    this.actions.push(logged);
    if (step !== undefined) this.faults.set(step, (this.faults.get(step) ?? 0) + 1);
    const p = this.run(logged).catch(() => undefined);
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  /** Waits for every action still running (calls are bounded by their deadlines). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    for (const a of this.admins) a.close();
  }

  private answer(of: LoggedAction, ns: number, ok: boolean, extra: Partial<Answer> = {}): void {
    this.answers.push({ at: Date.now() - this.startedAt, of: of.seq, ns, ok, ...extra });
  }

  private async run(a: LoggedAction): Promise<void> {
    switch (a.kind) {
      case "ns-kill":
        return (this.nss[a.ns] as NameServerMember).kill();
      case "ns-start": {
        const ns = this.nss[a.ns] as NameServerMember;
        if (!ns.running) await ns.start();
        return;
      }
      case "ns-signal":
        return (this.nss[a.ns] as NameServerMember).signal(a.signal);
      case "proxy-fault":
        return (this.nss[a.ns] as NameServerMember).proxy.inject(a.fault, a.latencyMs);
      case "proxy-heal":
        return (this.nss[a.ns] as NameServerMember).proxy.heal();
      case "proxy-reset":
        return (this.nss[a.ns] as NameServerMember).proxy.reset();
      case "broker-kill":
        return (this.brokers[a.broker] as BrokerMember).kill();
      case "broker-stop": {
        const b = this.brokers[a.broker] as BrokerMember;
        if (b.running) this.counts.brokerStops++;
        return b.stop();
      }
      case "broker-start": {
        const b = this.brokers[a.broker] as BrokerMember;
        await b.stopping;
        b.id.topics = [...a.topics];
        if (!b.running) b.start();
        return;
      }
      case "broker-signal":
        return (this.brokers[a.broker] as BrokerMember).signal(a.signal);
      case "kv-put":
        await Promise.all(
          this.admins.map(async (admin, ns) => {
            this.counts.kvPuts++;
            try {
              const r = await call<{ epoch: bigint; revision: bigint }>((cb) =>
                admin.putKvConfig(
                  { namespace: "CHAOS", key: a.key, value: a.value },
                  new Metadata(),
                  deadline(2_000),
                  cb,
                ),
              );
              this.counts.kvAcked++;
              this.acked.push({ ns, key: a.key, value: a.value });
              this.answer(a, ns, true, { epoch: String(r.epoch), revision: Number(r.revision) });
            } catch (err) {
              // Not acknowledged: it may or may not be there.
              this.answer(a, ns, false, { detail: (err as Error).message });
            }
          }),
        );
        return;
      case "drain":
      case "undrain": {
        const name = (this.brokers[a.broker] as BrokerMember).id.brokerName;
        if (a.kind === "drain") this.counts.drains++;
        await Promise.all(
          this.admins.map(async (admin, ns) => {
            try {
              const r = await call<{ epoch: bigint; revision: bigint }>((cb) =>
                a.kind === "drain"
                  ? admin.wipeWritePermOfBroker({ brokerName: name }, new Metadata(), deadline(2_000), cb)
                  : admin.addWritePermOfBroker({ brokerName: name }, new Metadata(), deadline(2_000), cb),
              );
              this.answer(a, ns, true, { epoch: String(r.epoch), revision: Number(r.revision) });
            } catch (err) {
              this.answer(a, ns, false, { detail: (err as Error).message });
            }
          }),
        );
        return;
      }
      case "delete-topic":
        await Promise.all(
          this.admins.map(async (admin, ns) => {
            this.counts.topicDeletes++;
            try {
              const r = await call<{
                removedBrokerNames: string[];
                topicRemoved: boolean;
                epoch: bigint;
                revision: bigint;
              }>((cb) =>
                admin.deleteTopic({ topic: a.topic, clusterName: "" }, new Metadata(), deadline(2_000), cb),
              );
              this.counts.topicDeletesAcked++;
              if (r.removedBrokerNames.length > 0) this.counts.topicDeletesRemoving++;
              this.deletes.push({
                t: Date.now(),
                ns,
                topic: a.topic,
                seenBy: "client",
                epoch: String(r.epoch),
                revision: Number(r.revision),
                removedFrom: [...r.removedBrokerNames],
              });
              this.answer(a, ns, true, {
                epoch: String(r.epoch),
                revision: Number(r.revision),
                detail: `removed from ${r.removedBrokerNames.join(",") || "none"}${r.topicRemoved ? ", topic gone" : ""}`,
              });
            } catch (err) {
              // Not acknowledged: it may still have been applied (the NameServer's log says so).
              this.answer(a, ns, false, { detail: (err as Error).message });
            }
          }),
        );
        return;
      case "lookup":
        this.counts.lookups++;
        try {
          await (this.routeClients[a.client] as RouteClient).getRoute(a.topic);
        } catch (err) {
          if ((err as { code?: number }).code === status.NOT_FOUND) this.counts.lookupNotFound++;
          else this.counts.lookupErrors++;
        }
        return;
    }
  }
}
