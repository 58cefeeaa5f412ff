import { once } from "node:events";
import { connect as netConnect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "../helpers/process.js";
import { type RawSession, rawSession } from "../helpers/raw-h2.js";

/**
 * Issue 13 (7): SIGTERM ends the process within --shutdown-timeout-ms + 1 s whatever clients hold
 * open: a Health/Watch stream, a unary call that never sends its message, a connection that never
 * reads, keepalive timers. Before, the process lingered 25-55 s, or until the clients left.
 */

let proc: ServerProcess | undefined;
const sessions: RawSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
  proc?.kill();
});

describe("shutdown deadline", () => {
  it("exits within the shutdown timeout + 1 s while clients hold calls, watches and sockets open", async () => {
    proc = await startServerProcess([
      "--listen",
      "127.0.0.1:0",
      "--shutdown-timeout-ms",
      "500",
      "--keepalive-time-ms",
      "1000",
      "--data-dir",
      "/tmp/namesrv-shutdown-deadline-unused",
    ]);
    const session = await rawSession(proc.address, "127.0.0.2");
    sessions.push(session);
    const watch = session.open("/grpc.health.v1.Health/Watch");
    watch.send(Buffer.alloc(0));
    watch.stream.end();
    await once(watch.stream, "response");
    session.open("/namesrv.v1.AdminService/GetKVConfig"); // headers only, never finished
    const [host, port] = [
      proc.address.slice(0, proc.address.lastIndexOf(":")),
      Number(proc.address.split(":").pop()),
    ];
    const silent = netConnect({ host, port }); // a connection that sends nothing and reads nothing
    silent.on("error", () => {});
    silent.pause();
    await once(silent, "connect");

    const sent = performance.now();
    proc.kill("SIGTERM");
    const exit = await proc.exited;
    const tookMs = performance.now() - sent;
    silent.destroy();
    expect(exit.code).toBe(0);
    expect(tookMs).toBeLessThan(500 + 1_000 + 1_000); // the deadline, plus slack for a loaded machine
  }, 20_000);
});
