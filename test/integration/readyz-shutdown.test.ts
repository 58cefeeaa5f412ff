import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/admin.js";
import { type RawSession, rawSession } from "../helpers/raw-h2.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

/**
 * Issue 15: /readyz answers 503 while the server shuts down, so that a load balancer stops sending
 * new work during the drain. The drain is held open by a unary call that never sends its message;
 * the injected clock decides when the shutdown timeout forces it, so the window is exact.
 */
let t: TestServer | undefined;
let session: RawSession | undefined;
afterEach(async () => {
  session?.close();
  session = undefined;
  await t?.stop();
  t = undefined;
});

async function readyz(httpAddress: string): Promise<number> {
  const res = await fetch(`http://${httpAddress}/readyz`);
  await res.text();
  return res.status;
}

/** Whether the server counts the unfinished GetKVConfig call as started. */
async function started(httpAddress: string): Promise<boolean> {
  const text = await (await fetch(`http://${httpAddress}/metrics`)).text();
  return /grpc_server_started_total\{[^}]*grpc_method="GetKVConfig"[^}]*\} 1\b/.test(text);
}

describe("/readyz during shutdown", () => {
  it("is 200 while serving, 503 from SIGTERM until the drain ends, and the listener closes after it", async () => {
    t = await startTestServer({
      httpListen: "127.0.0.1:0",
      shutdownTimeoutMs: 5_000,
      dataDir: await tempDir(),
    });
    const server = t.server;
    const http = server.httpAddress as string;
    expect(await readyz(http)).toBe(200);

    session = await rawSession(server.address);
    session.open("/namesrv.v1.AdminService/GetKVConfig"); // headers only: an unfinished call
    // Shutdown starts once the server has seen the call (its metrics count it as started).
    for (let i = 0; i < 200 && !(await started(http)); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await started(http)).toBe(true);
    const closed = server.close();
    let done = false;
    void closed.then(() => {
      done = true;
    });
    expect(await readyz(http)).toBe(503);
    expect(done).toBe(false); // the drain still waits for the unfinished call

    t.clock.advance(5_000); // the shutdown timeout forces the rest
    await closed;
    await expect(readyz(http)).rejects.toThrow();
  });
});
