/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`, e.g. `npm run bench:lookup -- --node-args
 * "--cpu-prof --cpu-prof-dir=/tmp/prof"`): the functions with the most self time, or with
 * `--under NAME` the call tree below the functions whose name starts with NAME.
 *
 *   node dist/scripts/bench/profile-top.js FILE.cpuprofile [--top 30] [--under onReceiveHalfClose] [--depth 5]
 */
import { readFileSync } from "node:fs";
import { parseOptions } from "./lib/args.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const OPTIONS = {
  top: { default: 30, help: "functions to list" },
  under: { default: "", help: "print the call tree below functions whose name starts with this" },
  depth: { default: 5, help: "tree depth with --under" },
  minMs: { default: 5, help: "hide tree entries under this many ms" },
} as const;

function main(): void {
  const file = process.argv[2];
  if (file === undefined || file.startsWith("--")) {
    process.stderr.write("usage: profile-top.js FILE.cpuprofile [--top N] [--under NAME] [--depth N]\n");
    process.exit(2);
  }
  const opts = parseOptions("profile-top", OPTIONS, process.argv.slice(3));
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const name = (n: ProfileNode) =>
    `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").slice(-2).join("/")}:${n.callFrame.lineNumber + 1}`;
  const inclusive = new Map<number, number>();
  const incl = (id: number): number => {
    const cached = inclusive.get(id);
    if (cached !== undefined) return cached;
    const n = byId.get(id) as ProfileNode;
    let t = selfUs.get(id) ?? 0;
    for (const c of n.children ?? []) t += incl(c);
    inclusive.set(id, t);
    return t;
  };
  const ms = (us: number) => `${(us / 1000).toFixed(1).padStart(9)} ms`;

  if (opts.under === "") {
    const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
    const byName = new Map<string, number>();
    for (const [id, us] of selfUs) {
      const k = name(byId.get(id) as ProfileNode);
      byName.set(k, (byName.get(k) ?? 0) + us);
    }
    process.stdout.write(`total ${ms(total)} (idle included)\nself time:\n`);
    for (const [k, us] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, opts.top)) {
      process.stdout.write(`${ms(us)} ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}\n`);
    }
    return;
  }
  // Call tree below the outermost matching functions, merged by name at each level.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const matches = new Set(p.nodes.filter((n) => name(n).startsWith(opts.under)).map((n) => n.id));
  const roots = [...matches].filter((id) => {
    for (let a = parent.get(id); a !== undefined; a = parent.get(a)) if (matches.has(a)) return false;
    return true;
  });
  const print = (ids: number[], depth: number, indent: string) => {
    const groups = new Map<string, { t: number; self: number; kids: number[] }>();
    for (const id of ids) {
      const n = byId.get(id) as ProfileNode;
      const g = groups.get(name(n)) ?? { t: 0, self: 0, kids: [] };
      g.t += incl(id);
      g.self += selfUs.get(id) ?? 0;
      g.kids.push(...(n.children ?? []));
      groups.set(name(n), g);
    }
    for (const [k, g] of [...groups].sort((a, b) => b[1].t - a[1].t)) {
      if (g.t / 1000 < opts.minMs) continue;
      process.stdout.write(`${indent}${ms(g.t)} (self ${(g.self / 1000).toFixed(1)}) ${k}\n`);
      if (depth < opts.depth) print(g.kids, depth + 1, `${indent}  `);
    }
  };
  print(roots, 0, "");
}

main();
