import { collectDefaultMetrics, Registry as PromRegistry } from "prom-client";
import type { Registry } from "../registry/registry.js";
import type { BuildInfo } from "../version.js";
import type { WatchHub } from "../watch/watch-hub.js";
import type { GrpcCallStats } from "./grpc-call-stats.js";
import { LivenessStats } from "./liveness-stats.js";
import { histogramSamples, type Sample, snapshotMetric } from "./snapshot-metric.js";
import type { WatchStats } from "./watch-stats.js";

/** What the gRPC transport tells about its long-lived streams. */
export interface StreamCounts {
  /** Open heartbeat streams (StreamSet). */
  readonly heartbeatStreams: number;
  /** Bytes of watch frames queued in the transport, over all streams: the WatchBudget's figure, O(1). */
  watchQueuedBytes(): number;
}

export interface MetricSources {
  readonly registry: Registry;
  readonly hub: WatchHub;
  readonly watch: WatchStats;
  readonly grpc: GrpcCallStats;
  readonly streams: StreamCounts;
  readonly build: BuildInfo;
}

/** The NameServer's Prometheus registry and what feeds it. */
export interface NameServerMetrics {
  /** The Prometheus text format registry. */
  readonly prom: PromRegistry;
  /**
   * The same metrics for OpenMetrics scrapes, made on first use. A registry of its own: prom-client
   * renames counters in place when it writes OpenMetrics, so the two cannot share metric objects.
   */
  openMetrics(): PromRegistry;
  /** Counts the server keeps for the dashboard's charts too. */
  readonly liveness: LivenessStats;
  /** Stops listening to the registry and hub. Idempotent. */
  close(): void;
}

/**
 * Builds the metrics registry: the families named in docs/observability.md, read from the sources
 * at scrape time, plus prom-client's process and Node.js defaults. Table gauges come from the
 * registry's public read methods; a scrape walks the broker groups (only when the revision moved),
 * never the topics or the streams.
 */
