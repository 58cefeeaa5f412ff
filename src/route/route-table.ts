import { Fenced, GroupNotFound, OwnershipConflict } from "../errors/domain-error.js";
import { type ChangeListener, ChangeLog } from "./change-log.js";
import { isActing, presentRoute } from "./presentation.js";
import {
  type BrokerIdentity,
  type BrokerMember,
  Perm,
  type QueueData,
  type Registration,
  type RegistrationHeader,
  type RouteState,
  routeForZone,
  sameDataVersion,
  sameQueueData,
  type TopicConfig,
} from "./types.js";

export type { ChangeBatch, ChangeListener } from "./change-log.js";

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
  /**
   * Digest of the topic table last applied from the group's queue-data source (its master, or its
   * smallest slave when it has none); undefined when unknown (applied from plain data).
   */
  tableDigest: string | undefined;
  /**
   * An operator removed queue data of this group (DeleteTopic): the next registration of its
   * source re-adds the topics it lists, even with an unchanged data version (as RocketMQ does).
   */
  needsHeal: boolean;
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

interface Topic {
  /** broker name -> queue data */
  readonly queueDatas: Map<string, QueueData>;
}

/** Read-only views of the table's state, for the admin list queries (route-queries.ts). */
export interface GroupView {
  readonly clusterName: string;
  readonly brokerName: string;
  readonly zoneName: string;
  readonly addrs: ReadonlyMap<number, string>;
  readonly topics: ReadonlySet<string>;
  /** Drained by an operator (see Group.writeWiped). */
  readonly writeWiped: boolean;
}
export interface TableView {
  readonly groups: ReadonlyMap<string, GroupView>;
  readonly topics: ReadonlyMap<string, { readonly queueDatas: ReadonlyMap<string, QueueData> }>;
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
 * routes through it, each as one batch recorded in its change log (change-log.ts).
 *
 * Private to the domain: the Registry is its one front door (writes), and hands out this table
 * only as the read port `RouteReader`.
 *
 * - A broker is identified by its address; an address lives under one broker id of one group.
 * - A group (broker_name) belongs to one cluster. Only its master (id 0), or with no master its
 *   smallest remaining slave, sets its queue data; such a registration with a changed data version
 *   replaces the group's queue data with the given topic table. Permissions are kept as
 *   registered, whoever registered them (as RocketMQ); only the presentation differs (below).
 * - A registration whose data version equals the one held for that broker (`renewal`) changes no
 *   queue data, except that `heal` re-adds listed topics the group lacks (RocketMQ's
 *   isTopicConfigChanged): a topic deleted only here, or added by a broker without bumping its
 *   data version, comes back with the broker's next periodic registration.
 * - A registration for an id held by another address is fenced off when the holder's
 *   state_version is greater; otherwise it takes the id over.
 * - Each mutation is one batch: if it changed anything visible, the revision is bumped once, every
 *   touched topic is stamped with it, and listeners are told. A failed mutation changes nothing:
 *   every check runs before the first write.
 * - Queue datas are stored as registered; `route()` presents them: a drained group (and, with
 *   acting master on, a masterless group) without WRITE, an acting master under id 0. Whatever
 *   changes a presented route is a batch touching that route's topic, so equal topic revisions
 *   mean equal routes.
 *
 * Not thread-safe by design: Node runs it on one thread and every method completes synchronously.
 */
export class RouteTable {
  private readonly log: ChangeLog;
  private readonly members = new Map<string, BrokerMember>();
  private readonly groups = new Map<string, Group>();
  private readonly topicTable = new Map<string, Topic>();
  /** Topic -> ordered-topic configuration (the KV namespace ORDER_TOPIC_CONFIG), topic or not. */
  private readonly orderConfs = new Map<string, string>();
  /** `orderConfs` sorted by topic, built once per change (handed to every registering broker). */
  private sortedOrderConfs: ReadonlyMap<string, string> | null = null;
  private readonly actingMaster: boolean;
  private readonly exists = (topic: string) => this.topicTable.has(topic);

  /**
   * @param maxTombstones how many topic removals are remembered for `changedSince`; the oldest are
   *   dropped first, which moves `compactedRevision` up. Default 100000.
   */
  constructor(maxTombstones = 100_000, options: RouteTableOptions = {}) {
    this.log = new ChangeLog(maxTombstones);
    this.actingMaster = options.actingMaster ?? false;
  }

  /** Revision of the last applied batch; 0 for an empty, never-changed table. */
  get revision(): number {
    return this.log.revision;
  }

  /** Registers `listener` for every future batch; returns a function that removes it. */
  onChange(listener: ChangeListener): () => void {
    return this.log.onChange(listener);
  }

  /** See ChangeLog.compactedRevision. */
  get compactedRevision(): number {
    return this.log.compactedRevision;
  }

  /** See ChangeLog.changedSince. */
  changedSince(revision: number, among?: Iterable<string>): string[] | undefined {
    return this.log.changedSince(revision, among);
  }

  /** The revision at which `topic` was removed, if it is gone and still remembered. */
  removedAt(topic: string): number | undefined {
    return this.log.removedAt(topic);
  }

