import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type NameServer, startNameServer } from "../../src/app.js";
import { ManualClock } from "../../src/clock/manual-clock.js";
import { DEFAULT_CONFIG, type NameServerConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/log/logger.js";
import { type Clients, connect } from "./grpc.js";

/** Liveness settings of test servers: small round numbers, driven by the ManualClock. */
export const TEST_LIVENESS = {
  heartbeatTimeoutMs: 10_000,
  streamLossGraceMs: 2_000,
  sweepIntervalMs: 100,
} as const;

export interface TestServer extends Clients {
  server: NameServer;
  clock: ManualClock;
  /** Resolves when the server has processed the end of a heartbeat stream. */
  streamClosed(): Promise<unknown>;
  /** Moves the clock and runs an expiry check, so expiry is exact to the millisecond. */
  advance(ms: number): void;
  stop(): Promise<void>;
}

/**
 * A real server on 127.0.0.1:0 with a ManualClock, and generated clients connected to it. Unless
 * `overrides` names a data directory, the server gets a fresh temporary one, removed by `stop()`:
 * a test never writes into the repository's ./data (test/global-setup.ts checks it).
 */
export async function startTestServer(
  overrides: Partial<NameServerConfig> = {},
  epoch?: bigint,
): Promise<TestServer> {
  const clock = new ManualClock();
  const ownDataDir = overrides.dataDir === undefined ? await mkdtemp(join(tmpdir(), "namesrv-test-")) : null;
  const config: NameServerConfig = {
    ...DEFAULT_CONFIG,
    ...TEST_LIVENESS,
    listen: "127.0.0.1:0",
    // No HTTP listener unless a test asks for one (the default port is fixed, and tests run in parallel).
    httpListen: "",
    ...(ownDataDir !== null ? { dataDir: ownDataDir } : {}),
    ...overrides,
  };
  const removeDataDir = () =>
    ownDataDir !== null ? rm(ownDataDir, { recursive: true, force: true }) : Promise.resolve();
  let server: NameServer;
  try {
    server = await startNameServer(config, {
      logger: silentLogger(),
      clock,
      ...(epoch ? { epoch } : {}),
    });
  } catch (err) {
    await removeDataDir();
    throw err;
  }
  const clients = connect(server.address);
  return {
    ...clients,
    server,
    clock,
    streamClosed: () => once(server.registry.events, "stream-closed"),
    advance(ms) {
      clock.advance(ms);
      server.registry.sweep();
    },
    async stop() {
      clients.close();
      await server.close();
      await removeDataDir();
    },
  };
}
