import { once } from "node:events";
import http2 from "node:http2";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WatchRoutesRequest } from "../../gen/ts/namesrv/v1/route_service.js";
import type { NameServerConfig } from "../../src/config/config.js";
import { registration, topic, unary } from "../helpers/grpc.js";
import { httpGet, sample } from "../helpers/http.js";
import { type RawSession, rawSession } from "../helpers/raw-h2.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { FrameRecorder } from "../helpers/watch.js";

/**
 * Issue 13 (5): watch memory is bounded in bytes. A subscriber that stops reading holds at most
 * --watch-max-queued-bytes (plus one frame) in the transport, not 16 frames of 1 MiB; a snapshot
 * is written as the stream drains; an evicted stream is reset, and its bytes leave the budget at once.
 */

const TOPICS = 20_000; // ~3 MB of snapshot: several 1 MiB frames
const MiB = 1024 * 1024;
let t: TestServer | undefined;
const sessions: RawSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  await t?.stop();
  t = undefined;
});

async function server(config: Partial<NameServerConfig>): Promise<TestServer> {
  t = await startTestServer(config);
  const topicConfigs = Array.from({ length: TOPICS }, (_, i) => topic(`topic-${"x".repeat(60)}-${i}`));
  await unary((cb) => t?.broker.registerBroker(registration({ topicConfigs }), cb));
  return t;
}

/** An all_topics watch on a raw connection that never reads. */
async function stuckWatch(s: TestServer) {
  const session = await rawSession(s.server.address, "127.0.0.2");
  sessions.push(session);
  const call = session.open("/namesrv.v1.RouteService/WatchRoutes");
  call.send(
    Buffer.from(WatchRoutesRequest.encode(WatchRoutesRequest.fromPartial({ allTopics: true })).finish()),
  );
  call.stream.end();
  return call;
}

describe("watch memory in bytes", () => {
  it("a subscriber that stops reading holds at most --watch-max-queued-bytes plus one frame", async () => {
    const s = await server({ watchMaxQueuedBytes: 65_536 });
    const blocked = once(s.server.watchHub.events, "blocked");
    await stuckWatch(s);
    await blocked;
    expect(s.server.watchQueuedBytes()).toBeGreaterThan(0);
    expect(s.server.watchQueuedBytes()).toBeLessThanOrEqual(65_536 + MiB + 1024);
  });

  it("namesrv_watch_queued_bytes shows the budget's bytes (not the transport's count of frames)", async () => {
    const s = await server({ watchMaxQueuedBytes: 65_536, httpListen: "127.0.0.1:0" });
    const blocked = once(s.server.watchHub.events, "blocked");
    await stuckWatch(s);
    await blocked;
    expect(s.server.watchQueuedBytes()).toBeGreaterThanOrEqual(65_536);
    // The last small frames may still be on their way: compare once the figure holds still.
    await vi.waitFor(async () => {
      const queued = s.server.watchQueuedBytes();
      const scrape = await httpGet(s.server.httpAddress as string, "/metrics");
      expect(sample(scrape.body, "namesrv_watch_queued_bytes")).toBe(queued);
      expect(s.server.watchQueuedBytes()).toBe(queued);
    });
  });

  it("a reading subscriber gets the whole snapshot, written as it drains", async () => {
    const s = await server({ watchMaxQueuedBytes: 65_536, watchQueuedBytesBudget: 2 * MiB });
    const watch = new FrameRecorder(s.route, { allTopics: true });
    await watch.until((r) => r.consistent !== null);
    expect(watch.view.size).toBe(TOPICS);
    expect(watch.violations).toEqual([]);
    watch.call.cancel();
  }, 60_000);

  it("an evicted stream is reset at the HTTP/2 level: its bytes leave the budget at once, its client still connected", async () => {
    const s = await server({ watchMaxQueuedBytes: 65_536, watchStuckTimeoutMs: 1_000 });
    const blocked = once(s.server.watchHub.events, "blocked");
    const call = await stuckWatch(s);
    await blocked;
    expect(s.server.watchQueuedBytes()).toBeGreaterThan(65_536);
    const evicted = once(s.server.watchHub.events, "evicted");
    s.clock.advance(2_000);
    await evicted;
    // Freed at eviction, not when the client reads or disconnects (it does neither).
    expect(s.server.watchQueuedBytes()).toBe(0);
    // The client, which never read the stream, learns of the reset: RST_STREAM ENHANCE_YOUR_CALM.
    expect(await call.status).toEqual({
      code: -1,
      message: `reset ${http2.constants.NGHTTP2_ENHANCE_YOUR_CALM}`,
    });
    expect(sessions[0]?.session.destroyed).toBe(false);
  });
});
