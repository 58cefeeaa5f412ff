import { failedPrecondition, notFound } from "../errors/domain-error.js";
import {
  type BrokerData,
  type BrokerIdentity,
  type BrokerMember,
  Perm,
  type QueueData,
  type Registration,
  type RegistrationHeader,
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
  /**
   * Drained by an operator (WipeWritePermOfBroker): routes show the group's queue datas without
   * WRITE, whatever its registrations say, until `setWritable(name, true)`.
   */
  writeWiped: boolean;
}

/** Options of a RouteTable. */
export interface RouteTableOptions {
  /**
   * Present the smallest live slave of a group without a master as its master (id 0), marked
   * acting and read-only (RocketMQ's supportActingMaster). Default false: such a group shows its
   * slaves under their own ids.
   */
  readonly actingMaster?: boolean;
}

/** RocketMQ topic system flags (TopicSysFlag): bit 0 unit topic, bit 1 unit-sub topic. */
export const TopicSysFlag = { UNIT: 1, UNIT_SUB: 2 } as const;

/** The topic-list selections of ListUnitTopics, on a topic's combined (OR) system flags. */
export type UnitTopicFilter = "unit" | "has-unit-sub" | "has-unit-sub-not-unit";

const UNIT_FILTERS: Record<UnitTopicFilter, (flags: number) => boolean> = {
  unit: (f) => (f & TopicSysFlag.UNIT) !== 0,
  "has-unit-sub": (f) => (f & TopicSysFlag.UNIT_SUB) !== 0,
  "has-unit-sub-not-unit": (f) => (f & TopicSysFlag.UNIT_SUB) !== 0 && (f & TopicSysFlag.UNIT) === 0,
};

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
 * a monotonic revision. It is the only owner of route content: broker registrations, admin
 * operations (drain, topic delete and register) and the ordered-topic configuration all change
 * routes through it, each as one batch.
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
 * - Queue datas are stored as registered; `route()` presents them: a drained group (and an acting
 *   master's group) without WRITE, an acting master under id 0. Whatever changes a presented route
 *   is a batch touching that route's topic, so equal topic revisions mean equal routes.
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
  /** Topic -> ordered-topic configuration (the KV namespace ORDER_TOPIC_CONFIG), topic or not. */
  private readonly orderConfs = new Map<string, string>();
  private readonly actingMaster: boolean;

  /**
   * @param maxTombstones how many topic removals are remembered for `changedSince`; the oldest are
   *   dropped first, which moves `compactedRevision` up. Default 100000.
   */
  constructor(
    private readonly maxTombstones = 100_000,
    options: RouteTableOptions = {},
  ) {
    this.actingMaster = options.actingMaster ?? false;
  }

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

    const renewal = this.renewal(reg);
    if (renewal !== undefined) return renewal;

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

  /**
   * The topic's current route and the revision of its last change, or undefined if unknown. A
   * drained group's queue datas lose WRITE; with `actingMaster`, a group without a master shows its
   * smallest slave under id 0 (marked acting) and its queue datas lose WRITE.
   */
  route(topic: string): { route: TopicRoute; topicRevision: number } | undefined {
    const t = this.topicTable.get(topic);
    if (t === undefined) return undefined;
    const names = [...t.queueDatas.keys()].sort();
    const queueDatas: QueueData[] = [];
    const brokerDatas: BrokerData[] = [];
    for (const n of names) {
      const qd = t.queueDatas.get(n) as QueueData;
      const g = this.groups.get(n);
      const acting = g !== undefined && this.isActing(g);
      const readOnly = acting || g?.writeWiped === true;
      queueDatas.push(readOnly && (qd.perm & Perm.WRITE) !== 0 ? { ...qd, perm: qd.perm & ~Perm.WRITE } : qd);
      if (g !== undefined) brokerDatas.push(acting ? actingBrokerDataOf(g) : brokerDataOf(g));
    }
    const orderTopicConf = this.orderConfs.get(topic) ?? "";
    return { route: { queueDatas, brokerDatas, orderTopicConf }, topicRevision: t.revision };
  }

  /**
   * Drains a group (`writable` false: routes show its queue datas without WRITE, also after later
   * registrations) or ends the drain (true). One batch touching the group's topics whose presented
   * route changes. Returns the number of topics with queue data on the group (RocketMQ's
   * wipeTopicCount / addTopicCount), or undefined when there is no such group.
   */
  setWritable(brokerName: string, writable: boolean): number | undefined {
    const g = this.groups.get(brokerName);
    if (g === undefined) return undefined;
    if (g.writeWiped !== !writable) {
      g.writeWiped = !writable;
      const batch = new Batch();
      if (!this.isActing(g)) {
        for (const name of g.topics) {
          const qd = this.topicTable.get(name)?.queueDatas.get(brokerName);
          if (qd !== undefined && (qd.perm & Perm.WRITE) !== 0) batch.topics.add(name);
        }
      }
      this.commit(batch);
    }
    return g.topics.size;
  }

  /**
   * Removes `topic`'s queue datas from every group, or only from the groups of `clusterName`, in
   * one batch. Returns the groups it was removed from (sorted) and whether the topic is now gone.
   * Deleting what is not there changes nothing.
   */
  deleteTopic(topic: string, clusterName?: string): { removedFrom: string[]; topicRemoved: boolean } {
    const t = this.topicTable.get(topic);
    if (t === undefined) return { removedFrom: [], topicRemoved: true };
    const batch = new Batch();
    const removedFrom: string[] = [];
    for (const name of [...t.queueDatas.keys()].sort()) {
      const g = this.groups.get(name);
      if (g === undefined || (clusterName !== undefined && g.clusterName !== clusterName)) continue;
      this.dropQueueData(g, topic, batch);
      removedFrom.push(name);
    }
    this.commit(batch);
    return { removedFrom, topicRemoved: !this.topicTable.has(topic) };
  }

  /**
   * Sets `topic`'s queue data on each named group (creating the topic if new), leaving its other
   * groups' queue data as it is; one batch. Every group must exist (NOT_FOUND naming
   * `queue_datas[i].broker_name` otherwise, and nothing is applied). A group without a master gets
   * no WRITE bit, as its slave's registration would. Returns true when the route changed.
   */
  registerTopic(topic: string, queueDatas: readonly QueueData[]): boolean {
    const groups = queueDatas.map((qd, i) => {
      const g = this.groups.get(qd.brokerName);
      if (g === undefined) {
        throw notFound(`queue_datas[${i}].broker_name: broker group ${qd.brokerName} is not registered`);
      }
      return g;
    });
    const batch = new Batch();
    queueDatas.forEach((given, i) => {
      const g = groups[i] as Group;
      const qd: QueueData = g.addrs.has(0) ? { ...given } : { ...given, perm: given.perm & ~Perm.WRITE };
      let t = this.topicTable.get(topic);
      if (t === undefined) {
        t = { queueDatas: new Map(), revision: 0 };
        this.topicTable.set(topic, t);
      }
      const old = t.queueDatas.get(g.brokerName);
      if (old !== undefined && sameQueueData(old, qd)) return;
      t.queueDatas.set(g.brokerName, qd);
      g.topics.add(topic);
      batch.topics.add(topic);
    });
    this.commit(batch);
    return !batch.empty;
  }

  /**
   * Sets (or, with undefined or "", removes) the ordered-topic configuration of `topic`. When the
   * topic exists this changes its route: one batch touching it. Kept for topics that do not exist
   * (yet): a topic created later shows it. Returns true when the value changed.
   */
  setOrderTopicConf(topic: string, conf: string | undefined): boolean {
    const value = conf === "" ? undefined : conf;
    if (this.orderConfs.get(topic) === value) return false;
    if (value === undefined) this.orderConfs.delete(topic);
    else this.orderConfs.set(topic, value);
    const batch = new Batch();
    if (this.topicTable.has(topic)) batch.topics.add(topic);
    this.commit(batch);
    return true;
  }

  /** Every ordered-topic configuration held (topic -> conf), sorted by topic. */
  orderTopicConfs(): Map<string, string> {
    return new Map([...this.orderConfs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  hasGroup(brokerName: string): boolean {
    return this.groups.has(brokerName);
  }

  /**
   * RocketMQ's system topic list: the names of all clusters and their groups (or those of one
   * cluster), sorted, and one broker address of those groups (the first group's master, else its
   * smallest id; "" when there is none).
   */
  systemTopics(clusterName?: string): { topics: string[]; brokerAddr: string } {
    const names = new Set<string>();
    let brokerAddr = "";
    for (const name of [...this.groups.keys()].sort()) {
      const g = this.groups.get(name) as Group;
      if (clusterName !== undefined && g.clusterName !== clusterName) continue;
      names.add(g.clusterName);
      names.add(g.brokerName);
      if (brokerAddr === "") brokerAddr = g.addrs.get(smallestId(g)) ?? "";
    }
    return { topics: [...names].sort(), brokerAddr };
  }

  /**
   * Topics (sorted) whose system flags, OR-ed over their queue datas (only those on groups of
   * `clusterName` when given), match `filter`.
   */
  unitTopics(filter: UnitTopicFilter, clusterName?: string): string[] {
    const matches = UNIT_FILTERS[filter];
    const topics: string[] = [];
    for (const [name, t] of this.topicTable) {
      let flags = 0;
      let counted = false;
      for (const qd of t.queueDatas.values()) {
        if (clusterName !== undefined && this.groups.get(qd.brokerName)?.clusterName !== clusterName)
          continue;
        flags |= qd.topicSysFlag;
        counted = true;
      }
      if (counted && matches(flags)) topics.push(name);
    }
    return topics.sort();
  }

  /** Number of topics in the table (cheaper than topicNames().length: no copy, no sort). */
  get topicCount(): number {
    return this.topicTable.size;
  }

  /** Whether group `brokerName` is drained (see Group.writeWiped); false for an unknown group. */
  isDrained(brokerName: string): boolean {
    return this.groups.get(brokerName)?.writeWiped === true;
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
      writeWiped: false,
    };
    this.groups.set(reg.brokerName, g);
    batch.structural = true;
    return g;
  }

  /**
   * Sets the group's queue datas to `reg`'s topic table (names unique, as parseTopicConfigs makes
   * them). A 10,000-topic table is applied in one synchronous step while lookups wait
   * (bench:register), so unchanged entries allocate nothing, and the set of wanted names is only
   * built when the group holds topics the table no longer has.
   */
  private replaceQueueDatas(g: Group, reg: Registration, batch: Batch): void {
    const master = reg.brokerId === 0;
    for (const tc of reg.topics) {
      const perm = master ? tc.perm : tc.perm & ~Perm.WRITE;
      let topic = this.topicTable.get(tc.topicName);
      if (topic === undefined) {
        topic = { queueDatas: new Map(), revision: 0 };
        this.topicTable.set(tc.topicName, topic);
      }
      const old = topic.queueDatas.get(g.brokerName);
      if (
        old !== undefined &&
        old.readQueueNums === tc.readQueueNums &&
        old.writeQueueNums === tc.writeQueueNums &&
        old.perm === perm &&
        old.topicSysFlag === tc.topicSysFlag
      ) {
        continue;
      }
      topic.queueDatas.set(g.brokerName, {
        brokerName: g.brokerName,
        readQueueNums: tc.readQueueNums,
        writeQueueNums: tc.writeQueueNums,
        perm,
        topicSysFlag: tc.topicSysFlag,
      });
      g.topics.add(tc.topicName);
      batch.topics.add(tc.topicName);
    }
    // Every registered topic is in g.topics now (a queue data on the group and its name there go
    // together), so the group holds others only if it holds more names than the table has.
    if (g.topics.size === reg.topics.length) return;
    const wanted = new Set<string>();
    for (const tc of reg.topics) wanted.add(tc.topicName);
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

  /** With `actingMaster`, a group that has members but no master shows its smallest slave as master. */
  private isActing(g: Group): boolean {
    return this.actingMaster && g.addrs.size > 0 && !g.addrs.has(0);
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

  /**
   * The outcome of `reg` if it changes nothing: the same broker (address, cluster, group, id, zone,
   * HA address) with the data version the table holds. Its topic table is then not even read, so
   * callers may skip decoding and validating it. Undefined when the registration must be applied.
   */
  renewal(reg: RegistrationHeader): RegisterOutcome | undefined {
    const existing = this.members.get(reg.brokerAddr);
    const unchanged =
      existing !== undefined &&
      existing.clusterName === reg.clusterName &&
      existing.brokerName === reg.brokerName &&
      existing.brokerId === reg.brokerId &&
      existing.zoneName === reg.zoneName &&
      existing.haServerAddr === reg.haServerAddr &&
      sameDataVersion(existing.dataVersion, reg.dataVersion);
    return unchanged ? this.outcome(reg, false, []) : undefined;
  }

  private outcome(reg: RegistrationHeader, changed: boolean, displaced: string[]): RegisterOutcome {
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

/** A group without a master, its smallest slave presented under id 0 and marked acting. */
function actingBrokerDataOf(g: Group): BrokerData {
  const ids = [...g.addrs.keys()].sort((a, b) => a - b);
  const [first, ...rest] = ids;
  const addrs = new Map<number, string>([[0, g.addrs.get(first as number) as string]]);
  for (const id of rest) addrs.set(id, g.addrs.get(id) as string);
  return {
    cluster: g.clusterName,
    brokerName: g.brokerName,
    brokerAddrs: addrs,
    zoneName: g.zoneName,
    actingMaster: true,
  };
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
