import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  Server,
  ServerCredentials,
  type ServerWritableStream,
  type ServiceError,
  status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import {
  RouteServiceService,
  type WatchRoutesRequest,
  WatchRoutesResponse,
} from "../../gen/ts/namesrv/v1/route_service.js";
import { type RouteChange, RouteWatcher } from "../../src/client/route-watcher.js";

/**
 * The shared conformance vectors (test/vectors/README.md) replayed by a real grpc-js server on
 * 127.0.0.1:0 to the SDK's RouteWatcher: the server checks the resume point of every connect,
 * sends the frames and ends streams with the recorded statuses; the test checks the watcher's
 * events, position and view at every step that expects events (the server waits for that check
 * before the next frame). test/unit/watch-vectors.test.ts runs the same files against the
 * transport-free WatchState.
 */

interface Pos {
  epoch: string;
  revision: string;
}
interface Expect {
  events: unknown[];
  position: Pos | null;
  view?: Record<string, { topicRevision: string; route: unknown }>;
}
interface Step {
  op: "connect" | "frame" | "end";
  resume?: Pos;
  frame?: unknown;
  status?: { code: number; message: string };
  expect?: Expect;
}
interface VectorCase {
  name: string;
  watch: { topics?: string[]; allTopics?: boolean };
  steps: Step[];
}

const dir = join(import.meta.dirname, "..", "vectors", "watch");
const cases: VectorCase[] = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as VectorCase);

/** A promise with its resolve function, for the server/test hand-offs. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

describe("WatchRoutes conformance vectors through RouteWatcher", () => {
  for (const c of cases) {
    it(c.name, async () => {
      let pos = 0;
      const failures: string[] = [];
      /** Resolved by the server after it sent a frame whose step expects events. */
      let sent = deferred<number>();
      /** Resolved by the test once it checked that step. */
      let proceed = deferred<void>();
      const done = deferred<void>();
      const finish = () => {
        if (pos === c.steps.length) done.resolve();
      };

      /**
       * Plays the steps of one stream; true = keep the stream open afterwards (until the watcher
       * drops it). It runs for one stream at a time (see `turn`).
       */
      const serve = async (call: ServerWritableStream<WatchRoutesRequest, WatchRoutesResponse>) => {
        const connect = c.steps[pos];
        if (connect?.op !== "connect") {
          failures.push(`step ${pos}: the watcher connected, but the step is ${connect?.op}`);
          return true;
        }
        const got = {
          epoch: String(call.request.resumeEpoch),
          revision: String(call.request.resumeRevision),
        };
        if (got.epoch !== connect.resume?.epoch || got.revision !== connect.resume?.revision) {
          failures.push(
            `step ${pos}: resume point sent ${JSON.stringify(got)}, want ${JSON.stringify(connect.resume)}`,
          );
        }
        pos++;
        while (pos < c.steps.length) {
          const i = pos;
          const step = c.steps[i] as Step;
          if (step.op === "connect") {
            failures.push(`step ${i}: connect while the stream is open`);
            return true;
          }
          if (step.op === "end") {
            pos++;
            finish();
            const err: Partial<ServiceError> = {
              code: step.status?.code ?? status.UNAVAILABLE,
              details: step.status?.message ?? "",
            };
            call.emit("error", err);
            return false;
          }
          call.write(WatchRoutesResponse.fromJSON(step.frame));
          pos++;
          if ((step.expect?.events.length ?? 0) > 0) {
            sent.resolve(i);
            await proceed.promise;
          }
          finish();
          if (step.expect?.events.some((e) => (e as { type: string }).type === "protocolError")) return true;
        }
        return true;
      };
      // One stream at a time: a reconnect (after a protocol error) waits until the test has
      // checked the step the previous stream is waiting on.
      let turn = Promise.resolve();
      const watchRoutes = async (call: ServerWritableStream<WatchRoutesRequest, WatchRoutesResponse>) => {
        const ended = new Promise<void>((resolve) => call.on("cancelled", () => resolve()));
        const previous = turn;
        let release = () => {};
        turn = new Promise<void>((resolve) => {
          release = resolve;
        });
        await previous;
        let keepOpen: boolean;
        try {
          keepOpen = await serve(call);
        } finally {
          release();
        }
        if (keepOpen) await ended;
      };

      const server = new Server();
      server.addService(RouteServiceService, { watchRoutes } as unknown as UntypedServiceImplementation);
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (err, p) =>
          err ? reject(err) : resolve(p),
        ),
      );
      cleanup.push(() => server.forceShutdown());

      const watcher = new RouteWatcher({
        address: `127.0.0.1:${port}`,
        topics: c.watch.allTopics ? "all" : (c.watch.topics ?? []),
        initialBackoffMs: 1,
        maxBackoffMs: 5,
      });
      cleanup.push(() => watcher.close());
      const events: unknown[] = [];
      watcher.on("change", (ch: RouteChange) =>
        events.push({
          type: "change",
          epoch: String(ch.epoch),
          revision: String(ch.revision),
          updated: [...ch.updated].sort(),
          removed: [...ch.removed].sort(),
        }),
      );
      watcher.on("progress", (epoch, revision) =>
        events.push({ type: "progress", epoch: String(epoch), revision: String(revision) }),
      );
      watcher.on("reset", (reason) => events.push({ type: "reset", reason }));
      watcher.on("protocolError", () => events.push({ type: "protocolError" }));

      for (;;) {
        const next = await Promise.race([sent.promise, done.promise.then(() => -1)]);
        if (next < 0) break;
        const want = (c.steps[next] as Step).expect as Expect;
        const where = `${c.name} step ${next}`;
        expect(failures, where).toEqual([]);
        // Events come synchronously with the frame: they are all here once the frame arrived.
        await expect
          .poll(() => events.length, { timeout: 10_000 })
          .toBe(want.events.length)
          .catch(() => {
            throw new Error(
              `${where}: events ${JSON.stringify(events)}, want ${JSON.stringify(want.events)}`,
            );
          });
        expect(events.splice(0), `${where}: events`).toEqual(want.events);
        const p = watcher.position;
        expect(p && { epoch: String(p.epoch), revision: String(p.revision) }, `${where}: position`).toEqual(
          want.position,
        );
        if (want.view !== undefined) {
          expect(watcher.topics(), `${where}: topics`).toEqual(Object.keys(want.view).sort());
          for (const [topic, w] of Object.entries(want.view)) {
            expect(String(watcher.topicRevision(topic)), `${where}: ${topic}`).toBe(w.topicRevision);
            expect(watcher.get(topic), `${where}: ${topic} route`).toEqual(TopicRouteData.fromJSON(w.route));
          }
        }
        sent = deferred<number>();
        const go = proceed;
        proceed = deferred<void>();
        go.resolve();
      }
      expect(failures).toEqual([]);
    });
  }
});
