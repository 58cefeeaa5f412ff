import { failedPrecondition } from "../errors/domain-error.js";
import {
  type BrokerData,
  type BrokerIdentity,
  type BrokerMember,
  Perm,
  type QueueData,
  type Registration,
  sameDataVersion,
  sameQueueData,
  type TopicRoute,
} from "./types.js";

/**
 * One applied change batch: every topic whose route changed (or that was removed) at `revision`.
 * Listeners run synchronously after the batch is applied and must not throw or block.
 */
export interface ChangeBatch {
  readonly revision: number;
  /** Topics whose route changed at this revision; a topic no longer in the table was removed. */
  readonly topics: readonly string[];
}

export type ChangeListener = (batch: ChangeBatch) => void;

/** What a registration did. */
export interface RegisterOutcome {
  /** True when the table changed (a new revision was applied). */
  readonly changed: boolean;
  /** The table's revision after the registration. */
  readonly revision: number;
  /** For a slave: the group's master address and its HA address ("" when none). */
  readonly masterAddr: string;
  readonly masterHaServerAddr: string;
  /** Addresses that lost their place to this registration (fencing takeover of a broker id). */
  readonly displaced: readonly string[];
}

interface Group {
  readonly clusterName: string;
  readonly brokerName: string;
  zoneName: string;
  /** broker id -> address */
  readonly addrs: Map<number, string>;
  /** Topics that have queue data on this group. */
  readonly topics: Set<string>;
}

interface Topic {
  /** broker name -> queue data */
  readonly queueDatas: Map<string, QueueData>;
  /** Revision of the topic's last change. */
  revision: number;
}

/** Collects what one mutation touched; applied as one revision. */
class Batch {
  readonly topics = new Set<string>();
  /** Something visible outside routes changed (cluster membership of groups). */
  structural = false;
  get empty(): boolean {
    return this.topics.size === 0 && !this.structural;
  }
}

/**
 * The versioned route table: RocketMQ's registration rules (apache/rocketmq RouteInfoManager) with
 * a monotonic revision.
 *
 * - A broker is identified by its address; an address lives under one broker id of one group.
 * - A group (broker_name) belongs to one cluster. Only its master (id 0), or with no master its
 *   smallest remaining slave (which publishes without WRITE), sets its queue data; such a
 *   registration replaces the group's queue data with the given topic table.
 * - A registration whose data version equals the one held for that broker changes nothing.
 * - A registration for an id held by another address is fenced off when the holder's
 *   state_version is greater; otherwise it takes the id over.
 * - Each mutation is one batch: if it changed anything visible, the revision is bumped once, every
 *   touched topic is stamped with it, and listeners are told. A failed mutation changes nothing:
 *   every check runs before the first write.
 *
 * Not thread-safe by design: Node runs it on one thread and every method completes synchronously.
 */
export class RouteTable {
  private currentRevision = 0;
  /** Removed topics -> revision of their removal, oldest first; bounded by `maxTombstones`. */
  private readonly tombstones = new Map<string, number>();
  /** Changes at or below this revision are no longer all known (tombstones dropped). */
  private compacted = 0;
  private readonly members = new Map<string, BrokerMember>();
  private readonly groups = new Map<string, Group>();
  private readonly topicTable = new Map<string, Topic>();
  private readonly listeners = new Set<ChangeListener>();

  /**
   * @param maxTombstones how many topic removals are remembered for `changedSince`; the oldest are
   *   dropped first, which moves `compactedRevision` up. Default 100000.
   */
  constructor(private readonly maxTombstones = 100_000) {}

  /** Revision of the last applied batch; 0 for an empty, never-changed table. */
  get revision(): number {
    return this.currentRevision;
  }

  /** Registers `listener` for every future batch; returns a function that removes it. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The lowest revision from which `changedSince` can still answer: every change after it is
   * known. Grows when old topic removals are forgotten.
   */
  get compactedRevision(): number {
    return this.compacted;
  }