  /** Revision of the topic's last change, or undefined if the topic does not exist. */
  topicRevision(topic: string): number | undefined {
    return this.log.topicRevision(topic);
  }

  member(addr: string): BrokerMember | undefined {
    return this.members.get(addr);
  }

  hasTopic(topic: string): boolean {
    return this.topicTable.has(topic);
  }

  /** The table's state, read-only, for the admin list queries (route-queries.ts). */
  get view(): TableView {
    return { groups: this.groups, topics: this.topicTable };
  }

  /**
   * A registration: `renewal` when it changes nothing, else `apply`. `digest` identifies the
   * encoded topic table (see `needsHeal`).
   */
  register(reg: Registration, digest?: string): RegisterOutcome {
    return this.renewal(reg) ?? this.apply(reg, digest);
  }

  /**
   * Applies a registration whose data version (or identity) differs from the one held: checks
   * ownership and fencing, records the member, and, from the group's queue-data source, replaces
   * the group's queue data with `reg.topics`. `digest` identifies that topic table.
   */
  apply(reg: Registration, digest?: string): RegisterOutcome {
    const existing = this.members.get(reg.brokerAddr);
    const group = this.groups.get(reg.brokerName);
    const holder = this.checkRegistration(reg, existing, group);

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
    if (reg.brokerId === smallestId(g)) {
      this.replaceQueueDatas(g, reg, batch);
      g.tableDigest = digest;
      g.needsHeal = false;
    }
    this.commit(batch);
    return this.outcome(reg, !batch.empty, displaced);
  }

  /**
   * Whether an unchanged registration (a `renewal`) of `reg` must read its topic table to heal the
   * group: it comes from the group's queue-data source, and the group was changed by an operator
   * since, or its table's `digest` differs from the last applied one (or is unknown). Otherwise
   * the table is not even decoded, which keeps periodic re-registrations cheap.
   */
  needsHeal(reg: RegistrationHeader, digest: string | undefined): boolean {
    const g = this.groups.get(reg.brokerName);
    if (g === undefined || reg.brokerId !== smallestId(g)) return false;
    return g.needsHeal || digest === undefined || digest !== g.tableDigest;
  }

  /**
   * RocketMQ's unchanged re-registration: every listed topic that has no queue data on the group
   * gets the listed one; queue data the group has is left as it is. One batch. `reg` must be a
   * renewal from the group's source (see `needsHeal`).
   */
  heal(reg: Registration, digest: string | undefined): RegisterOutcome {
    const g = this.groups.get(reg.brokerName);
    const batch = new Batch();
    if (g !== undefined) {
      for (const tc of reg.topics) {
        const topic = this.topicTable.get(tc.topicName);
        if (topic?.queueDatas.has(g.brokerName) === true) continue;
        this.setQueueData(g, tc.topicName, queueDataOf(g.brokerName, tc), batch);
      }
      g.tableDigest = digest;
      g.needsHeal = false;
    }
    this.commit(batch);
    return this.outcome(reg, !batch.empty, []);
  }

