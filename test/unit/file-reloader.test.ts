import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock/manual-clock.js";
import { FileReloader } from "../../src/reload/file-reloader.js";
import { tempDir } from "../helpers/admin.js";

let dir: string;
let path: string;
let logs: Array<{ level: number; msg: string; err?: string }>;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  dir = await tempDir();
  path = join(dir, "value.txt");
  await writeFile(path, "1");
  logs = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function reloader(onReload: (n: number) => void = () => {}) {
  const parsed: string[] = [];
  const r = new FileReloader<number>({
    paths: [path],
    clock,
    intervalMs: 1000,
    log: pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line)) }),
    what: "number file",
    parse: (contents) => {
      const got = contents.get(path);
      if (got === undefined || got instanceof Error) throw new Error(`cannot read ${path}`);
      parsed.push(got.toString());
      const n = Number(got.toString());
      if (!Number.isInteger(n)) throw new Error(`${path}: not an integer`);
      return n;
    },
    onReload,
  });
  return { r, parsed };
}

describe("FileReloader", () => {
  it("makes the first value at once and throws for unusable files at start", async () => {
    expect(reloader().r.current).toBe(1);
    await writeFile(path, "x");
    expect(() => reloader()).toThrow(/not an integer/);
  });

  it("reads again only when a file changed, and applies a usable change", async () => {
    const applied: number[] = [];
    const { r, parsed } = reloader((n) => applied.push(n));
    clock.advance(3000);
    expect(parsed).toEqual(["1"]);
    await writeFile(path, "22");
    clock.advance(1000);
    expect(r.current).toBe(22);
    expect(applied).toEqual([22]);
    expect(logs.map((l) => l.msg)).toEqual(["number file reloaded"]);
    r.close();
  });

  it("keeps the last good value for an unusable or missing file, and logs why", async () => {
    const { r } = reloader();
    await writeFile(path, "not a number");
    r.check();
    expect(r.current).toBe(1);
    expect(logs[0]).toMatchObject({
      level: 50,
      msg: "number file changed but is unusable; keeping the previous one",
    });
    expect(logs[0]?.err).toMatch(/not an integer/);
    await rm(path);
    r.check();
    expect(r.current).toBe(1);
    expect(logs[1]?.err).toMatch(/cannot read/);
    await writeFile(path, "3");
    r.check();
    expect(r.current).toBe(3);
    r.close();
  });

  it("close stops the checks", () => {
    const before = clock.pendingTimers();
    const { r } = reloader();
    expect(clock.pendingTimers()).toBe(before + 1);
    r.close();
    expect(clock.pendingTimers()).toBe(before);
  });
});
