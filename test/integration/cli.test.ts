import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { status } from "@grpc/grpc-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RegisterBrokerResponse } from "../../gen/ts/namesrv/v1/broker_service.js";
import { EXIT } from "../../src/cli/exit-codes.js";
import { fanOut, fanOutExitCode } from "../../src/cli/fanout.js";
import { NameServerError } from "../../src/client/errors.js";
import { buildInfo } from "../../src/version.js";
import { type LineProcess, runCli, runCliInProcess, spawnCli } from "../helpers/cli.js";
import { type Clients, connect, registration, topic, unary } from "../helpers/grpc.js";
import { type ServerProcess, startServerProcess } from "../helpers/process.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

/** The live NameServer (a real process) every command talks to, with two groups in two clusters. */
let ns: ServerProcess;
let ns2: TestServer;
let c: Clients;
let hole: string;
const holeSockets = new Set<Socket>();
const holeServer = createServer((s) => {
  holeSockets.add(s);
  s.on("error", () => {});
});
const DEAD = "127.0.0.1:1";

const brokerA = registration({
  clusterName: "ClusterA",
  brokerName: "broker-a",
  brokerAddr: "127.0.0.1:10911",
  topicConfigs: [topic("TopicA"), topic("TopicB", { perm: 4, readQueueNums: 8, writeQueueNums: 8 })],
});
const brokerB = registration({
  clusterName: "ClusterB",
  brokerName: "broker-b",
  brokerAddr: "127.0.0.1:10921",
  zoneName: "zone1",
  topicConfigs: [topic("TopicB"), topic("TopicC")],
});
const brokerBSlave = { ...brokerB, brokerId: 1n, brokerAddr: "127.0.0.1:10922" };

beforeAll(async () => {
  // Brokers registered here send no heartbeats: a long timeout keeps them for the whole file.
  [ns, ns2] = await Promise.all([
    startServerProcess(["--listen", "127.0.0.1:0", "--heartbeat-timeout-ms", "600000"]),
    startTestServer(),
  ]);
  c = connect(ns.address);
  for (const req of [brokerA, brokerB, brokerBSlave]) {
    await unary<RegisterBrokerResponse>((cb) => c.broker.registerBroker(req, cb));
  }
  holeServer.listen(0, "127.0.0.1");
  await once(holeServer, "listening");
  hole = `127.0.0.1:${(holeServer.address() as { port: number }).port}`;
});
afterAll(async () => {
  c.close();
  ns.kill();
  await ns2.stop();
  for (const s of holeSockets) s.destroy();
  holeServer.close();
});

const watchers: LineProcess[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.kill();
});

const cli = (...args: string[]) => runCli(["--namesrv", ns.address, ...args]);
const lines = (text: string) => text.trimEnd().split("\n");
/** Splits a table row into its cells (cells never contain blanks). */
const cells = (row: string) => row.trim().split(/\s+/);

