import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/admin.js";
import { type ServerProcess, startServerProcess } from "../helpers/process.js";
import { authFileText, fixture } from "../helpers/tls.js";
import { PROTOSET } from "./helpers/buf.js";
import { Program, runProgram } from "./helpers/program.js";
import { type FrameJson, WatchView } from "./helpers/watch-view.js";

/**
 * grpcurl (installed by `go install` at the version pinned in scripts/tool-versions.sh) against a
 * real server process: list, describe and invoke through server reflection, the server-streaming
 * WatchRoutes, health, the committed descriptor sets as -protoset, and TLS with a bearer token.
 * test/interop/buf-curl.test.ts does the same with buf curl.
 */

const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const GRPCURL = repo(".tools/bin/grpcurl");
const HEALTH_PROTOSET = repo("gen/descriptor/health.binpb");

/** grpcurl's exit code for a call that failed with gRPC status `code` (64 + the code). */
const exitFor = (code: number) => 64 + code;
const NOT_FOUND = 5;
const UNAUTHENTICATED = 16;

const programs: Program[] = [];
afterAll(async () => {
  for (const p of programs) p.kill();
  await Promise.all(programs.map((p) => p.exited));
});

beforeAll(async () => {
  await new Promise<void>((resolve, reject) =>
    execFile(repo("scripts/install-go-tools.sh"), ["grpcurl"], { timeout: 280_000 }, (err, _o, stderr) =>
      err ? reject(new Error(`installing grpcurl failed: ${err.message}\n${stderr}`)) : resolve(),
    ),
  );
}, 300_000);

/** Runs grpcurl to completion; `json` parses its stdout as JSON documents (`message` events). */
async function grpcurl(args: string[]): Promise<{ code: number | null; out: string[]; err: string }> {
  const { code, events, program } = await runProgram("grpcurl", [GRPCURL, ...args]);
  return { code, out: events.map((e) => String(e.line ?? JSON.stringify(e))), err: program.stderrText };
}

/** Starts grpcurl and parses every JSON document it prints as a `message` event. */
function startGrpcurl(args: string[]): Program {
  const p = new Program("grpcurl", [GRPCURL, ...args], "documents");
  programs.push(p);
  return p;
}

const registration = JSON.stringify({
  cluster_name: "DefaultCluster",
  broker_name: "broker-a",
  broker_id: "0",
  broker_addr: "127.0.0.1:10911",
  topic_configs: [{ topic_name: "TopicA", read_queue_nums: 4, write_queue_nums: 4, perm: 6 }],
  data_version: { state_version: "1", counter: "1" },
});

