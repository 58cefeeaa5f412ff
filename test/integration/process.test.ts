import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { HeartbeatAction, type RegisterBrokerResponse } from "../../gen/ts/namesrv/v1/broker_service.js";
import type { GetRouteInfoByTopicResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import { tempDir } from "../helpers/admin.js";
import { type Clients, connect, HeartbeatStream, heartbeatOf, registration, unary } from "../helpers/grpc.js";
import { runMain, type ServerProcess, startServerProcess } from "../helpers/process.js";
import { authFileText, fixture, secureClients } from "../helpers/tls.js";

let proc: ServerProcess | undefined;
let clients: Clients | undefined;
afterEach(() => {
  clients?.close();
  proc?.kill();
  clients = undefined;
  proc = undefined;
});

describe("the namesrv process", () => {
  it("logs one structured ready line with the bound address and serves the generated client", async () => {
    proc = await startServerProcess(["--listen", "127.0.0.1:0"]);
    expect(proc.address).toMatch(/^127\.0\.0\.1:[1-9][0-9]*$/);
    const ready = proc.logs.filter((l) => l.msg === "namesrv ready");
    expect(ready).toHaveLength(1);
    expect(ready[0]).toMatchObject({ level: "info", service: "namesrv" });
    expect(typeof ready[0]?.epoch).toBe("string");

    clients = connect(proc.address);
    const c = clients;
    await unary<RegisterBrokerResponse>((cb) => c.broker.registerBroker(registration(), cb));
    const r = await unary<GetRouteInfoByTopicResponse>((cb) =>
      c.route.getRouteInfoByTopic({ topic: "TopicA", zoneName: "" }, cb),
    );
    expect(r.route?.brokerDatas[0]?.brokerAddrs.get(0n)).toBe("10.0.0.1:10911");
    expect(String(r.epoch)).toBe(ready[0]?.epoch);
  });

  it("on SIGTERM ends open heartbeat streams with UNAVAILABLE and exits 0", async () => {
    proc = await startServerProcess(["--listen", "127.0.0.1:0"]);
    clients = connect(proc.address);
    const c = clients;
    await unary<RegisterBrokerResponse>((cb) => c.broker.registerBroker(registration(), cb));
    const stream = new HeartbeatStream(c.broker);
    expect((await stream.beat(heartbeatOf(registration()))).action).toBe(HeartbeatAction.HEARTBEAT_ACTION_OK);

    proc.kill("SIGTERM");
    const st = await stream.status;
    expect(st.code).toBe(status.UNAVAILABLE);
    expect(st.details).toContain("shutting down");
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(proc.logs.map((l) => l.msg)).toContain("stopped");
  });

  it("exits 2 with one clear line on a bad flag", async () => {
    const r = await runMain(["--heartbeat-timeout-ms", "soon"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("--heartbeat-timeout-ms");
  });

  it("prints the effective config with flags over env", async () => {
    const r = await runMain(["--print-config", "--stream-loss-grace-ms", "1500"], {
      NAMESRV_STREAM_LOSS_GRACE_MS: "900",
      NAMESRV_HEARTBEAT_TIMEOUT_MS: "20000",
    });
    expect(r.code).toBe(0);
    const cfg = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(cfg).toMatchObject({ listen: "0.0.0.0:9876", streamLossGraceMs: 1500, heartbeatTimeoutMs: 20000 });
  });

  it("fails to start with exit 1 when the port is taken", async () => {
    proc = await startServerProcess(["--listen", "127.0.0.1:0"]);
    const r = await runMain(["--listen", proc.address]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("failed to start");
  });

  it("serves TLS with tokens from its flags, and refuses to start on TLS flags that cannot work", async () => {
    const dir = await tempDir();
    const authFile = join(dir, "auth.json");
    await writeFile(authFile, authFileText([{ name: "apps", roles: ["client"], token: "tok-client" }]));
    const tls = ["--tls-mode", "enforcing", "--tls-cert-file", fixture("server.crt")];
    try {
      proc = await startServerProcess([
        "--listen",
        "127.0.0.1:0",
        "--data-dir",
        join(dir, "data"),
        ...tls,
        "--tls-key-file",
        fixture("server.key"),
        "--auth-file",
        authFile,
      ]);
      const c = await secureClients(proc.address, { tls: { ca: "ca.crt" }, token: "tok-client" });
      await expect(unary((cb) => c.route.getClusterInfo({}, cb))).resolves.toBeDefined();
      c.close();
      expect(proc.logs.filter((l) => l.security === "exposed")).toEqual([]);

      const noKey = await runMain(["--listen", "127.0.0.1:0", ...tls]);
      expect(noKey.code).toBe(2);
      expect(noKey.stderr).toContain("tlsMode: enforcing needs tlsCertFile and tlsKeyFile");
      const wrongKey = await runMain([
        "--listen",
        "127.0.0.1:0",
        ...tls,
        "--tls-key-file",
        fixture("server2.key"),
      ]);
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.stderr).toMatch(
        /failed to start: tlsKeyFile .*server2.key: does not match the certificate/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