describe("namesrvctl against a live NameServer", () => {
  it("route: a table of the groups serving the topic, and its response as JSON", async () => {
    const [human, json] = await Promise.all([cli("route", "TopicB"), cli("route", "TopicB", "--json")]);
    expect(human).toMatchObject({ code: 0, stderr: "" });
    const out = lines(human.stdout);
    expect(out[0]).toMatch(
      new RegExp(`^topic TopicB  revision \\d+  topic-revision \\d+  epoch \\d+  namesrv ${ns.address}$`),
    );
    expect(out.slice(1).map(cells)).toEqual([
      ["BROKER", "PERM", "READ", "WRITE", "SYSFLAG", "CLUSTER", "ZONE", "ID", "ADDRESS"],
      ["broker-a", "R--", "8", "8", "0", "ClusterA", "-", "0", "127.0.0.1:10911"],
      ["broker-b", "RW-", "4", "4", "0", "ClusterB", "zone1", "0", "127.0.0.1:10921"],
      ["broker-b", "RW-", "4", "4", "0", "ClusterB", "zone1", "1", "127.0.0.1:10922"],
    ]);

    expect(json).toMatchObject({ code: 0, stderr: "" });
    const r = JSON.parse(json.stdout);
    expect(r).toMatchObject({ namesrv: ns.address, epoch: expect.stringMatching(/^\d+$/) });
    expect(r.route.queueDatas).toEqual([
      { brokerName: "broker-a", readQueueNums: 8, writeQueueNums: 8, perm: 4 },
      { brokerName: "broker-b", readQueueNums: 4, writeQueueNums: 4, perm: 6 },
    ]);
    expect(r.route.brokerDatas[1]).toEqual({
      cluster: "ClusterB",
      brokerName: "broker-b",
      brokerAddrs: { "0": "127.0.0.1:10921", "1": "127.0.0.1:10922" },
      zoneName: "zone1",
    });
  });

  it("route --zone: the route filtered for a zone", async () => {
    const r = await runCliInProcess([
      "--namesrv",
      ns.address,
      "route",
      "TopicB",
      "--zone",
      "ZONE1",
      "--json",
    ]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout).route.brokerDatas.map((b: { brokerName: string }) => b.brokerName)).toEqual([
      "broker-b",
    ]);
  });

  it("clusters and topics [--cluster C]: tables and JSON", async () => {
    const [clusters, clustersJson, topics, topicsB, topicsJson] = await Promise.all([
      cli("clusters"),
      cli("clusters", "--json"),
      cli("topics"),
      runCliInProcess(["--namesrv", ns.address, "topics", "--cluster", "ClusterA"]),
      cli("--json", "topics", "--cluster", "ClusterB"),
    ]);
    expect(lines(clusters.stdout).map(cells)).toEqual([
      ["CLUSTER", "BROKER", "ZONE", "ID", "ADDRESS"],
      ["ClusterA", "broker-a", "-", "0", "127.0.0.1:10911"],
      ["ClusterB", "broker-b", "zone1", "0", "127.0.0.1:10921"],
      ["ClusterB", "broker-b", "zone1", "1", "127.0.0.1:10922"],
    ]);
    const info = JSON.parse(clustersJson.stdout);
    expect(info.clusterAddrTable).toEqual({
      ClusterA: { brokerNames: ["broker-a"] },
      ClusterB: { brokerNames: ["broker-b"] },
    });
    expect(info.brokerAddrTable["broker-a"].brokerAddrs).toEqual({ "0": "127.0.0.1:10911" });
    expect(lines(topics.stdout)).toEqual(["TOPIC", "TopicA", "TopicB", "TopicC"]);
    expect(lines(topicsB.stdout)).toEqual(["TOPIC", "TopicA", "TopicB"]);
    expect(JSON.parse(topicsJson.stdout)).toMatchObject({
      namesrv: ns.address,
      topics: ["TopicB", "TopicC"],
    });
    for (const r of [clusters, clustersJson, topics, topicsB, topicsJson])
      expect(r).toMatchObject({ code: 0, stderr: "" });
  });

  it("watch prints the snapshot and then each change live; --json one object per change set", async () => {
    const human = spawnCli(["--namesrv", ns.address, "watch", "TopicW1", "TopicW2"]);
    const json = spawnCli(["--namesrv", ns.address, "watch", "--json", "TopicW1", "--count", "3"]);
    watchers.push(human, json);
    await human.until((p) => p.lines.length >= 1, "the snapshot line");
    await json.until((p) => p.lines.length >= 1, "the snapshot object");
    expect(human.lines[0]).toMatch(
      new RegExp(`^# snapshot from ${ns.address} at revision \\d+ \\(epoch \\d+\\), topics: 0$`),
    );
    expect(JSON.parse(json.lines[0] as string)).toMatchObject({ snapshot: true, updated: {}, removed: [] });

    const w = registration({
      clusterName: "ClusterW",
      brokerName: "broker-w",
      brokerAddr: "127.0.0.1:10931",
      topicConfigs: [topic("TopicW1"), topic("TopicW2", { perm: 4 })],
    });
    await unary((cb) => c.broker.registerBroker(w, cb));
    await human.until((p) => p.lines.length >= 3, "two topic lines");
    expect(human.lines.slice(1).map(cells)).toEqual([
      [expect.stringMatching(/^\d+$/), "TopicW1", "broker-w", "RW-", "4r/4w", "[0=127.0.0.1:10931]"],
      [expect.stringMatching(/^\d+$/), "TopicW2", "broker-w", "R--", "4r/4w", "[0=127.0.0.1:10931]"],
    ]);
    await unary((cb) =>
      c.broker.unregisterBroker(
        { clusterName: "ClusterW", brokerName: "broker-w", brokerId: 0n, brokerAddr: w.brokerAddr },
        cb,
      ),
    );
    await human.until((p) => p.lines.length >= 5, "two removal lines");
    expect(human.lines.slice(3).map((l) => cells(l).slice(1))).toEqual([
      ["TopicW1", "removed"],
      ["TopicW2", "removed"],
    ]);

    // --count 3: snapshot, the registration, the removal; then it exits 0 by itself.
    expect(await json.exited).toEqual({ code: 0, signal: null });
    const sets = json.lines.map((l) => JSON.parse(l));
    expect(sets.map((s) => [s.snapshot, Object.keys(s.updated), s.removed])).toEqual([
      [true, [], []],
      [false, ["TopicW1"], []],
      [false, [], ["TopicW1"]],
    ]);
    expect(sets[1].updated.TopicW1.brokerDatas[0].brokerAddrs).toEqual({ "0": "127.0.0.1:10931" });
    expect(BigInt(sets[2].revision)).toBeGreaterThan(BigInt(sets[1].revision));

    human.kill("SIGINT");
    expect(await human.exited).toEqual({ code: 0, signal: null });
    expect(human.stderr).toBe("");
  });
  it("watch --poll polls instead of streaming, with the same output", async () => {
    let snapshot: () => void = () => {};
    const snapshotSeen = new Promise<void>((resolve) => {
      snapshot = resolve;
    });
    const run = runCliInProcess(
      ["--namesrv", ns.address, "watch", "--poll", "--poll-interval-ms", "50", "--count", "2", "TopicP"],
      {},
      (line) => line.startsWith("#") && snapshot(),
    );
    await snapshotSeen;
    const p = registration({
      clusterName: "ClusterP",
      brokerName: "broker-p",
      brokerAddr: "127.0.0.1:10941",
      topicConfigs: [topic("TopicP")],
    });
    await unary((cb) => c.broker.registerBroker(p, cb));
    const r = await run;
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const out = lines(r.stdout);
    expect(out[0]).toMatch(
      new RegExp(`^# snapshot from ${ns.address} at revision \\d+ \\(epoch \\d+\\), topics: [01]$`),
    );
    expect(out.at(-1)).toMatch(/^\d+ {2}TopicP {2}broker-p RW- 4r\/4w \[0=127\.0\.0\.1:10941\]$/);
    await unary((cb) =>
      c.broker.unregisterBroker(
        { clusterName: "ClusterP", brokerName: "broker-p", brokerId: 0n, brokerAddr: p.brokerAddr },
        cb,
      ),
    );
  });
});

