import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import { WatchRoutesResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import { type WatchEvent, WatchState } from "../../src/client/watch-state.js";

// The shared WatchRoutes conformance vectors (format: test/vectors/README.md), run against the
// TypeScript watcher's applier, the one RouteWatcher uses. The Python, Go and Java watchers run
// the same files.

interface JsonPosition {
  epoch: string;
  revision: string;
}
interface Expect {
  events: unknown[];
  position: JsonPosition | null;
  view?: Record<string, { topicRevision: string; route: unknown }>;
}
type Step =
  | { op: "connect"; resume: JsonPosition }
  | { op: "frame"; frame: unknown; expect: Expect }
  | { op: "end"; status: { code: number; message: string }; expect: Expect };
interface VectorCase {
  name: string;
  description: string;
  steps: Step[];
}

const dir = join(import.meta.dirname, "..", "vectors", "watch");
const cases: VectorCase[] = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as VectorCase);

/** An event in the vectors' form: the four compared kinds, uint64 as strings, lists sorted. */
function toJson(e: WatchEvent): unknown {
  switch (e.type) {
    case "change":
      return {
        type: "change",
        epoch: String(e.epoch),
        revision: String(e.revision),
        updated: [...e.updated].sort(),
        removed: [...e.removed].sort(),
      };
    case "progress":
      return { type: "progress", epoch: String(e.epoch), revision: String(e.revision) };
    case "reset":
      return { type: "reset", reason: e.reason };
    case "protocolError":
      return { type: "protocolError" };
    default:
      return null; // "synced" is TypeScript-only detail, not part of the vectors
  }
}

function checkState(state: WatchState, want: Expect, where: string): void {
  const pos = state.position;
  expect(pos && { epoch: String(pos.epoch), revision: String(pos.revision) }, `${where}: position`).toEqual(
    want.position,
  );
  if (want.view === undefined) return;
  expect(state.topics(), `${where}: topics`).toEqual(Object.keys(want.view).sort());
  for (const [topic, w] of Object.entries(want.view)) {
    const got = state.get(topic);
    expect(String(got?.topicRevision), `${where}: ${topic} topicRevision`).toBe(w.topicRevision);
    expect(got?.route, `${where}: ${topic} route`).toEqual(TopicRouteData.fromJSON(w.route));
  }
}

describe("WatchRoutes conformance vectors (test/vectors/watch)", () => {
  it("finds the vectors", () => {
    expect(cases.length).toBeGreaterThanOrEqual(13);
  });

  for (const c of cases) {
    it(c.name, () => {
      const state = new WatchState();
      // After an `end` step or a protocol error the watcher must reconnect before the next frame.
      let connected = false;
      c.steps.forEach((step, i) => {
        const where = `${c.name} step ${i} (${step.op})`;
        if (step.op === "connect") {
          expect(connected, `${where}: connect while a stream is open`).toBe(false);
          const pos = state.position;
          expect(
            { epoch: String(pos?.epoch ?? 0n), revision: String(pos?.revision ?? 0n) },
            `${where}: resume point sent`,
          ).toEqual(step.resume);
          state.startStream();
          connected = true;
          return;
        }
        expect(connected, `${where}: no open stream`).toBe(true);
        if (step.op === "end") {
          connected = false;
        } else {
          const events = state.apply(WatchRoutesResponse.fromJSON(step.frame));
          const got = events.map(toJson).filter((e) => e !== null);
          expect(got, `${where}: events`).toEqual(step.expect.events);
          if (events.some((e) => e.type === "protocolError")) connected = false;
        }
        checkState(state, step.expect, where);
      });
    });
  }
});
