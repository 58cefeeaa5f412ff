import { readFile, rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GetRouteInfoByTopicResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import { type NameServer, startNameServer } from "../../src/app.js";
import { DEFAULT_CONFIG, type NameServerConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/log/logger.js";
import { tempDir } from "../helpers/admin.js";
import { type Clients, connect, unary, unaryError } from "../helpers/grpc.js";
import { FrameRecorder } from "../helpers/watch.js";
import {
  brokerPort,
  goPeer,
  javaPeer,
  mqadmin,
  type Running,
  startBroker,
  startJavaPeer,
} from "./helpers/peers.js";

/**
 * This NameServer with real Apache RocketMQ 5.x peers, unchanged: a broker registers over
 * remoting, mqadmin administers, the Java and Go clients produce and consume through routes
 * from here, and gRPC watchers see it all. Run with `npm run test:rocketmq`.
 */

const GRACE = DEFAULT_CONFIG.streamLossGraceMs;
const CLUSTER = "RmqCluster";

let dir: string;
let config: NameServerConfig;
let ns: NameServer;
let grpc: Clients;
let namesrv: string;
let port: number;
let broker: Running | undefined;
let watch: FrameRecorder;

async function startNs(listen: string): Promise<void> {
  ns = await startNameServer({ ...config, listen }, { logger: silentLogger() });
  namesrv = ns.address;
  grpc = connect(namesrv);
}

beforeAll(async () => {
  dir = await tempDir("namesrv-rocketmq-");
  // No HTTP listener: its default port is fixed.
  config = { ...DEFAULT_CONFIG, dataDir: `${dir}/data`, httpListen: "" };
  await startNs("127.0.0.1:0");
  watch = new FrameRecorder(grpc.route, { allTopics: true });
  port = await brokerPort();
  broker = await startBroker({ dir: `${dir}/broker`, namesrv, port, cluster: CLUSTER });
});

afterAll(async () => {
  watch?.cancel();
  await broker?.kill("SIGKILL");
  grpc?.close();
  await ns?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const route = (topic: string) =>
  unary<GetRouteInfoByTopicResponse>((cb) => grpc.route.getRouteInfoByTopic({ topic, zoneName: "" }, cb));
const output = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

/** The last `n` characters of a broker log file under its user.home, or why there is none. */
async function logTail(file: string, n = 3_000): Promise<string> {
  try {
    return (await readFile(`${dir}/broker/logs/rocketmqlogs/${file}`, "utf8")).slice(-n);
  } catch (err) {
    return `(${file}: ${(err as Error).message})`;
  }
}

/** The bounded steps that ended, with their durations (a slow step shows next to a failed one). */
const steps: string[] = [];

/**
 * `p`, or after `ms` a failure that says what the peers were doing: the brokers this NameServer
 * holds, the broker's console and its registration log. A wait on real JVMs that never ends
 * otherwise fails at the test timeout with nothing said.
 */
async function bounded<T>(what: string, p: Promise<T>, ms = 90_000): Promise<T> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    const value = await Promise.race([p, late]);
    steps.push(`${what}: ${Date.now() - started} ms`);
    return value;
  } catch (err) {
    const groups = ns.registry.queries.brokerGroups().groups;
    throw new Error(
      [
        (err as Error).message,
        `steps before: ${steps.join("; ")}`,
        `brokers here: ${JSON.stringify(groups.map((g) => [g.brokerName, [...g.brokerAddrs.values()]]))}`,
        `broker console: ${broker?.output.slice(-2_000) ?? "(none)"}`,
        `broker.log: ${await logTail("broker.log")}`,
        `broker_default.log: ${await logTail("broker_default.log")}`,
      ].join("\n"),
      { cause: err },
    );
  } finally {
    clearTimeout(timer);
  }
}

describe("Apache RocketMQ peers", () => {
  it("the broker registers; its topics, system topics included, appear in GetRouteInfoByTopic and WatchRoutes", async () => {
    const brokerAddr = `127.0.0.1:${port}`;
    for (const topic of ["SELF_TEST_TOPIC", "RMQ_SYS_TRANS_HALF_TOPIC", CLUSTER, "broker-a"]) {
      await watch.until((w) => w.view.has(topic));
      const r = await route(topic);
      expect(r.route?.brokerDatas[0]?.brokerAddrs.get(0n)).toBe(brokerAddr);
      expect(r.route?.brokerDatas[0]?.cluster).toBe(CLUSTER);
    }
  });

  it("mqadmin: topics, clusters, KV config, write permission, namesrv config", async () => {
    const create = await mqadmin(namesrv, [
      "updateTopic",
      "-c",
      CLUSTER,
      "-t",
      "TopicA",
      "-r",
      "4",
      "-w",
      "4",
    ]);
    expect(create.stdout).toContain(`create topic to 127.0.0.1:${port} success.`);
    await watch.until((w) => w.view.has("TopicA"));
    expect((await route("TopicA")).route?.queueDatas[0]).toMatchObject({
      readQueueNums: 4,
      writeQueueNums: 4,
      perm: 6,
    });

    const clusters = await mqadmin(namesrv, ["clusterList"]);
    expect(clusters.stdout).toMatch(new RegExp(`${CLUSTER}\\s+broker-a\\s+0\\s+127\\.0\\.0\\.1:${port}`));

    const topics = await mqadmin(namesrv, ["topicList"]);
    expect(topics.stdout.split("\n")).toEqual(expect.arrayContaining(["TopicA", "SELF_TEST_TOPIC"]));

    const topicRoute = await mqadmin(namesrv, ["topicRoute", "-t", "TopicA"]);
    expect(topicRoute.stdout).toMatch(/"brokerName":"broker-a"/);
    expect(topicRoute.stdout).toMatch(new RegExp(`0:"127\\.0\\.0\\.1:${port}"`));
    expect(topicRoute.stdout).toMatch(/"readQueueNums":4/);

    const put = await mqadmin(namesrv, ["updateKvConfig", "-s", "NS1", "-k", "key1", "-v", "value1"]);
    expect(put.stdout).toContain("create or update kv config to namespace success.");
    expect(ns.kv.get({ namespace: "NS1", key: "key1" })).toBe("value1");
    const del = await mqadmin(namesrv, ["deleteKvConfig", "-s", "NS1", "-k", "key1"]);
    expect(del.stdout).toContain("delete kv config from namespace success.");
    expect(ns.kv.get({ namespace: "NS1", key: "key1" })).toBeUndefined();

    const wipe = await mqadmin(namesrv, ["wipeWritePerm", "-b", "broker-a"]);
    expect(wipe.stdout).toMatch(/wipe write perm of broker\[broker-a\] in name server\[.*\] OK, [1-9]\d*/);
    expect((await route("TopicA")).route?.queueDatas[0]?.perm).toBe(4);
    const add = await mqadmin(namesrv, ["addWritePerm", "-b", "broker-a"]);
    expect(add.stdout).toMatch(/add write perm of broker\[broker-a\] in name server\[.*\] OK, [1-9]\d*/);
    expect((await route("TopicA")).route?.queueDatas[0]?.perm).toBe(6);

    const conf = await mqadmin(namesrv, ["getNamesrvConfig"]);
    expect(conf.stdout).toMatch(/heartbeatTimeoutMs\s+=\s+10000/);
    const update = await mqadmin(namesrv, ["updateNamesrvConfig", "-k", "heartbeatIntervalMs", "-v", "2000"]);
    expect(update.stdout).toContain("update name server config success!");
    expect(ns.runtimeConfig.current().heartbeatIntervalMs).toBe(2000);
    const refused = await mqadmin(namesrv, [
      "updateNamesrvConfig",
      "-k",
      "kvConfigPath",
      "-v",
      `${dir}/evil`,
    ]);
    expect(output(refused)).toMatch(/CODE: 16 +DESC: Can not update config in black list/);
    expect(ns.runtimeConfig.current().kvConfigPath).toBe("");
  });

  it("mqadmin deleteTopic removes the topic from the broker and from this NameServer", async () => {
    await mqadmin(namesrv, ["updateTopic", "-c", CLUSTER, "-t", "TopicDel"]);
    await watch.until((w) => w.view.has("TopicDel"));
    const del = await mqadmin(namesrv, ["deleteTopic", "-c", CLUSTER, "-t", "TopicDel"]);
    expect(del.stdout).toContain(`delete topic [TopicDel] from cluster [${CLUSTER}] success.`);
    expect(del.stdout).toContain("delete topic [TopicDel] from NameServer success.");
    await watch.until((w) => !w.view.has("TopicDel"));
    expect(
      (await unaryError((cb) => grpc.route.getRouteInfoByTopic({ topic: "TopicDel", zoneName: "" }, cb)))
        .details,
    ).toMatch(/not found/);
  });

  it("the Java client: a producer sends 1,000 messages, a push consumer receives every one", async () => {
    const r = await javaPeer(["roundtrip", namesrv, "TopicA", "java_group", "1000"]);
    expect(r.stdout).toContain("SENT 1000");
    expect(r.stdout).toContain("DONE 1000/1000");
    expect(r.code).toBe(0);
  });

  it("the Go client (rocketmq-client-go): the same with 1,000 messages", async () => {
    await mqadmin(namesrv, ["updateTopic", "-c", CLUSTER, "-t", "TopicGo", "-r", "4", "-w", "4"]);
    await watch.until((w) => w.view.has("TopicGo"));
    const r = await goPeer([namesrv, "TopicGo", "go_group", "1000"]);
    expect(r.stdout).toContain("SENT 1000");
    expect(r.stdout).toContain("DONE 1000/1000");
    expect(r.code).toBe(0);
  });

  it("SIGKILL of the broker: gRPC watchers see its topics removed after the stream-loss grace", async () => {
    const killedAt = Date.now();
    await broker?.kill("SIGKILL");
    broker = undefined;
    await watch.until((w) => !w.view.has("TopicA") && !w.view.has("SELF_TEST_TOPIC"));
    const elapsed = Date.now() - killedAt;
    // The figure itself is measured by `npm run bench:rocketmq`; here only that it is the grace,
    // not RocketMQ's 120 s channel expiry (bounded loosely: the machine is shared).
    expect(elapsed).toBeGreaterThanOrEqual(GRACE - 50);
    expect(elapsed).toBeLessThan(GRACE + 3_000);
    expect(watch.violations).toEqual([]);
  });

  it("restart of this NameServer: the broker registers again and a consumer keeps receiving", async () => {
    const b = bounded;
    broker = await b(
      "the broker starting",
      startBroker({ dir: `${dir}/broker`, namesrv, port, cluster: CLUSTER }),
      60_000,
    );
    // mqadmin finds the cluster's masters here, so the broker must have registered first: its first
    // registration comes up to registerNameServerPeriod after "boot success" (the run that hung
    // created TopicR on no broker).
    await b(
      "the broker's first registration",
      watch.until((w) => w.view.has("SELF_TEST_TOPIC")),
      40_000,
    );
    const created = await b(
      "mqadmin updateTopic",
      mqadmin(namesrv, ["updateTopic", "-c", CLUSTER, "-t", "TopicR", "-r", "2", "-w", "2"]),
      40_000,
    );
    expect(created.stdout).toContain(`create topic to 127.0.0.1:${port} success.`);
    await b(
      "TopicR in the watch",
      watch.until((w) => w.view.has("TopicR")),
      30_000,
    );
    const consumer = startJavaPeer(["consume", namesrv, "TopicR", "restart_group", "200", "200"]);
    try {
      await b("the consumer starting", consumer.waitFor(/CONSUMER STARTED/), 40_000);
      const first = await b(
        "the first producer",
        javaPeer(["produce", namesrv, "TopicR", "100", "0"]),
        40_000,
      );
      expect(output(first)).toContain("SENT 100");
      await b("the consumer receiving 100", consumer.waitFor(/RECEIVED 100\b/), 30_000);

      watch.cancel();
      grpc.close();
      await b("this NameServer closing", ns.close(), 20_000);
      await b("this NameServer starting again", startNs(namesrv), 10_000);
      watch = new FrameRecorder(grpc.route, { allTopics: true });
      // The broker registers again on its own (every registerNameServerPeriod, 10 s here).
      await b(
        "the broker registering again",
        watch.until((w) => w.view.has("TopicR")),
        40_000,
      );
      expect((await route("TopicR")).route?.brokerDatas[0]?.brokerAddrs.get(0n)).toBe(`127.0.0.1:${port}`);

      const second = await b(
        "the second producer",
        javaPeer(["produce", namesrv, "TopicR", "100", "100"]),
        40_000,
      );
      expect(output(second)).toContain("SENT 100");
      await b("the consumer receiving all 200", consumer.waitFor(/DONE 200\/200/), 40_000);
      expect(await consumer.exited).toBe(0);
    } finally {
      await consumer.kill("SIGKILL");
    }
  });
});