describe("grpcurl, plaintext", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess(["--listen", "127.0.0.1:0"]);
  });
  afterAll(() => server?.kill());
  const plain = (...args: string[]) => ["-plaintext", ...args];

  it("lists the services through reflection", async () => {
    const r = await grpcurl(plain(server.address, "list"));
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      "grpc.health.v1.Health",
      "namesrv.v1.AdminService",
      "namesrv.v1.BrokerService",
      "namesrv.v1.RouteService",
    ]);
  });

  it("describes a service and a message with their documentation", async () => {
    const svc = await grpcurl(plain(server.address, "describe", "namesrv.v1.RouteService"));
    expect(svc.code).toBe(0);
    expect(svc.out).toContain(
      "  rpc WatchRoutes ( .namesrv.v1.WatchRoutesRequest ) returns ( stream .namesrv.v1.WatchRoutesResponse );",
    );
    const msg = await grpcurl(plain(server.address, "describe", "namesrv.v1.RouteBatch"));
    expect(msg.out).toContain("  bool more = 2;");
    expect(msg.out.join("\n")).toMatch(/True when more `routes` frames of the same change set follow/);
  });

  it("invokes unary methods, and a failed call exits with 64 + its status code", async () => {
    const reg = startGrpcurl(
      plain("-d", registration, server.address, "namesrv.v1.BrokerService/RegisterBroker"),
    );
    expect((await reg.exited).code).toBe(0);
    expect(reg.events[0]?.message).toMatchObject({ changed: true, revision: "1" });

    const route = startGrpcurl(
      plain("-d", '{"topic":"TopicA"}', server.address, "namesrv.v1.RouteService/GetRouteInfoByTopic"),
    );
    expect((await route.exited).code).toBe(0);
    expect(route.events[0]?.message).toMatchObject({
      route: { brokerDatas: [{ brokerName: "broker-a", brokerAddrs: { "0": "127.0.0.1:10911" } }] },
      topicRevision: "1",
    });

    const missing = await grpcurl(
      plain("-d", '{"topic":"Nope"}', server.address, "namesrv.v1.RouteService/GetRouteInfoByTopic"),
    );
    expect(missing.code).toBe(exitFor(NOT_FOUND));
    expect(missing.err).toMatch(/Code: NotFound\s+Message: topic Nope not found/);
  });

  it("calls the standard health service", async () => {
    const r = startGrpcurl(plain(server.address, "grpc.health.v1.Health/Check"));
    expect((await r.exited).code).toBe(0);
    expect(r.events[0]?.message).toEqual({ status: "SERVING" });
  });

  it("streams WatchRoutes: the snapshot, then a change", async () => {
    const watch = startGrpcurl(
      plain("-d", '{"topics":["TopicA"]}', server.address, "namesrv.v1.RouteService/WatchRoutes"),
    );
    const view = new WatchView();
    let cursor = 0;
    const applyUntil = async (what: string, ok: (v: WatchView) => boolean) => {
      for (;;) {
        const { event, index } = await watch.waitFor(what, (e) => e.event === "message", cursor);
        cursor = index + 1;
        view.apply(event.message as FrameJson);
        if (view.consistent && ok(view)) return;
      }
    };
    await applyUntil("END_OF_SNAPSHOT", () => true);
    expect(watch.events[0]?.message).toMatchObject({ snapshotBegin: {} });
    expect(view.routes.get("TopicA")).toMatchObject({ queueDatas: [{ brokerName: "broker-a", perm: 6 }] });
    const revision = view.revision;

    const un = startGrpcurl(
      plain(
        "-d",
        '{"cluster_name":"DefaultCluster","broker_name":"broker-a","broker_id":"0","broker_addr":"127.0.0.1:10911"}',
        server.address,
        "namesrv.v1.BrokerService/UnregisterBroker",
      ),
    );
    expect((await un.exited).code).toBe(0);
    await applyUntil("TopicA's removal", (v) => !v.routes.has("TopicA"));
    expect(view.changes).toEqual([
      { topic: "TopicA", topicRevision: String(revision + 1n), removed: true, frameRevision: revision + 1n },
    ]);
    expect(view.violations).toEqual([]);
  });

  it("works without reflection from the committed descriptor sets (-protoset)", async () => {
    const list = await grpcurl(plain("-protoset", PROTOSET, server.address, "list"));
    expect(list.out).toEqual([
      "namesrv.v1.AdminService",
      "namesrv.v1.BrokerService",
      "namesrv.v1.RouteService",
    ]);
    const health = startGrpcurl(
      plain("-protoset", HEALTH_PROTOSET, server.address, "grpc.health.v1.Health/Check"),
    );
    expect((await health.exited).code).toBe(0);
    expect(health.events[0]?.message).toEqual({ status: "SERVING" });
  });
});

describe("grpcurl, TLS and a bearer token", () => {
  const TOKEN = "grpcurl-token";
  let server: ServerProcess;
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    const authFile = join(dir, "auth.json");
    await writeFile(authFile, authFileText([{ name: "apps", roles: ["client"], token: TOKEN }]));
    server = await startServerProcess([
      "--listen",
      "127.0.0.1:0",
      "--tls-mode",
      "enforcing",
      "--tls-cert-file",
      fixture("server.crt"),
      "--tls-key-file",
      fixture("server.key"),
      "--auth-file",
      authFile,
    ]);
  });
  afterAll(async () => {
    server?.kill();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  // The server certificate names 127.0.0.1; grpcurl verifies it against the test CA.
  const tls = (...args: string[]) => ["-cacert", fixture("ca.crt"), ...args];
  const bearer = ["-H", `authorization: Bearer ${TOKEN}`];

  it("lists and invokes with the token (reflection needs a known principal too)", async () => {
    const list = await grpcurl(tls(...bearer, server.address, "list"));
    expect(list.code).toBe(0);
    expect(list.out).toContain("namesrv.v1.RouteService");

    const missing = await grpcurl(
      tls(...bearer, "-d", '{"topic":"Nope"}', server.address, "namesrv.v1.RouteService/GetRouteInfoByTopic"),
    );
    expect(missing.code).toBe(exitFor(NOT_FOUND)); // authenticated and authorized, then answered
  });

  it("is refused without the token", async () => {
    const r = await grpcurl(
      tls(
        "-protoset",
        PROTOSET,
        "-d",
        '{"topic":"Nope"}',
        server.address,
        "namesrv.v1.RouteService/GetRouteInfoByTopic",
      ),
    );
    expect(r.code).toBe(exitFor(UNAUTHENTICATED));
    expect(r.err).toMatch(/Code: Unauthenticated/);
  });

  it("checks health anonymously with the health protoset (reflection would need a principal)", async () => {
    const r = startGrpcurl(tls("-protoset", HEALTH_PROTOSET, server.address, "grpc.health.v1.Health/Check"));
    expect((await r.exited).code).toBe(0);
    expect(r.events[0]?.message).toEqual({ status: "SERVING" });
  });

  it("fails the handshake when the server is not trusted", async () => {
    const r = await grpcurl(["-protoset", HEALTH_PROTOSET, server.address, "grpc.health.v1.Health/Check"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/certificate/i);
  });
});
