/**
 * The chaos harness checks the RESETs that the SDK's RouteWatcher receives against the contract,
 * and that it reports each of them (and those of its own raw watchers). A NameServer never sends a RESET the contract forbids, so
 * this test scripts a WatchRoutes server (a real grpc-js server on 127.0.0.1:0, real client and
 * RouteWatcher) whose streams send one forbidden RESET on a fresh watch, one forbidden RESET in
 * the resume epoch, and one allowed RESET (another epoch): exactly the two forbidden ones are
 * flagged.
 */
import {
  Server,
  ServerCredentials,
  type ServerWritableStream,
  status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ResetReason,
  RouteServiceService,
  type WatchRoutesRequest,
  WatchRoutesResponse,
} from "../../gen/ts/namesrv/v1/route_service.js";
import { RawWatcher, type RecordedWatcher, SdkWatcher } from "../../scripts/chaos/recorder.js";

let server: Server | null = null;
let watcher: RecordedWatcher | null = null;
afterEach(async () => {
  watcher?.close();
  watcher = null;
  await new Promise<void>((resolve) => (server ? server.tryShutdown(() => resolve()) : resolve()));
  server?.forceShutdown();
  server = null;
});

type Stream = ServerWritableStream<WatchRoutesRequest, WatchRoutesResponse>;

/** Serves WatchRoutes from `script`: the n-th stream gets `script[n]`'s frames, then ends (or stays open). */
async function scriptedServer(
  script: Array<{ frames: Array<Partial<WatchRoutesResponse>>; end: boolean }>,
  requests: WatchRoutesRequest[],
): Promise<string> {
  const s = new Server();
  const impl: UntypedServiceImplementation = {
    watchRoutes: (call: Stream) => {
      requests.push(call.request);
      const step = script[requests.length - 1] ?? { frames: [], end: false };
      for (const f of step.frames) call.write(WatchRoutesResponse.fromPartial(f));
      if (step.end) call.emit("error", { code: status.UNAVAILABLE, details: "scripted end" });
    },
  };
  s.addService(RouteServiceService, impl);
  const port = await new Promise<number>((resolve, reject) =>
    s.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  server = s;
  return `127.0.0.1:${port}`;
}

const snapshot = (epoch: bigint, revision: bigint): Array<Partial<WatchRoutesResponse>> => [
  { epoch, revision, snapshotBegin: {} },
  { epoch, revision, endOfSnapshot: {} },
];
const reset = (epoch: bigint, revision: bigint): Partial<WatchRoutesResponse> => ({
  epoch,
  revision,
  reset: { reason: "epoch changed", code: ResetReason.RESET_REASON_EPOCH_CHANGED },
});

describe("chaos recorder: the RouteWatcher's resets (and the raw watcher's)", () => {
  it.each([
    ["RouteWatcher", SdkWatcher],
    ["raw watcher", RawWatcher],
  ] as const)(
    "%s: flags a RESET on a fresh watch and one in the resume epoch, accepts one of another epoch",
    async (_, Kind) => {
      const requests: WatchRoutesRequest[] = [];
      const address = await scriptedServer(
        [
          { frames: [reset(2n, 3n), ...snapshot(2n, 3n)], end: true }, // fresh watch: forbidden
          { frames: [reset(2n, 4n), ...snapshot(2n, 4n)], end: true }, // resumes 2/3 in epoch 2: forbidden
          { frames: [reset(3n, 1n), ...snapshot(3n, 1n)], end: false }, // resumes 2/4, server at epoch 3: allowed
        ],
        requests,
      );
      const w = new Kind("w", 0, address, "all", { compactionPossible: false });
      watcher = w;
      await vi.waitFor(() => expect(w.current()?.epoch).toBe("3"), { timeout: 10_000, interval: 20 });
      w.finish();
      expect(requests.map((r) => `${r.resumeEpoch}/${r.resumeRevision}`)).toEqual(["0/0", "2/3", "2/4"]);
      expect(w.resets).toBe(3);
      expect(w.violations.map((v) => v.message)).toEqual([
        expect.stringContaining("a fresh watch (no resume point) got a RESET"),
        expect.stringContaining("EPOCH_CHANGED, but the resume epoch 2 is the server's"),
      ]);
    },
  );

  it("passes a watch whose only RESET is allowed", async () => {
    const requests: WatchRoutesRequest[] = [];
    const address = await scriptedServer(
      [
        { frames: snapshot(5n, 7n), end: true },
        { frames: [reset(6n, 1n), ...snapshot(6n, 1n)], end: false },
      ],
      requests,
    );
    const w = new SdkWatcher("sdk", 0, address, ["T"], { compactionPossible: false });
    watcher = w;
    await vi.waitFor(() => expect(w.current()?.epoch).toBe("6"), { timeout: 10_000, interval: 20 });
    w.finish();
    expect(w.resets).toBe(1);
    expect(w.violations).toEqual([]);
  });
});
