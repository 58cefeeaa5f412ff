import { describe, expect, it } from "vitest";
import { formatUptime } from "../../src/cli/commands/status.js";
import { routeSummary } from "../../src/http/dashboard-api.js";
import { p99Ms } from "../../src/http/stats-sampler.js";
import { Buckets } from "../../src/metrics/buckets.js";
import { histogramSamples } from "../../src/metrics/snapshot-metric.js";

describe("Buckets", () => {
  it("counts each observation in the first bucket whose bound it does not exceed, many at once", () => {
    const b = new Buckets([0.001, 0.01, 0.1]);
    b.observe(0.001);
    b.observe(0.005, 3);
    b.observe(5);
    expect([...b.counts]).toEqual([1, 3, 0, 1]);
    expect(b.count).toBe(5);
    expect(b.sum).toBeCloseTo(0.001 + 0.015 + 5);
  });

  it("turns into cumulative Prometheus histogram samples", () => {
    const b = new Buckets([1, 2]);
    b.observe(0.5);
    b.observe(1.5, 2);
    expect(histogramSamples("x", { a: "b" }, b)).toEqual([
      { metricName: "x_bucket", labels: { a: "b", le: "1" }, value: 1 },
      { metricName: "x_bucket", labels: { a: "b", le: "2" }, value: 3 },
      { metricName: "x_bucket", labels: { a: "b", le: "+Inf" }, value: 3 },
      { metricName: "x_sum", labels: { a: "b" }, value: 3.5 },
      { metricName: "x_count", labels: { a: "b" }, value: 3 },
    ]);
  });
});

describe("p99Ms", () => {
  it("is the upper bound of the bucket holding the 99th percentile of what was observed in between", () => {
    const bounds = [0.001, 0.01, 0.1];
    const before = Float64Array.from([5, 0, 0, 0]);
    expect(p99Ms(bounds, Float64Array.from([5, 0, 0, 0]), before)).toBeNull();
    expect(p99Ms(bounds, Float64Array.from([104, 0, 1, 0]), before)).toBe(1);
    expect(p99Ms(bounds, Float64Array.from([6, 98, 2, 0]), before)).toBe(100);
    expect(p99Ms(bounds, Float64Array.from([5, 0, 0, 3]), before)).toBe(100);
  });
});

describe("formatUptime", () => {
  it.each([
    [0, "0s"],
    [42_900, "42s"],
    [7 * 60_000 + 12_000, "7m 12s"],
    [2 * 3_600_000 + 5 * 60_000, "2h 5m"],
    [3 * 86_400_000 + 4 * 3_600_000, "3d 4h"],
  ])("%d ms is %s", (ms, text) => {
    expect(formatUptime(ms)).toBe(text);
  });
});

describe("routeSummary", () => {
  it("names each group with its permission and queue counts", () => {
    const qd = (brokerName: string, perm: number) => ({
      brokerName,
      readQueueNums: 4,
      writeQueueNums: 8,
      perm,
      topicSysFlag: 0,
    });
    expect(
      routeSummary({ queueDatas: [qd("a", 6), qd("b", 4), qd("c", 0)], brokerDatas: [], orderTopicConf: "" }),
    ).toBe("a RW 4/8, b R 4/8, c - 4/8");
    expect(routeSummary({ queueDatas: [], brokerDatas: [], orderTopicConf: "" })).toBe("no queues");
  });
});
