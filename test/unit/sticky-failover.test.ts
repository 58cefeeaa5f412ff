import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { NameServerError } from "../../src/client/errors.js";
import { silentSdkLogger } from "../../src/client/logger.js";
import { StickyFailover } from "../../src/client/sticky-failover.js";

/** A random source that returns `values` in turn (then repeats the last one). */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] as number;
}

/** An attempt that fails with `code` on the addresses in `down` and answers its address elsewhere. */
function attemptWith(down: ReadonlySet<string>, code = status.UNAVAILABLE, seen: string[] = []) {
  return async (address: string): Promise<string> => {
    seen.push(address);
    if (down.has(address)) throw new NameServerError(code, "connection refused", address);
    return `answer of ${address}`;
  };
}

function failoverOf(addrs: string[], random: () => number) {
  const moves: Array<[string, string, number]> = [];
  const f = new StickyFailover(addrs, random, silentSdkLogger, (from, to, err) =>
    moves.push([from, to, err.code]),
  );
  return { f, moves };
}

describe("StickyFailover", () => {
  it("starts on a random NameServer and stays on it while it answers", async () => {
    // 0.5 of three picks the middle one.
    const { f, moves } = failoverOf(["a:1", "b:1", "c:1"], sequence(0.5));
    expect(f.current).toBe("b:1");
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      expect(await f.run(attemptWith(new Set(), status.UNAVAILABLE, seen))).toEqual({
        value: "answer of b:1",
        address: "b:1",
      });
    }
    expect(seen).toEqual(["b:1", "b:1", "b:1"]);
    expect(moves).toEqual([]);
  });

  it("fails over to a random other one (not the next), which becomes the sticky choice", async () => {
    // First pick a:1; after it fails, 0.99 picks the last of the others (c:1), not the next (b:1).
    const { f, moves } = failoverOf(["a:1", "b:1", "c:1"], sequence(0, 0.99));
    const seen: string[] = [];
    const r = await f.run(attemptWith(new Set(["a:1"]), status.DEADLINE_EXCEEDED, seen));
    expect(r).toEqual({ value: "answer of c:1", address: "c:1" });
    expect(seen).toEqual(["a:1", "c:1"]);
    expect(moves).toEqual([["a:1", "c:1", status.DEADLINE_EXCEEDED]]);
    expect(f.current).toBe("c:1");
    expect((await f.run(attemptWith(new Set(["a:1"])))).address).toBe("c:1");
  });

  it("an answer that is an error (NOT_FOUND, INVALID_ARGUMENT, ...) is thrown as is, without failover", async () => {
    const { f, moves } = failoverOf(["a:1", "b:1"], sequence(0));
    const seen: string[] = [];
    const err = await f.run(attemptWith(new Set(["a:1"]), status.NOT_FOUND, seen)).catch((e) => e);
    expect(err).toBeInstanceOf(NameServerError);
    expect(err.code).toBe(status.NOT_FOUND);
    expect(seen).toEqual(["a:1"]);
    expect(moves).toEqual([]);
    expect(f.current).toBe("a:1");
  });

  it("tries each NameServer once, then rejects naming every one it tried", async () => {
    const { f } = failoverOf(["a:1", "b:1", "c:1"], sequence(0));
    const seen: string[] = [];
    const err = await f
      .run(attemptWith(new Set(["a:1", "b:1", "c:1"]), status.UNAVAILABLE, seen))
      .catch((e) => e);
    expect(seen).toEqual(["a:1", "b:1", "c:1"]);
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(err.details).toBe("no NameServer reachable (tried a:1, b:1, c:1): connection refused");
  });

  it("concurrent calls failing on the same NameServer move the choice once", async () => {
    const { f, moves } = failoverOf(["a:1", "b:1"], sequence(0));
    const results = await Promise.all([1, 2, 3].map(() => f.run(attemptWith(new Set(["a:1"])))));
    expect(results.map((r) => r.address)).toEqual(["b:1", "b:1", "b:1"]);
    expect(moves).toEqual([["a:1", "b:1", status.UNAVAILABLE]]);
  });

  it("after close() an unreachable NameServer ends the call instead of failing over", async () => {
    const { f, moves } = failoverOf(["a:1", "b:1"], sequence(0));
    f.close();
    f.close();
    const seen: string[] = [];
    const err = await f.run(attemptWith(new Set(["a:1"]), status.UNAVAILABLE, seen)).catch((e) => e);
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(seen).toEqual(["a:1"]);
    expect(moves).toEqual([]);
  });
});
