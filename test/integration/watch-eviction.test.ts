import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { type LineProcess, spawnCli } from "../helpers/cli.js";
import { registration, topic, unary } from "../helpers/grpc.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

/**
 * Issue 13 (5): an evicted watch is reset at the HTTP/2 level, so its memory is freed at once, and
 * the SDK's watcher resumes from its last revision. The watcher is a real process (`namesrvctl
 * watch`, a RouteClient on a RouteWatcher) that is SIGSTOPped: it stops reading its socket, as a
 * client in a long GC pause or a stalled host does, and the server evicts its stream meanwhile.
 */

const TOPICS = 5_000; // a change of every topic is ~0.5 MB: far more than the stream's window
const name = (i: number) => `topic-${"x".repeat(60)}-${i}`;
const version = (counter: bigint) => ({ stateVersion: 1n, timestamp: counter, counter });

let t: TestServer | undefined;
let cli: LineProcess | undefined;
afterEach(async () => {
  cli?.kill("SIGCONT");
  cli?.kill();
  await cli?.exited;
  cli = undefined;
  await t?.stop();
  t = undefined;
});

describe("an evicted watcher", () => {
  it("is reset at once, while its process is stopped, and resumes from its last revision when it runs again", async () => {
    t = await startTestServer({ watchMaxQueuedBytes: 65_536, watchStuckTimeoutMs: 1_000 });
    const s = t;
    const base = registration({ topicConfigs: Array.from({ length: TOPICS }, (_, i) => topic(name(i))) });
    await unary((cb) => s.broker.registerBroker(base, cb));
    cli = spawnCli(["--namesrv", s.server.address, "watch", "--json"]);
    const watcher = cli;
    await watcher.until((p) => p.json().some((l) => l.snapshot === true), "the first snapshot");
    const synced = Number(watcher.json()[0]?.revision);

    watcher.kill("SIGSTOP");
    // Every topic changes (queue counts): frames of ~0.5 MB the stopped process cannot take.
    const blocked = once(s.server.watchHub.events, "blocked");
    const changed = Array.from({ length: TOPICS }, (_, i) => topic(name(i), { readQueueNums: 8 }));
    await unary((cb) =>
      s.broker.registerBroker({ ...base, dataVersion: version(2n), topicConfigs: changed }, cb),
    );
    await blocked;
    expect(s.server.watchQueuedBytes()).toBeGreaterThan(0);
    const evicted = once(s.server.watchHub.events, "evicted");
    s.clock.advance(2_000);
    await evicted;
    // Freed at eviction: the watcher's process has neither read nor disconnected.
    expect(s.server.watchQueuedBytes()).toBe(0);
    expect(s.server.watchHub.size).toBe(0);

    watcher.kill("SIGCONT");
    await watcher.until((p) => /RESOURCE_EXHAUSTED/.test(p.stderr), "the reset reported");
    const now = s.server.registry.routes.revision;
    await watcher.until(
      (p) => p.json().some((l) => Number(l.revision) >= now),
      `a change set at revision ${now}`,
    );
    const after = watcher.json().filter((l) => Number(l.revision) > synced);
    // Resumed from its last revision: the changes since, not a new snapshot.
    expect(after.map((l) => l.snapshot)).toEqual([false]);
    const update = (after[0]?.updated ?? {}) as Record<
      string,
      { queueDatas: Array<{ readQueueNums: number }> }
    >;
    expect(Object.keys(update)).toHaveLength(TOPICS);
    expect(update[name(0)]?.queueDatas[0]?.readQueueNums).toBe(8);
  }, 60_000);
});
