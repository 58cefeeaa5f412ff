import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock/manual-clock.js";
import { LimitLog } from "../../src/server/limit-log.js";

describe("LimitLog", () => {
  it("logs a refusal once per limit and offender per interval, counting the ones in between", () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = pino({ level: "warn" }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const clock = new ManualClock();
    const limits = new LimitLog(clock, log, 60_000);
    for (let i = 0; i < 5; i++) limits.refused("--max-unary-calls-per-address", "127.0.0.2", "too many");
    limits.refused("--max-unary-calls-per-address", "127.0.0.3", "too many");
    limits.refused("--max-connections-per-address", "127.0.0.2", "too many");
    expect(lines.map((l) => [l.limit, l.offender, l.suppressed])).toEqual([
      ["--max-unary-calls-per-address", "127.0.0.2", 0],
      ["--max-unary-calls-per-address", "127.0.0.3", 0],
      ["--max-connections-per-address", "127.0.0.2", 0],
    ]);
    clock.advance(60_000);
    limits.refused("--max-unary-calls-per-address", "127.0.0.2", "too many");
    expect(lines[3]).toMatchObject({
      limit: "--max-unary-calls-per-address",
      offender: "127.0.0.2",
      suppressed: 4,
    });
    expect(lines[3]?.msg).toBe("refused by a limit");
  });
});
