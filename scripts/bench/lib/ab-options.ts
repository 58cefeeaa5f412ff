/**
 * The A/B options every throughput bench (lookup, heartbeat, fanout) takes: another build as one
 * more target, and the same build with metrics off, in either start order.
 */
export const AB_OPTIONS = {
  nodeArgs: { default: "", help: "extra node flags for namesrv, e.g. --cpu-prof (space-separated)" },
  compareWith: {
    default: "",
    help: "another build's dist/src/main.js, measured as one more target (A/B of a change in the same run)",
  },
  metricsAb: {
    default: true,
    help: 'also measure namesrv with metrics off (--http-listen ""), the A/B of the metrics\' cost (--no-metrics-ab to skip)',
  },
  metricsOffFirst: {
    default: false,
    help: "start the metrics-off server (and measure it) before namesrv; alternate runs with and without it, as the processes' start order moves CPU per call by a few % (an A/A run of one build showed it)",
  },
} as const;

/** The A/B target of the metrics' cost: this build with the HTTP listener (and metrics) off. */
export const METRICS_OFF = "namesrv, metrics off";
