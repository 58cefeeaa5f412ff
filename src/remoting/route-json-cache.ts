/** Entries kept at most; the one used least recently is dropped first. About 1 KB each for a route of a few brokers. */
export const ROUTE_JSON_CACHE_ENTRIES = 10_000;

interface Entry {
  readonly topicRevision: number;
  readonly body: Buffer;
}

/**
 * Encoded GET_ROUTEINFO_BY_TOPIC answers, keyed by topic, zone and JSON dialect (RocketMQ's
 * clients before 4.9.4 get fastjson's non-standard maps), each valid for one topic revision: equal
 * topic revisions mean equal routes, so a kept body is checked against the topic's revision on
 * every read and rebuilt when it moved. RocketMQ's clients poll every topic they use every 30 s,
 * so most lookups ask for a route that has not changed; this is the remoting side's counterpart
 * of the gRPC side's RouteBytesCache.
 *
 * Bounded in entries: a topic deleted and never asked for again leaves an entry behind until
 * entries used more recently push it out.
 */
export class RouteJsonCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = ROUTE_JSON_CACHE_ENTRIES) {}

  /** The body for `topic` in `zone` at `topicRevision`, built by `build` when not kept. */
  body(topic: string, zone: string, standard: boolean, topicRevision: number, build: () => Buffer): Buffer {
    const key = `${standard ? "s" : "f"}${zone}\u0000${topic}`;
    const kept = this.entries.get(key);
    // Re-inserted last on every use: the entries used least recently are dropped first.
    this.entries.delete(key);
    if (kept !== undefined && kept.topicRevision === topicRevision) {
      this.entries.set(key, kept);
      return kept.body;
    }
    const body = build();
    this.entries.set(key, { topicRevision, body });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return body;
  }

  get size(): number {
    return this.entries.size;
  }
}
