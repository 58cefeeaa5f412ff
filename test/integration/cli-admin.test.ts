import { once } from "node:events";
import { createServer, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GetRouteInfoByTopicResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import { EXIT } from "../../src/cli/exit-codes.js";
import { type AdminTestServer, startAdminTestServer } from "../helpers/admin.js";
import { runCli, runCliInProcess } from "../helpers/cli.js";
import { registration, topic, unary } from "../helpers/grpc.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

/** namesrvctl's register-topic, system-topics, unit-topics, config-get and config-set against a real server. */

let t: AdminTestServer;
beforeEach(async () => {
  t = await startAdminTestServer({}, 11n);
  await unary((cb) =>
    t.broker.registerBroker(
      registration({
        brokerName: "broker-a",
        brokerAddr: "127.0.0.1:10911",
        topicConfigs: [
          topic("Plain"),
          topic("Unit", { topicSysFlag: 1 }),
          topic("UnitSub", { topicSysFlag: 2 }),
          topic("Both", { topicSysFlag: 3 }),
        ],
      }),
      cb,
    ),
  );
});
afterEach(async () => {
  await t.stop();
});

const ctl = (...args: string[]) => runCliInProcess(["--namesrv", t.server.address, ...args]);
const json = (stdout: string) => JSON.parse(stdout) as { results: Array<Record<string, unknown>> };
const lines = (s: string) => s.split("\n").filter((l) => l !== "");
const route = (name: string) =>
  unary<GetRouteInfoByTopicResponse>((cb) => t.route.getRouteInfoByTopic({ topic: name, zoneName: "" }, cb));

describe("register-topic", () => {
  it("sets the topic's queue data on the named groups, with mqadmin's defaults or the flags", async () => {
    const r = await ctl("register-topic", "Ordered", "broker-a", "--read-queues", "2", "--perm", "4");
    expect(r).toMatchObject({ code: EXIT.OK, stderr: "" });
    expect(lines(r.stdout)[1]?.split(/\s+/)).toEqual([t.server.address, "ok", "true", "2", "-"]);
    expect((await route("Ordered")).route?.queueDatas).toEqual([
      { brokerName: "broker-a", readQueueNums: 2, writeQueueNums: 8, perm: 4, topicSysFlag: 0 },
    ]);

    const again = await ctl(
      "--json",
      "register-topic",
      "Ordered",
      "broker-a",
      "--read-queues",
      "2",
      "--perm",
      "4",
    );
    expect(json(again.stdout).results).toEqual([
      { namesrv: t.server.address, ok: true, changed: false, epoch: "11", revision: "2" },
    ]);
  });

  it("an unregistered group is NOT_FOUND and nothing is set; bad flags are usage errors", async () => {
    const r = await ctl("--json", "register-topic", "T2", "broker-a", "broker-x");
    expect(r.code).toBe(EXIT.FAILED);
    expect(json(r.stdout).results[0]).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(r.stderr).toContain("broker group broker-x is not registered");
    const topics = await unary<{ topics: string[] }>((cb) =>
      t.route.listTopics({ clusterName: "", pageSize: 0, pageToken: "" }, cb),
    );
    expect(topics.topics).not.toContain("T2");

    const bad = await ctl("register-topic", "T2", "broker-a", "--perm", "9");
    expect(bad).toMatchObject({ code: EXIT.USAGE });
    expect(bad.stderr).toContain("--perm: want a whole number 0..7");
    expect((await ctl("register-topic", "T2")).code).toBe(EXIT.USAGE);
  });
});

describe("system-topics and unit-topics", () => {
  it("list RocketMQ's system topics and the three unit lists", async () => {
    const sys = await ctl("--json", "system-topics");
    expect(json(sys.stdout).results).toEqual([
      {
        namesrv: t.server.address,
        ok: true,
        topics: ["DefaultCluster", "broker-a"],
        brokerAddr: "127.0.0.1:10911",
        epoch: "11",
        revision: "1",
      },
    ]);
    const other = await ctl("system-topics", "--cluster", "Other");
    expect(other.code).toBe(EXIT.FAILED);
    expect(other.stderr).toContain("cluster Other not found (NOT_FOUND");

    const unit = async (filter: string) =>
      json((await ctl("--json", "unit-topics", "--filter", filter)).stdout).results[0]?.topics;
    expect(await unit("unit")).toEqual(["Both", "Unit"]);
    expect(await unit("has-unit-sub")).toEqual(["Both", "UnitSub"]);
    expect(await unit("has-unit-sub-not-unit")).toEqual(["UnitSub"]);
    const table = await ctl("unit-topics", "--filter", "unit");
    expect(lines(table.stdout)[1]?.split(/\s+/)).toEqual([t.server.address, "ok", "2", "Both,Unit", "-"]);

    const missing = await ctl("unit-topics");
    expect(missing.code).toBe(EXIT.USAGE);
    expect(missing.stderr).toContain("--filter: want one of unit, has-unit-sub, has-unit-sub-not-unit");
  });
});

describe("config-get and config-set", () => {
  it("read the effective config and change a runtime-safe key; other keys are refused", async () => {
    const get = await ctl("config-get", "heartbeatTimeoutMs", "logLevel");
    expect(lines(get.stdout)[1]).toContain("heartbeatTimeoutMs=10000 logLevel=info");
    const all = json((await ctl("--json", "config-get")).stdout).results[0] as {
      values: Record<string, string>;
      updatableKeys: string[];
    };
    expect(all.values.dataDir).toBe(t.dataDir);
    expect(all.updatableKeys).toContain("heartbeatTimeoutMs");

    const set = await ctl("--json", "config-set", "heartbeatTimeoutMs=20000");
    expect(set.code).toBe(EXIT.OK);
    expect(json(set.stdout).results[0]).toMatchObject({ ok: true, updatedKeys: ["heartbeatTimeoutMs"] });
    expect(t.server.runtimeConfig.current().heartbeatTimeoutMs).toBe(20000);

    const refused = await ctl("config-set", "dataDir=/tmp/elsewhere");
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain("values[dataDir]: cannot be changed at runtime");
    expect((await ctl("config-set", "heartbeatTimeoutMs")).stderr).toContain("want KEY=VALUE");
    const unknown = await ctl("config-get", "nope");
    expect(unknown.code).toBe(EXIT.USAGE);
    expect(unknown.stderr).toContain("unknown config key nope");
  });

  it("the built binary lists the new commands and runs them", async () => {
    const help = await runCli(["--help"]);
    for (const c of ["register-topic", "system-topics", "unit-topics", "config-get", "config-set"]) {
      expect(help.stdout).toContain(c);
    }
    const r = await runCli(["--namesrv", t.server.address, "--json", "config-get", "logLevel"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(json(r.stdout).results[0]?.values).toEqual({ logLevel: "info" });
  });
});

describe("watch after a reset", () => {
  let restarted: TestServer | undefined;
  afterEach(async () => {
    await restarted?.stop();
  });

  it("prints the server's reason with the new snapshot", async () => {
    const address = t.server.address;
    const seen: string[] = [];
    let wake: () => void = () => {};
    const watching = runCliInProcess(["--namesrv", address, "watch", "--count", "2", "Plain"], {}, (line) => {
      seen.push(line);
      wake();
    });
    const waitFor = async (n: number) => {
      while (seen.length < n) await new Promise<void>((r) => (wake = r));
    };
    await waitFor(2); // the snapshot line and the Plain line
    await t.stop();
    restarted = await startTestServer({ listen: address }, 12n); // same port, another epoch
    await unary((cb) =>
      restarted?.broker.registerBroker(registration({ topicConfigs: [topic("Plain")] }), cb),
    );
    const r = await watching;
    expect(r.code, r.stderr).toBe(0);
    const snapshots = seen.filter((l) => l.startsWith("# snapshot"));
    expect(snapshots).toHaveLength(2);
    expect(snapshots[0]).not.toContain("reset");
    expect(snapshots[1]).toMatch(/epoch 12\), topics: \d+, after a reset: .*epoch/);
    t = await startAdminTestServer(); // for afterEach
  });
});

describe("error lines", () => {
  it("give the transport's cause in one line, without grpc-js's stage timings", async () => {
    const sockets = new Set<Socket>();
    const hole = createServer((s) => sockets.add(s));
    hole.listen(0, "127.0.0.1");
    await once(hole, "listening");
    try {
      const port = (hole.address() as import("node:net").AddressInfo).port;
      const r = await runCliInProcess([
        "--namesrv",
        `127.0.0.1:${port}`,
        "--timeout-ms",
        "300",
        "route",
        "T",
      ]);
      expect(r.code).toBe(EXIT.UNREACHABLE);
      expect(lines(r.stderr)).toEqual([
        expect.stringMatching(
          /^namesrvctl: route: no NameServer reachable \(tried 127\.0\.0\.1:\d+\): Deadline exceeded after [\d.]+s \(DEADLINE_EXCEEDED from 127\.0\.0\.1:\d+\)$/,
        ),
      ]);
    } finally {
      for (const s of sockets) s.destroy();
      hole.close();
    }
    const refused = await runCliInProcess(["--namesrv", "127.0.0.1:1", "--timeout-ms", "300", "route", "T"]);
    expect(lines(refused.stderr)).toEqual([
      "namesrvctl: route: no NameServer reachable (tried 127.0.0.1:1): cannot connect: connect ECONNREFUSED 127.0.0.1:1 (UNAVAILABLE from 127.0.0.1:1)",
    ]);
  });
});
