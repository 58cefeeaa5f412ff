import type { ChangeListener } from "../route/change-log.js";
import type { BrokerMember, RouteState } from "../route/types.js";

/**
 * The registry's read port: route state by topic and zone, the change log and change notification.
 * What the watch hub and the transports' caches read; nothing here validates or refuses (the
 * Registry's own `route` does, for lookups). Every method answers synchronously from the table as
 * it is now; equal topic revisions mean equal routes.
 */
export interface RouteReader {
  /** Revision of the last applied change batch (0: never changed). */
  readonly revision: number;
  /** The lowest revision `changedSince` can still answer from. */
  readonly compactedRevision: number;
  /** The topic's route (as a client of `zone` sees it, when given), or undefined if unknown. */
  route(topic: string, zone?: string): RouteState | undefined;
  /** Revision of the topic's last change, or undefined if the topic does not exist. */
  topicRevision(topic: string): number | undefined;
  /** The revision at which `topic` was removed, if it is gone and still remembered. */
  removedAt(topic: string): number | undefined;
  hasTopic(topic: string): boolean;
  /** Every topic name, sorted. */
  topicNames(): string[];
  /**
   * Topics (all, or of `among`) changed or removed after `revision`; undefined when `revision` is
   * below `compactedRevision`.
   */
  changedSince(revision: number, among?: Iterable<string>): string[] | undefined;
  /** The broker registered at `addr`, if any. */
  member(addr: string): BrokerMember | undefined;
  /** Calls `listener` after every applied batch (synchronously; it must not throw or block). */
  onChange(listener: ChangeListener): () => void;
}
