import type { Metric } from "prom-client";
import type { Buckets } from "./buckets.js";

export type Labels = Readonly<Record<string, string>>;

/** One sample of a metric family: its labels, its value, and for histograms the series name. */
export interface Sample {
  readonly labels: Labels;
  readonly value: number;
  readonly metricName?: string;
}

type MetricType = "counter" | "gauge" | "histogram";

/**
 * A metric whose samples are read from the NameServer's own state when scraped, for prom-client's
 * Registry (which formats it, in the Prometheus text format or OpenMetrics). Nothing is recorded
 * through prom-client on the serving path: the state it reads is plain numbers kept where the
 * events happen (or the table itself), so metrics cost the hot path an increment at most.
 */
export function snapshotMetric(
  name: string,
  help: string,
  type: MetricType,
  samples: () => Sample[],
): Metric {
  const metric = {
    name,
    help,
    type,
    aggregator: "sum",
    collect() {},
    reset() {},
    get() {
      return { name: metric.name, help, type, aggregator: "sum", values: samples() }; // metric.name: OpenMetrics strips "_total"
    },
  };
  return metric as unknown as Metric;
}

/** A histogram's samples (`_bucket` cumulative with `le`, `_sum`, `_count`) for one label set. */
export function histogramSamples(name: string, labels: Labels, buckets: Buckets): Sample[] {
  const out: Sample[] = [];
  let cumulative = 0;
  for (let i = 0; i < buckets.counts.length; i++) {
    cumulative += buckets.counts[i] as number;
    const le = i < buckets.bounds.length ? String(buckets.bounds[i]) : "+Inf";
    out.push({ metricName: `${name}_bucket`, labels: { ...labels, le }, value: cumulative });
  }
  out.push({ metricName: `${name}_sum`, labels, value: buckets.sum });
  out.push({ metricName: `${name}_count`, labels, value: buckets.count });
  return out;
}
