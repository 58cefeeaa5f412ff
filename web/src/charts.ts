import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { StatsPoint } from "./api.js";

/** Points kept on the charts: five minutes of one-second samples. */
const KEEP = 300;

type Series = (p: StatsPoint) => number | null;

/** The four small charts over the last minutes, fed with the server's pushed stats points. */
export class Charts {
  private readonly xs: number[] = [];
  private readonly ys: (number | null)[][];
  private readonly plots: uPlot[];

  constructor(specs: { el: HTMLElement; series: Series; color: string }[]) {
    this.ys = specs.map(() => []);
    this.plots = specs.map(
      (spec, i) =>
        new uPlot(
          {
            width: Math.max(200, spec.el.clientWidth || 260),
            height: 120,
            legend: { show: false },
            cursor: { show: false },
            scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
            axes: [
              { size: 24, font: "10px sans-serif" },
              { size: 44, font: "10px sans-serif" },
            ],
            series: [{}, { stroke: spec.color, width: 1.5, fill: `${spec.color}22`, spanGaps: true }],
          },
          [this.xs, this.ys[i] as (number | null)[]],
          spec.el,
        ),
    );
    this.series = specs.map((s) => s.series);
  }

  private readonly series: Series[];

  /** Replaces the data with `points` (history on connect) and draws. */
  reset(points: readonly StatsPoint[], serverStartMs: number): void {
    this.xs.length = 0;
    for (const ys of this.ys) ys.length = 0;
    for (const p of points) this.push(p, serverStartMs, false);
    this.redraw();
  }

  /** Adds one point and draws. */
  add(point: StatsPoint, serverStartMs: number): void {
    this.push(point, serverStartMs, true);
  }

  private push(p: StatsPoint, serverStartMs: number, draw: boolean): void {
    this.xs.push((serverStartMs + p.t) / 1000);
    this.series.forEach((f, i) => {
      this.ys[i]?.push(f(p));
    });
    if (this.xs.length > KEEP) {
      this.xs.shift();
      for (const ys of this.ys) ys.shift();
    }
    if (draw) this.redraw();
  }

  private redraw(): void {
    this.plots.forEach((plot, i) => {
      plot.setData([this.xs, this.ys[i] as (number | null)[]]);
    });
  }
}