  /**
   * Names of the topics (all, or those in `among`) whose route changed or that were removed after
   * `revision`; undefined when `revision` is below `compactedRevision` (the answer could miss
   * removals). With the routes read now, they bring a view as of `revision` to the current one.
   */
  changedSince(revision: number, among?: Iterable<string>): string[] | undefined {
    if (revision < this.compacted) return undefined;
    const changed: string[] = [];
    const consider = (name: string) => {
      const rev = this.topicTable.get(name)?.revision ?? this.tombstones.get(name);
      if (rev !== undefined && rev > revision) changed.push(name);
    };
    if (among !== undefined) {
      for (const name of among) consider(name);
    } else {
      for (const name of this.topicTable.keys()) consider(name);
      for (const name of this.tombstones.keys()) consider(name);
    }
    return changed;
  }

  /** The revision at which `topic` was removed, if it is gone and still remembered. */
  removedAt(topic: string): number | undefined {
    return this.tombstones.get(topic);
  }

  member(addr: string): BrokerMember | undefined {
    return this.members.get(addr);
  }

  register(reg: Registration): RegisterOutcome {
    const existing = this.members.get(reg.brokerAddr);
    const group = this.groups.get(reg.brokerName);
    const holder = this.checkRegistration(reg, existing, group);

    const unchanged =
      existing !== undefined &&
      existing.brokerId === reg.brokerId &&
      existing.zoneName === reg.zoneName &&
      existing.haServerAddr === reg.haServerAddr &&
      sameDataVersion(existing.dataVersion, reg.dataVersion);
    if (unchanged) return this.outcome(reg, false, []);

    const batch = new Batch();
    const displaced: string[] = [];
    if (holder !== undefined) {
      this.members.delete(holder);
      displaced.push(holder);
    }
    const g = group ?? this.createGroup(reg, batch);
    if (existing !== undefined && existing.brokerId !== reg.brokerId) {
      // Slave promoted to master (or renumbered): the address moves to its new id.
      g.addrs.delete(existing.brokerId);
      this.touchGroup(g, batch);
    }
    if (g.addrs.get(reg.brokerId) !== reg.brokerAddr) {
      g.addrs.set(reg.brokerId, reg.brokerAddr);
      this.touchGroup(g, batch);
    }
    if (g.zoneName !== reg.zoneName) {
      g.zoneName = reg.zoneName;
      this.touchGroup(g, batch);
    }
    this.members.set(reg.brokerAddr, {
      clusterName: reg.clusterName,
      brokerName: reg.brokerName,
      brokerId: reg.brokerId,
      brokerAddr: reg.brokerAddr,
      haServerAddr: reg.haServerAddr,
      zoneName: reg.zoneName,
      dataVersion: reg.dataVersion,
    });
    if (reg.brokerId === smallestId(g)) this.replaceQueueDatas(g, reg, batch);
    this.commit(batch);
    return this.outcome(reg, !batch.empty, displaced);
  }

  /**
   * Removes the broker at `id.brokerAddr` (unregister is by address). Returns false when no broker
   * is registered there. The cluster and group must match the registered ones.
   */
  unregister(id: BrokerIdentity): boolean {
    const member = this.members.get(id.brokerAddr);
    if (member === undefined) return false;
    if (member.clusterName !== id.clusterName || member.brokerName !== id.brokerName) {
      throw failedPrecondition(
        `broker_addr: ${id.brokerAddr} is registered as broker ${member.brokerName} of cluster ${member.clusterName}, not ${id.brokerName} of cluster ${id.clusterName}`,
      );
    }
    const batch = new Batch();
    this.removeMember(member, batch);
    this.commit(batch);
    return true;
  }

