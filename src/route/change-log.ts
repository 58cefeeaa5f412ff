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

/**
 * The route table's change log: the table's revision, the revision of each topic's last change,
 * the revisions of remembered removals (tombstones), and the listeners told of every batch.
 *
 * - `record` applies one batch: the revision is bumped once, every touched topic is stamped with
 *   it (or tombstoned when it no longer exists), and listeners are told, in that order.
 * - Tombstones are bounded by `maxTombstones`; the oldest are forgotten first, which moves
 *   `compactedRevision` up: below it, `changedSince` cannot answer (a removal could be missed).
 */
export class ChangeLog {
  private current = 0;
  /** Existing topics -> revision of their last change. */
  private readonly revisions = new Map<string, number>();
  /** Removed topics -> revision of their removal, oldest first. */
  private readonly tombstones = new Map<string, number>();
  private compacted = 0;
  private readonly listeners = new Set<ChangeListener>();

  /** @param maxTombstones how many topic removals are remembered for `changedSince` (default 100000). */
  constructor(private readonly maxTombstones = 100_000) {}

  /** Revision of the last applied batch; 0 for a table never changed. */
  get revision(): number {
    return this.current;
  }

  /** The lowest revision from which `changedSince` can still answer. */
  get compactedRevision(): number {
    return this.compacted;
  }

  /** Revision of the topic's last change, or undefined if the topic does not exist. */
  topicRevision(topic: string): number | undefined {
    return this.revisions.get(topic);
  }

  /** The revision at which `topic` was removed, if it is gone and still remembered. */
  removedAt(topic: string): number | undefined {
    return this.tombstones.get(topic);
  }

  /** Registers `listener` for every future batch; returns a function that removes it. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
      const rev = this.revisions.get(name) ?? this.tombstones.get(name);
      if (rev !== undefined && rev > revision) changed.push(name);
    };
    if (among !== undefined) {
      for (const name of among) consider(name);
    } else {
      for (const name of this.revisions.keys()) consider(name);
      for (const name of this.tombstones.keys()) consider(name);
    }
    return changed;
  }

  /**
   * Applies one batch of touched topics; `exists(name)` tells whether each still exists. Does
   * nothing (no revision) when `touched` is empty and `structural` is false. Returns the revision.
   */
  record(touched: ReadonlySet<string>, structural: boolean, exists: (topic: string) => boolean): number {
    if (touched.size === 0 && !structural) return this.current;
    const revision = ++this.current;
    for (const name of touched) {
      this.tombstones.delete(name);
      if (exists(name)) {
        this.revisions.set(name, revision);
      } else {
        this.revisions.delete(name);
        this.tombstones.set(name, revision);
      }
    }
    for (const [name, removedAt] of this.tombstones) {
      if (this.tombstones.size <= this.maxTombstones) break;
      this.tombstones.delete(name);
      this.compacted = removedAt;
    }
    const change: ChangeBatch = { revision, topics: [...touched].sort() };
    for (const listener of this.listeners) listener(change);
    return revision;
  }
}