export function createMetrics(src: MetricSources): NameServerMetrics {
  const liveness = new LivenessStats(src.registry);
  let evictions = 0;
  const onEvicted = () => {
    evictions++;
  };
  src.hub.events.on("evicted", onEvicted);
  const byLabel = <K extends string>(label: string, counts: ReadonlyMap<K, number>): Sample[] =>
    [...counts].map(([k, value]) => ({ labels: { [label]: k }, value }));
  let counted: { revision: number; brokers: Sample[]; groups: Sample[] } | undefined;
  const clusterCounts = () => {
    const { revision } = src.registry.version();
    if (counted?.revision === revision) return counted;
    const { groups } = src.registry.queries.brokerGroups();
    const brokers = new Map<string, number>();
    const perCluster = new Map<string, number>();
    for (const g of groups) {
      brokers.set(g.cluster, (brokers.get(g.cluster) ?? 0) + g.brokerAddrs.size);
      perCluster.set(g.cluster, (perCluster.get(g.cluster) ?? 0) + 1);
    }
    counted = { revision, brokers: byLabel("cluster", brokers), groups: byLabel("cluster", perCluster) };
    return counted;
  };
  const populate = (prom: PromRegistry): PromRegistry => {
    collectDefaultMetrics({ register: prom });
    // process_open_fds reads /proc/self/fd at every scrape: about 10 ms of CPU with 10,000 open
    // connections, twice the scrape budget. The host's exporters count a process's descriptors.
    prom.removeSingleMetric("process_open_fds");
    const add = (...args: Parameters<typeof snapshotMetric>) => prom.registerMetric(snapshotMetric(...args));
    const one = (value: number): Sample[] => [{ labels: {}, value }];

    // gRPC, in go-grpc-prometheus's names and labels.
    const grpc = src.grpc;
    add("grpc_server_started_total", "RPCs started on the server.", "counter", () => grpc.counter("started"));
    add("grpc_server_handled_total", "RPCs completed on the server, by status code.", "counter", () =>
      grpc.handled(),
    );
    add(
      "grpc_server_handling_seconds",
      "Time from the start of a unary RPC to its status, seconds.",
      "histogram",
      () => grpc.handlingSeconds("grpc_server_handling_seconds"),
    );
    add("grpc_server_msg_received_total", "Stream messages received on the server.", "counter", () =>
      grpc.counter("received"),
    );
    add("grpc_server_msg_sent_total", "Stream messages sent by the server.", "counter", () =>
      grpc.counter("sent"),
    );

    // The table: a pass over the broker groups (never the topics), redone only when the revision
    // moved since the last scrape (groups change only in a new revision).
    add("namesrv_brokers", "Registered brokers, by cluster.", "gauge", () => clusterCounts().brokers);
    add("namesrv_broker_groups", "Broker groups, by cluster.", "gauge", () => clusterCounts().groups);
    add("namesrv_topics", "Topics in the route table.", "gauge", () => one(src.registry.topicCount()));
    add("namesrv_route_revision", "The route table's revision.", "gauge", () =>
      one(src.registry.version().revision),
    );
    const epoch = src.registry.epoch.toString();
    add("namesrv_epoch_info", "The process epoch (random per start), as a label; value 1.", "gauge", () => [
      { labels: { epoch }, value: 1 },
    ]);

    // Liveness.
    add("namesrv_heartbeats_total", "Heartbeats received.", "counter", () => one(liveness.heartbeats));
    add(
      "namesrv_broker_registrations_total",
      "RegisterBroker calls, by result: changed, unchanged, refused.",
      "counter",
      () => byLabel("result", liveness.registrations),
    );
    add(
      "namesrv_broker_removals_total",
      "Brokers removed from the table, by reason: unregister, stream_loss, timeout, admin.",
      "counter",
      () => byLabel("reason", liveness.removals),
    );
    add("namesrv_heartbeat_streams", "Open heartbeat streams.", "gauge", () =>
      one(src.streams.heartbeatStreams),
    );

    // Watch.
    const watch = src.watch;
    add(
      "namesrv_watch_subscribers",
      "Open route watches (WatchRoutes and the dashboard's feed).",
      "gauge",
      () => one(src.hub.size),
    );
    add("namesrv_watch_frames_sent_total", "Watch frames handed to streams.", "counter", () =>
      one(watch.frames),
    );
    add(
      "namesrv_watch_resets_total",
      "Watches resumed from an unusable point and sent a RESET, by reason.",
      "counter",
      () => byLabel("reason", watch.resets),
    );
    add("namesrv_watch_evictions_total", "Watches closed for staying backed up too long.", "counter", () =>
      one(evictions),
    );
    add(
      "namesrv_watch_queued_bytes",
      "Bytes written to watch streams that the transport has not taken yet.",
      "gauge",
      () => one(src.streams.watchQueuedBytes()),
    );
    add(
      "namesrv_watch_notify_seconds",
      "Push latency: from a revision's commit to its frame handed to each subscriber's stream, seconds.",
      "histogram",
      () => histogramSamples("namesrv_watch_notify_seconds", {}, watch.notify),
    );

    // The process.
    const build = src.build;
    add("namesrv_build_info", "This build; value 1.", "gauge", () => [
      {
        labels: {
          version: build.version,
          node: build.node,
          ...(build.commit === "" ? {} : { commit: build.commit }),
        },
        value: 1,
      },
    ]);

    return prom;
  };
  const prom = populate(new PromRegistry());
  let open: PromRegistry | undefined;
  let closed = false;
  return {
    prom,
    openMetrics: () => {
      // prom-client's types allow no content type argument here; its constructor takes one.
      const OpenMetricsRegistry = PromRegistry as unknown as new (contentType: string) => PromRegistry;
      open ??= populate(new OpenMetricsRegistry(PromRegistry.OPENMETRICS_CONTENT_TYPE));
      return open;
    },
    liveness,
    close() {
      if (closed) return;
      closed = true;
      liveness.close();
      src.hub.events.off("evicted", onEvicted);
    },
  };
}