  /** Removes every listed broker that is registered, all in one revision. Returns the removed ones. */
  removeBrokers(addrs: Iterable<string>): BrokerMember[] {
    const batch = new Batch();
    const removed: BrokerMember[] = [];
    for (const addr of addrs) {
      const member = this.members.get(addr);
      if (member === undefined) continue;
      this.removeMember(member, batch);
      removed.push(member);
    }
    this.commit(batch);
    return removed;
  }

  hasTopic(topic: string): boolean {
    return this.topicTable.has(topic);
  }

  /** Revision of the topic's last change, or undefined if the topic does not exist. */
  topicRevision(topic: string): number | undefined {
    return this.topicTable.get(topic)?.revision;
  }

  /** The topic's current route and the revision of its last change, or undefined if unknown. */
  route(topic: string): { route: TopicRoute; topicRevision: number } | undefined {
    const t = this.topicTable.get(topic);
    if (t === undefined) return undefined;
    const names = [...t.queueDatas.keys()].sort();
    const queueDatas = names.map((n) => t.queueDatas.get(n) as QueueData);
    const brokerDatas: BrokerData[] = [];
    for (const n of names) {
      const g = this.groups.get(n);
      if (g !== undefined) brokerDatas.push(brokerDataOf(g));
    }
    return { route: { queueDatas, brokerDatas, orderTopicConf: "" }, topicRevision: t.revision };
  }

  /** Every group (sorted by name) with its members. */
  brokerGroups(): BrokerData[] {
    return [...this.groups.keys()].sort().map((n) => brokerDataOf(this.groups.get(n) as Group));
  }

  /** Topic names, sorted; only those with queue data on a group of `clusterName` when given. */
  topicNames(clusterName?: string): string[] {
    if (clusterName === undefined) return [...this.topicTable.keys()].sort();
    const names = new Set<string>();
    for (const g of this.groups.values()) {
      if (g.clusterName !== clusterName) continue;
      for (const t of g.topics) names.add(t);
    }
    return [...names].sort();
  }

  hasCluster(clusterName: string): boolean {
    for (const g of this.groups.values()) if (g.clusterName === clusterName) return true;
    return false;
  }

  /** Runs every check of `register` before any write; returns the address to displace, if any. */
  private checkRegistration(
    reg: Registration,
    existing: BrokerMember | undefined,
    group: Group | undefined,
  ): string | undefined {
    if (existing !== undefined && existing.brokerName !== reg.brokerName) {
      throw failedPrecondition(
        `broker_addr: ${reg.brokerAddr} is registered as broker ${existing.brokerName} id ${existing.brokerId} of cluster ${existing.clusterName}; unregister it first`,
      );
    }
    if (group !== undefined && group.clusterName !== reg.clusterName) {
      throw failedPrecondition(
        `broker_name: group ${reg.brokerName} belongs to cluster ${group.clusterName}, not ${reg.clusterName}`,
      );
    }
    const holder = group?.addrs.get(reg.brokerId);
    if (holder === undefined || holder === reg.brokerAddr) return undefined;
    const held = this.members.get(holder);
    if (held !== undefined && held.dataVersion.stateVersion > reg.dataVersion.stateVersion) {
      throw failedPrecondition(
        `broker_id: id ${reg.brokerId} of group ${reg.brokerName} is held by ${holder} with state_version ${held.dataVersion.stateVersion}, newer than ${reg.dataVersion.stateVersion}`,
      );
    }
    return holder;
  }

  private createGroup(reg: Registration, batch: Batch): Group {
    const g: Group = {
      clusterName: reg.clusterName,
      brokerName: reg.brokerName,
      zoneName: reg.zoneName,
      addrs: new Map(),
      topics: new Set(),
    };
    this.groups.set(reg.brokerName, g);
    batch.structural = true;
    return g;
  }

