/**
 * A client's view of a WatchRoutes stream, built only from the frames it received (in the canonical
 * protobuf JSON mapping the interop programs print), following the framing documented on
 * RouteService.WatchRoutes: SNAPSHOT_BEGIN clears the view, `routes` frames set or remove topics,
 * END_OF_SNAPSHOT / PROGRESS / a `routes` frame with more = false outside a snapshot leave the
 * view consistent at the frame's revision.
 */
export interface FrameJson {
  epoch?: string;
  revision?: string;
  snapshotBegin?: object;
  routes?: { updates?: UpdateJson[]; more?: boolean };
  endOfSnapshot?: object;
  reset?: object;
  progress?: object;
}

export interface UpdateJson {
  topic: string;
  route?: unknown;
  topicRevision?: string;
  removed?: boolean;
}

export class WatchView {
  /** topic -> route (JSON), as of `revision` when `consistent`. */
  readonly routes = new Map<string, unknown>();
  revision = 0n;
  consistent = false;
  snapshots = 0;
  inSnapshot = false;
  /** Every update received after the first snapshot completed, with its frame's revision. */
  readonly changes: Array<UpdateJson & { frameRevision: bigint }> = [];
  /** Protocol violations seen (a decreasing revision, routes before any snapshot, ...). */
  readonly violations: string[] = [];

  apply(frame: FrameJson): void {
    const revision = BigInt(frame.revision ?? "0");
    if (revision < this.revision)
      this.violations.push(`revision went back from ${this.revision} to ${revision}`);
    this.revision = revision;
    if (frame.snapshotBegin) {
      this.routes.clear();
      this.inSnapshot = true;
      this.consistent = false;
      this.snapshots++;
    } else if (frame.routes) {
      if (this.snapshots === 0) this.violations.push("routes before any snapshot");
      for (const u of frame.routes.updates ?? []) {
        if (u.removed) this.routes.delete(u.topic);
        else this.routes.set(u.topic, u.route);
        if (!this.inSnapshot) this.changes.push({ ...u, frameRevision: revision });
      }
      this.consistent = !this.inSnapshot && frame.routes.more !== true;
    } else if (frame.endOfSnapshot) {
      if (!this.inSnapshot) this.violations.push("END_OF_SNAPSHOT without SNAPSHOT_BEGIN");
      this.inSnapshot = false;
      this.consistent = true;
    } else if (frame.progress) {
      this.consistent = !this.inSnapshot;
    } else if (frame.reset) {
      this.consistent = false; // a fresh snapshot follows
    }
  }
}