describe("namesrvctl fan-out (status)", () => {
  it("reports every NameServer's result; exit 0 when all succeed", async () => {
    const r = await runCli(["--namesrv", `${ns.address},${ns2.server.address}`, "status"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const rows = lines(r.stdout).map(cells);
    expect(rows[0]).toEqual([
      "NAMESRV",
      "RESULT",
      "VERSION",
      "UPTIME",
      "EPOCH",
      "REVISION",
      "GROUPS",
      "BROKERS",
      "TOPICS",
      "ERROR",
    ]);
    expect(rows.slice(1).map((x) => [x[0], x[1], x[6], x[7], x[8]])).toEqual([
      [ns.address, "ok", "2", "3", "3"],
      [ns2.server.address, "ok", "0", "0", "0"],
    ]);
    // Version and uptime of each process (test servers run on a manual clock, moved by the tests).
    expect(rows.slice(1).map((x) => [x[2], x[3]])).toEqual([
      [buildInfo().version, expect.stringMatching(/^\d+s$/)],
      [buildInfo().version, expect.stringMatching(/^\d+s$/)],
    ]);
  });

  it("exit 1 and one stderr line when some fail; 3 when none is reachable", async () => {
    const [partial, partialJson, none] = await Promise.all([
      runCli(["--namesrv", `${ns.address},${DEAD}`, "status"]),
      runCli(["--namesrv", `${ns.address},${DEAD}`, "status", "--json"]),
      runCli(["--namesrv", `${DEAD},${hole}`, "--timeout-ms", "300", "status"]),
    ]);
    expect(partial.code).toBe(EXIT.FAILED);
    expect(lines(partial.stdout).map((l) => cells(l).slice(0, 2))).toEqual([
      ["NAMESRV", "RESULT"],
      [ns.address, "ok"],
      [DEAD, "FAILED"],
    ]);
    expect(lines(partial.stderr)).toEqual([expect.stringContaining(`status: failed on 1 of 2 NameServers`)]);
    expect(partial.stderr).toContain(`UNAVAILABLE from ${DEAD}`);

    expect(partialJson.code).toBe(EXIT.FAILED);
    expect(JSON.parse(partialJson.stdout).results).toEqual([
      {
        namesrv: ns.address,
        ok: true,
        version: buildInfo().version,
        uptimeMs: expect.any(Number),
        epoch: expect.any(String),
        revision: expect.any(String),
        groups: 2,
        brokers: 3,
        topics: 3,
      },
      { namesrv: DEAD, ok: false, code: "UNAVAILABLE", error: expect.any(String) },
    ]);

    expect(none.code).toBe(EXIT.UNREACHABLE);
    expect(none.stdout).toContain("DEADLINE_EXCEEDED");
    expect(lines(none.stderr)).toHaveLength(1);
  });

  it("fanOut calls each NameServer once and collects each outcome; the exit code sums them up", async () => {
    const seen: string[] = [];
    const results = await fanOut([ns.address, DEAD], async (address) => {
      seen.push(address);
      if (address === DEAD) throw new NameServerError(status.UNAVAILABLE, "down", address);
      return address.length;
    });
    expect(seen.sort()).toEqual([ns.address, DEAD].sort());
    expect(results).toEqual([
      { address: ns.address, ok: true, value: ns.address.length },
      { address: DEAD, ok: false, error: expect.objectContaining({ code: status.UNAVAILABLE }) },
    ]);
    const ok = { address: "a:1", ok: true as const, value: 1 };
    const err = (code: status) => ({
      address: "b:1",
      ok: false as const,
      error: new NameServerError(code, "x", "b:1"),
    });
    expect(fanOutExitCode([ok, ok])).toBe(EXIT.OK);
    expect(fanOutExitCode([ok, err(status.UNAVAILABLE)])).toBe(EXIT.FAILED);
    expect(fanOutExitCode([err(status.UNAVAILABLE), err(status.DEADLINE_EXCEEDED)])).toBe(EXIT.UNREACHABLE);
    expect(fanOutExitCode([err(status.INVALID_ARGUMENT), err(status.INVALID_ARGUMENT)])).toBe(EXIT.USAGE);
    expect(fanOutExitCode([err(status.NOT_FOUND), err(status.UNAVAILABLE)])).toBe(EXIT.FAILED);
  });
});

describe("namesrvctl admin commands (fan-out writes)", () => {
  let admins: TestServer[] = [];
  let dirs: string[] = [];
  beforeAll(async () => {
    dirs = await Promise.all([0, 1].map(() => mkdtemp(join(tmpdir(), "namesrvctl-test-"))));
    admins = await Promise.all(dirs.map((dataDir) => startTestServer({ dataDir })));
    for (const a of admins) {
      for (const req of [brokerA, brokerB]) await unary((cb) => a.broker.registerBroker(req, cb));
    }
  });
  afterAll(async () => {
    for (const a of admins) await a.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  const both = () => admins.map((a) => a.server.address).join(",");
  const admin = (...args: string[]) => runCliInProcess(["--namesrv", both(), ...args]);
  const results = (r: { stdout: string }) =>
    (JSON.parse(r.stdout).results as Array<Record<string, unknown>>).map(
      ({ epoch, revision, ...rest }) => rest,
    );

  it("kv-put, kv-get, kv-list and kv-delete reach every NameServer and report each one", async () => {
    const put = await runCli(["--namesrv", both(), "kv-put", "ORDER_TOPIC_CONFIG", "TopicA", "broker-a:4"]);
    expect(put).toMatchObject({ code: EXIT.OK, stderr: "" });
    expect(lines(put.stdout).map((l) => cells(l).slice(0, 3))).toEqual([
      ["NAMESRV", "RESULT", "CREATED"],
      ...admins.map((a) => [a.server.address, "ok", "true"]),
    ]);
    // The entry is the topic's order_topic_conf on every NameServer now.
    for (const a of admins) expect(a.server.registry.route("TopicA").route.orderTopicConf).toBe("broker-a:4");

    const get = await admin("kv-get", "ORDER_TOPIC_CONFIG", "TopicA", "--json");
    expect(results(get)).toEqual(
      admins.map((a) => ({ namesrv: a.server.address, ok: true, value: "broker-a:4" })),
    );
    const list = await admin("kv-list", "ORDER_TOPIC_CONFIG", "--json");
    expect(results(list).map((r) => r.entries)).toEqual([{ TopicA: "broker-a:4" }, { TopicA: "broker-a:4" }]);

    const del = await admin("kv-delete", "ORDER_TOPIC_CONFIG", "TopicA", "--json");
    expect(results(del).map((r) => r.deleted)).toEqual([true, true]);
    const gone = await admin("kv-get", "ORDER_TOPIC_CONFIG", "TopicA");
    expect(gone.code).toBe(EXIT.FAILED);
    expect(
      lines(gone.stdout)
        .slice(1)
        .map((l) => cells(l).slice(1, 3)),
    ).toEqual([
      ["FAILED", "-"],
      ["FAILED", "-"],
    ]);
    expect(lines(gone.stderr)).toEqual([expect.stringContaining("kv-get: failed on 2 of 2 NameServers")]);
  });

  it("wipe-write-perm, add-write-perm and delete-topic change every NameServer; one that is down is reported", async () => {
    const wipe = await admin("wipe-write-perm", "broker-b", "--json");
    expect(wipe.code).toBe(EXIT.OK);
    expect(results(wipe)).toEqual(
      admins.map((a) => ({ namesrv: a.server.address, ok: true, topicCount: 2 })),
    );
    const perms = () => admins.map((a) => a.server.registry.route("TopicC").route.queueDatas[0]?.perm);
    expect(perms()).toEqual([4, 4]);
    expect((await admin("add-write-perm", "broker-b")).code).toBe(EXIT.OK);
    expect(perms()).toEqual([6, 6]);

    // With a dead NameServer in the list: the live ones change, the dead one is reported, exit 1.
    const partial = await admin(
      "--namesrv",
      `${both()},${DEAD}`,
      "delete-topic",
      "TopicB",
      "--cluster",
      "ClusterB",
    );
    expect(partial.code).toBe(EXIT.FAILED);
    expect(lines(partial.stdout).map((l) => cells(l).slice(0, 5))).toEqual([
      ["NAMESRV", "RESULT", "REMOVED_FROM", "TOPIC_GONE", "REVISION"],
      ...admins.map((a) => [a.server.address, "ok", "broker-b", "false", expect.stringMatching(/^\d+$/)]),
      [DEAD, "FAILED", "-", "-", "-"],
    ]);
    expect(lines(partial.stderr)).toEqual([
      expect.stringContaining(`delete-topic: failed on 1 of 3 NameServers`),
    ]);
    for (const a of admins) {
      expect(a.server.registry.route("TopicB").route.queueDatas.map((q) => q.brokerName)).toEqual([
        "broker-a",
      ]);
    }
    const missing = await admin("wipe-write-perm", "no-such-group");
    expect(missing.code).toBe(EXIT.FAILED);
    expect(missing.stdout).toContain("NOT_FOUND");
  });
});

describe("namesrvctl addresses, exit codes and errors", () => {
  it("takes NAMESRV_ADDR (RocketMQ's ';' list) and fails over from a dead NameServer", async () => {
    const r = await runCli(["route", "TopicA", "--json"], { NAMESRV_ADDR: `${DEAD};${ns.address}` });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout).namesrv).toBe(ns.address);
  });

  it.each([
    { what: "no command", args: [], code: EXIT.USAGE, message: "no command given" },
    {
      what: "an unknown command",
      args: ["frobnicate"],
      code: EXIT.USAGE,
      message: 'unknown command "frobnicate"',
    },
    {
      what: "an unknown flag",
      args: ["topics", "--bogus"],
      code: EXIT.USAGE,
      message: "unknown flag --bogus",
    },
    {
      what: "a missing argument",
      args: ["route"],
      code: EXIT.USAGE,
      message: "route: expected TOPIC, got none",
    },
    {
      what: "too many arguments",
      args: ["route", "A", "B"],
      code: EXIT.USAGE,
      message: "route: expected TOPIC",
    },
    {
      what: "a bad --timeout-ms",
      args: ["--timeout-ms", "soon", "topics"],
      code: EXIT.USAGE,
      message: "--timeout-ms",
    },
    { what: "a bad --count", args: ["watch", "--count", "0"], code: EXIT.USAGE, message: "--count" },
    {
      what: "a rejected topic name",
      args: ["route", "bad/name"],
      code: EXIT.USAGE,
      message: "INVALID_ARGUMENT",
    },
    {
      what: "a rejected watch topic",
      args: ["watch", "bad/name"],
      code: EXIT.USAGE,
      message: "INVALID_ARGUMENT",
    },
    {
      what: "an unknown topic",
      args: ["route", "NoSuchTopic"],
      code: EXIT.FAILED,
      message: "topic NoSuchTopic not found (NOT_FOUND",
    },
    {
      what: "an unknown cluster",
      args: ["topics", "--cluster", "NoSuch"],
      code: EXIT.FAILED,
      message: "NOT_FOUND",
    },
  ])("$what: exit $code, one line on stderr", async ({ args, code, message }) => {
    const r = await runCliInProcess(["--namesrv", ns.address, ...args]);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toEqual([expect.stringContaining(message)]);
    expect(r.stderr).toMatch(/^namesrvctl: /);
  });

  it("the binary exits with those codes too (2 usage, 1 not found)", async () => {
    const [usage, notFound] = await Promise.all([cli("route"), cli("route", "NoSuchTopic")]);
    expect(usage).toMatchObject({ code: EXIT.USAGE, stdout: "" });
    expect(lines(usage.stderr)).toEqual(["namesrvctl: route: expected TOPIC, got none"]);
    expect(notFound).toMatchObject({ code: EXIT.FAILED, stdout: "" });
    expect(lines(notFound.stderr)).toEqual([
      `namesrvctl: route: topic NoSuchTopic not found (NOT_FOUND from ${ns.address})`,
    ]);
  });

  it("exit 2 without any NameServer address, or with a bad one", async () => {
    const [none, bad] = await Promise.all([
      runCli(["topics"]),
      runCli(["topics"], { NAMESRV_ADDR: "localhost" }),
    ]);
    expect(none.code).toBe(EXIT.USAGE);
    expect(none.stderr).toContain("pass --namesrv host:port");
    expect(bad.code).toBe(EXIT.USAGE);
    expect(lines(bad.stderr)).toEqual([
      expect.stringContaining('NAMESRV_ADDR: bad NameServer address "localhost"'),
    ]);
  });

  it("exit 3 when no NameServer is reachable (refused, or silent past --timeout-ms)", async () => {
    const results = await Promise.all([
      runCli(["--namesrv", `${DEAD},127.0.0.1:2`, "clusters"]),
      runCliInProcess(["--namesrv", hole, "--timeout-ms", "200", "route", "TopicA"]),
      runCliInProcess(["--namesrv", DEAD, "--timeout-ms", "300", "watch"]),
    ]);
    for (const r of results) {
      expect(r.code).toBe(EXIT.UNREACHABLE);
      expect(lines(r.stderr)).toHaveLength(1);
    }
    expect(results[0]?.stderr).toContain("no NameServer reachable");
    expect(results[1]?.stderr).toContain("DEADLINE_EXCEEDED");
  });

  it("--help lists the commands and the exit codes, exit 0", async () => {
    const [main, route] = await Promise.all([runCli(["--help"]), runCliInProcess(["route", "--help"])]);
    expect(main.code).toBe(0);
    for (const word of [
      "route TOPIC",
      "clusters",
      "topics",
      "watch [TOPIC...]",
      "status",
      "NAMESRV_ADDR",
      "Exit codes:",
    ]) {
      expect(main.stdout).toContain(word);
    }
    expect(main.stdout).toMatch(/^ {2}3 {2}no NameServer reachable/m);
    expect(route).toMatchObject({ code: 0, stderr: "" });
    expect(route.stdout).toMatch(/^Usage: namesrvctl route TOPIC/);
  });
});

describe("scripts/demo", () => {
  it("shows the route, the change after a SIGKILL arriving on the watch, and stops every process it started", async () => {
    const demo = fileURLToPath(new URL("../../scripts/demo", import.meta.url));
    const child = spawn(demo, [], { env: { ...process.env, NAMESRV_ADDR: "" } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const [code] = await once(child, "close");
    expect(code, out).toBe(0);
    const watch = out.split("\n").filter((l) => l.startsWith("watch | "));
    expect(watch.some((l) => /DemoTopic .*broker-b/.test(l))).toBe(true);
    // After the kill: a line for DemoTopic with broker-a and broker-c only.
    expect(watch.some((l) => /DemoTopic +broker-a .*broker-c/.test(l) && !l.includes("broker-b"))).toBe(true);
    const cleaned = /cleaned up: stopped 6 processes \(pids ([\d ]+)\)/.exec(out);
    expect(cleaned, out).not.toBeNull();
    for (const pid of (cleaned?.[1] ?? "").split(" ").map(Number)) {
      expect(() => process.kill(pid, 0), `pid ${pid} still running`).toThrow();
    }
  }, 60_000);
});