  /**
   * Removes the broker at `id.brokerAddr` (unregister is by address). Returns false when no broker
   * is registered there. The cluster and group must match the registered ones.
   */
  unregister(id: BrokerIdentity): boolean {
    const member = this.members.get(id.brokerAddr);
    if (member === undefined) return false;
    if (member.clusterName !== id.clusterName || member.brokerName !== id.brokerName) {
      throw new OwnershipConflict(
        `broker_addr: ${id.brokerAddr} is registered as broker ${member.brokerName} of cluster ${member.clusterName}, not ${id.brokerName} of cluster ${id.clusterName}`,
        { brokerAddr: id.brokerAddr, brokerName: member.brokerName, clusterName: member.clusterName },
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

  /**
   * The topic's current route and the revision of its last change, or undefined if unknown. A
   * drained group's queue datas lose WRITE; with `actingMaster`, a group without a master shows its
   * smallest slave under id 0 (marked acting) and its queue datas lose WRITE. With `zone` (not
   * ""), the route as a client of that zone sees it (`routeForZone`).
   */
  route(topic: string, zone = ""): RouteState | undefined {
    const found = this.presented(topic);
    if (found === undefined || zone === "") return found;
    return { route: routeForZone(found.route, zone), topicRevision: found.topicRevision };
  }

  private presented(topic: string): RouteState | undefined {
    const t = this.topicTable.get(topic);
    if (t === undefined) return undefined;
    return {
      route: presentRoute(t.queueDatas, this.groups, this.actingMaster, this.orderConfs.get(topic) ?? ""),
      topicRevision: this.log.topicRevision(topic) as number,
    };
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
   * Deleting what is not there changes nothing. A group's next registration brings the topic
   * back if its broker still lists it (`heal`), as in RocketMQ.
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
      g.needsHeal = true;
      removedFrom.push(name);
    }
    this.commit(batch);
    return { removedFrom, topicRemoved: !this.topicTable.has(topic) };
  }

  /**
   * Sets `topic`'s queue data on each named group (creating the topic if new), leaving its other
   * groups' queue data as it is; one batch. Every group must exist (GroupNotFound naming
   * `queue_datas[i].broker_name` otherwise, and nothing is applied). Permissions are kept as
   * given, as a registration's are. Returns true when the route changed.
   */
  registerTopic(topic: string, queueDatas: readonly QueueData[]): boolean {
    const groups = queueDatas.map((qd, i) => {
      const g = this.groups.get(qd.brokerName);
      if (g === undefined) throw new GroupNotFound(qd.brokerName, `queue_datas[${i}].broker_name`);
      return g;
    });
    const batch = new Batch();
    queueDatas.forEach((given, i) => {
      const g = groups[i] as Group;
      const old = this.topicTable.get(topic)?.queueDatas.get(g.brokerName);
      if (old !== undefined && sameQueueData(old, given)) return;
      this.setQueueData(g, topic, { ...given }, batch);
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
    this.sortedOrderConfs = null;
    const batch = new Batch();
    if (this.topicTable.has(topic)) batch.topics.add(topic);
    this.commit(batch);
    return true;
  }

  /** Every ordered-topic configuration held (topic -> conf), sorted by topic; built once per change. */
  orderTopicConfs(): ReadonlyMap<string, string> {
    this.sortedOrderConfs ??= new Map([...this.orderConfs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return this.sortedOrderConfs;
  }

  /** Topic names, sorted. */
  topicNames(): string[] {
    return [...this.topicTable.keys()].sort();
  }

  /** Runs every check of `apply` before any write; returns the address to displace, if any. */
  private checkRegistration(
    reg: Registration,
    existing: BrokerMember | undefined,
    group: Group | undefined,
  ): string | undefined {
    if (existing !== undefined && existing.brokerName !== reg.brokerName) {
      throw new OwnershipConflict(
        `broker_addr: ${reg.brokerAddr} is registered as broker ${existing.brokerName} id ${existing.brokerId} of cluster ${existing.clusterName}; unregister it first`,
        { brokerAddr: reg.brokerAddr, brokerName: existing.brokerName, clusterName: existing.clusterName },
      );
    }
    if (group !== undefined && group.clusterName !== reg.clusterName) {
      throw new OwnershipConflict(
        `broker_name: group ${reg.brokerName} belongs to cluster ${group.clusterName}, not ${reg.clusterName}`,
        { brokerName: reg.brokerName, clusterName: group.clusterName },
      );
    }
    const holder = group?.addrs.get(reg.brokerId);
    if (holder === undefined || holder === reg.brokerAddr) return undefined;
    const held = this.members.get(holder);
    if (held !== undefined && held.dataVersion.stateVersion > reg.dataVersion.stateVersion) {
      throw new Fenced(
        `broker_id: id ${reg.brokerId} of group ${reg.brokerName} is held by ${holder} with state_version ${held.dataVersion.stateVersion}, newer than ${reg.dataVersion.stateVersion}`,
        { brokerName: reg.brokerName, brokerId: String(reg.brokerId), holder },
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
      tableDigest: undefined,
      needsHeal: false,
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
    for (const tc of reg.topics) {
      const old = this.topicTable.get(tc.topicName)?.queueDatas.get(g.brokerName);
      if (
        old !== undefined &&
        old.readQueueNums === tc.readQueueNums &&
        old.writeQueueNums === tc.writeQueueNums &&
        old.perm === tc.perm &&
        old.topicSysFlag === tc.topicSysFlag
      ) {
        continue;
      }
      this.setQueueData(g, tc.topicName, queueDataOf(g.brokerName, tc), batch);
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

  private setQueueData(g: Group, topicName: string, qd: QueueData, batch: Batch): void {
    let topic = this.topicTable.get(topicName);
    if (topic === undefined) {
      topic = { queueDatas: new Map() };
      this.topicTable.set(topicName, topic);
    }
    topic.queueDatas.set(g.brokerName, qd);
    g.topics.add(topicName);
    batch.topics.add(topicName);
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

  private isActing(g: Group): boolean {
    return isActing(g, this.actingMaster);
  }

  /** The group's addresses or zone changed: every route that shows the group changed. */
  private touchGroup(g: Group, batch: Batch): void {
    batch.structural = true;
    for (const t of g.topics) batch.topics.add(t);
  }

  private commit(batch: Batch): void {
    this.log.record(batch.topics, batch.structural, this.exists);
  }

  /**
   * The outcome of `reg` if it changes nothing: the same broker (address, cluster, group, id, zone,
   * HA address) with the data version the table holds. Its topic table is then not read (unless
   * `needsHeal`), so callers may skip decoding and validating it. Undefined when the registration
   * must be applied.
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
    return { changed, revision: this.log.revision, masterAddr, masterHaServerAddr, displaced };
  }
}

function queueDataOf(brokerName: string, tc: TopicConfig): QueueData {
  return {
    brokerName,
    readQueueNums: tc.readQueueNums,
    writeQueueNums: tc.writeQueueNums,
    perm: tc.perm,
    topicSysFlag: tc.topicSysFlag,
  };
}

function smallestId(g: Group): number {
  let min = Number.POSITIVE_INFINITY;
  for (const id of g.addrs.keys()) if (id < min) min = id;
  return min;
}