  /** Makes the group's queue data exactly the registration's topic table. */
  private replaceQueueDatas(g: Group, reg: Registration, batch: Batch): void {
    const master = reg.brokerId === 0;
    const wanted = new Set<string>();
    for (const tc of reg.topics) {
      wanted.add(tc.topicName);
      const qd: QueueData = {
        brokerName: g.brokerName,
        readQueueNums: tc.readQueueNums,
        writeQueueNums: tc.writeQueueNums,
        perm: master ? tc.perm : tc.perm & ~Perm.WRITE,
        topicSysFlag: tc.topicSysFlag,
      };
      let topic = this.topicTable.get(tc.topicName);
      if (topic === undefined) {
        topic = { queueDatas: new Map(), revision: 0 };
        this.topicTable.set(tc.topicName, topic);
      }
      const old = topic.queueDatas.get(g.brokerName);
      if (old !== undefined && sameQueueData(old, qd)) continue;
      topic.queueDatas.set(g.brokerName, qd);
      g.topics.add(tc.topicName);
      batch.topics.add(tc.topicName);
    }
    for (const name of [...g.topics]) {
      if (!wanted.has(name)) this.dropQueueData(g, name, batch);
    }
  }

  private removeMember(member: BrokerMember, batch: Batch): void {
    this.members.delete(member.brokerAddr);
    const g = this.groups.get(member.brokerName);
    if (g === undefined || g.addrs.get(member.brokerId) !== member.brokerAddr) return;
    g.addrs.delete(member.brokerId);
    if (g.addrs.size > 0) {
      this.touchGroup(g, batch);
      return;
    }
    for (const name of [...g.topics]) this.dropQueueData(g, name, batch);
    this.groups.delete(g.brokerName);
    batch.structural = true;
  }

  private dropQueueData(g: Group, topicName: string, batch: Batch): void {
    g.topics.delete(topicName);
    const topic = this.topicTable.get(topicName);
    if (topic === undefined) return;
    topic.queueDatas.delete(g.brokerName);
    if (topic.queueDatas.size === 0) this.topicTable.delete(topicName);
    batch.topics.add(topicName);
  }

  /** The group's addresses or zone changed: every route that shows the group changed. */
  private touchGroup(g: Group, batch: Batch): void {
    batch.structural = true;
    for (const t of g.topics) batch.topics.add(t);
  }

  private commit(batch: Batch): void {
    if (batch.empty) return;
    const revision = ++this.currentRevision;
    for (const name of batch.topics) {
      const t = this.topicTable.get(name);
      this.tombstones.delete(name);
      if (t !== undefined) t.revision = revision;
      else this.tombstones.set(name, revision);
    }
    for (const [name, removedAt] of this.tombstones) {
      if (this.tombstones.size <= this.maxTombstones) break;
      this.tombstones.delete(name);
      this.compacted = removedAt;
    }
    const change: ChangeBatch = { revision, topics: [...batch.topics].sort() };
    for (const listener of this.listeners) listener(change);
  }

  private outcome(reg: Registration, changed: boolean, displaced: string[]): RegisterOutcome {
    let masterAddr = "";
    let masterHaServerAddr = "";
    if (reg.brokerId !== 0) {
      masterAddr = this.groups.get(reg.brokerName)?.addrs.get(0) ?? "";
      masterHaServerAddr = masterAddr === "" ? "" : (this.members.get(masterAddr)?.haServerAddr ?? "");
    }
    return { changed, revision: this.currentRevision, masterAddr, masterHaServerAddr, displaced };
  }
}

function smallestId(g: Group): number {
  let min = Number.POSITIVE_INFINITY;
  for (const id of g.addrs.keys()) if (id < min) min = id;
  return min;
}

function brokerDataOf(g: Group): BrokerData {
  const ids = [...g.addrs.keys()].sort((a, b) => a - b);
  return {
    cluster: g.clusterName,
    brokerName: g.brokerName,
    brokerAddrs: new Map(ids.map((id) => [id, g.addrs.get(id) as string])),
    zoneName: g.zoneName,
  };
}
