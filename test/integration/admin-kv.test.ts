import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { status } from "@grpc/grpc-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RegisterBrokerResponse } from "../../gen/ts/namesrv/v1/broker_service.js";
import type { GetRouteInfoByTopicResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import { startNameServer } from "../../src/app.js";
import { DEFAULT_CONFIG } from "../../src/config/config.js";
import { KvConfigFileError } from "../../src/kv/kv-store.js";
import { silentLogger } from "../../src/log/logger.js";
import {
  type AdminTestServer,
  adminCall,
  adminError,
  startAdminTestServer,
  tempDir,
} from "../helpers/admin.js";
import { registration, topic, unary } from "../helpers/grpc.js";
import { runMain } from "../helpers/process.js";
import { FrameRecorder } from "../helpers/watch.js";

const ORDER = "ORDER_TOPIC_CONFIG";
const FIXTURES = join(import.meta.dirname, "..", "fixtures");

let t: AdminTestServer;
let recorders: FrameRecorder[];
beforeEach(async () => {
  t = await startAdminTestServer({}, 7n);
  recorders = [];
});
afterEach(async () => {
  for (const r of recorders) {
    r.cancel();
    expect(r.violations).toEqual([]);
  }
  await t.stop();
});

const put = (namespace: string, key: string, value: string) =>
  adminCall(t.admin, "putKvConfig", { namespace, key, value });
const register = (req = registration()) =>
  unary<RegisterBrokerResponse>((cb) => t.broker.registerBroker(req, cb));
const route = (name: string) =>
  unary<GetRouteInfoByTopicResponse>((cb) => t.route.getRouteInfoByTopic({ topic: name, zoneName: "" }, cb));
const watch = (topics: string[]) => {
  const r = new FrameRecorder(t.route, { topics });
  recorders.push(r);
  return r;
};
const kvFile = () => join(t.dataDir, "kvConfig.json");

describe("KV config through the generated client", () => {
  it("puts, gets, lists and deletes entries", async () => {
    expect(await put("NS", "k1", "v1")).toEqual({ created: true, epoch: 7n, revision: 0n });
    expect(await put("NS", "k1", "v1b")).toMatchObject({ created: false });
    await put("NS", "k2", "v2");
    await put("Other", "k1", "x");

    expect(await adminCall(t.admin, "getKvConfig", { namespace: "NS", key: "k1" })).toEqual({
      value: "v1b",
      epoch: 7n,
      revision: 0n,
    });
    const list = await adminCall(t.admin, "listKvConfig", { namespace: "NS" });
    expect([...list.entries]).toEqual([
      ["k1", "v1b"],
      ["k2", "v2"],
    ]);
    expect((await adminCall(t.admin, "listKvConfig", { namespace: "Nobody" })).entries.size).toBe(0);

    expect(await adminCall(t.admin, "deleteKvConfig", { namespace: "NS", key: "k1" })).toMatchObject({
      deleted: true,
    });
    expect(await adminCall(t.admin, "deleteKvConfig", { namespace: "NS", key: "k1" })).toMatchObject({
      deleted: false,
    });
    const missing = await adminError(t.admin, "getKvConfig", { namespace: "NS", key: "k1" });
    expect(missing.code).toBe(status.NOT_FOUND);
    expect(missing.details).toContain("k1");
  });

  it("a put has reached the file, in RocketMQ's kvConfig.json shape, when it returns", async () => {
    await put("NS", "k", "v");
    await put(ORDER, "TopicA", "broker-a:4");
    expect(JSON.parse(await readFile(kvFile(), "utf8"))).toEqual({
      configTable: { NS: { k: "v" }, ORDER_TOPIC_CONFIG: { TopicA: "broker-a:4" } },
    });
    await adminCall(t.admin, "deleteKvConfig", { namespace: "NS", key: "k" });
    expect(JSON.parse(await readFile(kvFile(), "utf8"))).toEqual({
      configTable: { ORDER_TOPIC_CONFIG: { TopicA: "broker-a:4" } },
    });
  });

  const invalid: Array<[string, { namespace: string; key: string; value: string }, string]> = [
    ["empty namespace", { namespace: "", key: "k", value: "v" }, "namespace: required"],
    ["namespace too long", { namespace: "n".repeat(256), key: "k", value: "v" }, "namespace: at most 255"],
    ["empty key", { namespace: "NS", key: "", value: "v" }, "key: required"],
    [
      "control character in the key",
      { namespace: "NS", key: "a\u0001", value: "v" },
      "key: must not contain",
    ],
    [
      "value too large",
      { namespace: "NS", key: "k", value: "x".repeat(65_537) },
      "value: at most 65536 bytes",
    ],
    ["order key not a topic", { namespace: ORDER, key: "a b", value: "b:1" }, "key (a topic name"],
    [
      "malformed order conf",
      { namespace: ORDER, key: "T", value: "broker-a=4" },
      'value: must be "brokerName:',
    ],
  ];
  it.each(invalid)(
    "rejects %s with INVALID_ARGUMENT naming the field, storing nothing",
    async (_n, req, msg) => {
      const err = await adminError(t.admin, "putKvConfig", req);
      expect(err.code).toBe(status.INVALID_ARGUMENT);
      expect(err.details).toContain(msg);
      expect(t.server.kv.size).toBe(0);
      await expect(readFile(kvFile())).rejects.toThrow("ENOENT");
    },
  );

  it("get, delete and list validate their fields too", async () => {
    expect((await adminError(t.admin, "getKvConfig", { namespace: "NS", key: "" })).details).toBe(
      "key: required",
    );
    expect((await adminError(t.admin, "deleteKvConfig", { namespace: "", key: "k" })).code).toBe(
      status.INVALID_ARGUMENT,
    );
    expect((await adminError(t.admin, "listKvConfig", { namespace: "" })).details).toBe(
      "namespace: required",
    );
  });
});

describe("ORDER_TOPIC_CONFIG feeds routes", () => {
  it("a put or delete is a route change at a new revision, seen by lookups and watchers", async () => {
    await register();
    const w = watch(["TopicA"]);
    await w.at(1);

    const p = await put(ORDER, "TopicA", "broker-a:4");
    expect(p.revision).toBe(2n);
    const r = await route("TopicA");
    expect(r.route?.orderTopicConf).toBe("broker-a:4");
    expect(r.topicRevision).toBe(2n);
    await w.at(2);
    expect(w.frames.at(-1)?.routes?.updates.map((u) => [u.topic, u.route?.orderTopicConf])).toEqual([
      ["TopicA", "broker-a:4"],
    ]);

    const same = await put(ORDER, "TopicA", "broker-a:4");
    expect(same.revision).toBe(2n);

    const d = await adminCall(t.admin, "deleteKvConfig", { namespace: ORDER, key: "TopicA" });
    expect(d).toMatchObject({ deleted: true, revision: 3n });
    await w.at(3);
    expect(w.view.get("TopicA")?.orderTopicConf).toBe("");
    expect((await route("TopicA")).route?.orderTopicConf).toBe("");
    expect((await route("TopicB")).topicRevision).toBe(1n);
  });

  it("a conf for a topic that does not exist yet changes no route; the topic shows it once created", async () => {
    const p = await put(ORDER, "Later", "broker-a:8;broker-b:8");
    expect(p.revision).toBe(0n);
    await register(registration({ topicConfigs: [topic("Later")] }));
    expect((await route("Later")).route?.orderTopicConf).toBe("broker-a:8;broker-b:8");
  });

  it("is returned to registering brokers, as RocketMQ does", async () => {
    await put(ORDER, "TopicA", "broker-a:4");
    await put(ORDER, "TopicZ", "broker-z:2");
    await put("Other", "TopicA", "ignored");
    const r = await register();
    expect([...r.orderTopicConfig]).toEqual([
      ["TopicA", "broker-a:4"],
      ["TopicZ", "broker-z:2"],
    ]);
  });
});

describe("persistence", () => {
  it("survives a restart, and the restarted server's routes show the order conf again", async () => {
    const dataDir = await tempDir();
    try {
      const first = await startAdminTestServer({ dataDir });
      await adminCall(first.admin, "putKvConfig", { namespace: "NS", key: "durable", value: "yes" });
      await adminCall(first.admin, "putKvConfig", { namespace: ORDER, key: "TopicA", value: "broker-a:2" });
      await first.stop();

      const second = await startAdminTestServer({ dataDir });
      try {
        expect(
          await adminCall(second.admin, "getKvConfig", { namespace: "NS", key: "durable" }),
        ).toMatchObject({
          value: "yes",
        });
        await unary((cb) => second.broker.registerBroker(registration(), cb));
        const r = await unary<GetRouteInfoByTopicResponse>((cb) =>
          second.route.getRouteInfoByTopic({ topic: "TopicA", zoneName: "" }, cb),
        );
        expect(r.route?.orderTopicConf).toBe("broker-a:2");
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("a kvConfigPath elsewhere is used instead of the data directory; its leftover temp file is removed", async () => {
    const dir = await tempDir();
    try {
      const path = join(dir, "conf", "my-kv.json");
      await mkdir(join(dir, "conf"));
      await writeFile(`${path}.tmp`, '{"configTable": {"NS": {"half');
      await writeFile(path, JSON.stringify({ configTable: { NS: { k: "from RocketMQ" } } }));
      const s = await startAdminTestServer({ kvConfigPath: path });
      try {
        expect(await adminCall(s.admin, "getKvConfig", { namespace: "NS", key: "k" })).toMatchObject({
          value: "from RocketMQ",
        });
        await expect(readFile(`${path}.tmp`)).rejects.toThrow("ENOENT");
      } finally {
        await s.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a RocketMQ NameServer's kvConfig.json loads: entries that are no ordered-topic conf are listed as they are, never routed", async () => {
    const dataDir = await tempDir();
    try {
      await copyFile(join(FIXTURES, "rocketmq", "kvConfig.json"), join(dataDir, "kvConfig.json"));
      const s = await startAdminTestServer({ dataDir });
      try {
        const list = await adminCall(s.admin, "listKvConfig", { namespace: ORDER });
        expect([...list.entries]).toEqual([
          ["TopicLegacy", "broker-a"],
          ["TopicOrder", "broker-a:8;broker-b:8"],
          ["UnitTest", "test"],
        ]);
        const topics = ["TopicOrder", "TopicLegacy", "UnitTest"].map((n) => topic(n));
        const reg = await unary<RegisterBrokerResponse>((cb) =>
          s.broker.registerBroker(registration({ topicConfigs: topics }), cb),
        );
        expect([...reg.orderTopicConfig]).toEqual([["TopicOrder", "broker-a:8;broker-b:8"]]);
        const confOf = async (name: string) =>
          (
            await unary<GetRouteInfoByTopicResponse>((cb) =>
              s.route.getRouteInfoByTopic({ topic: name, zoneName: "" }, cb),
            )
          ).route?.orderTopicConf;
        expect(await confOf("TopicOrder")).toBe("broker-a:8;broker-b:8");
        expect(await confOf("TopicLegacy")).toBe("");
        expect(await confOf("UnitTest")).toBe("");

        const refused = await adminError(s.admin, "putKvConfig", {
          namespace: ORDER,
          key: "UnitTest",
          value: "test2",
        });
        expect(refused.code).toBe(status.INVALID_ARGUMENT);
        // Replacing one with a real configuration routes it.
        await adminCall(s.admin, "putKvConfig", {
          namespace: ORDER,
          key: "TopicLegacy",
          value: "broker-a:4",
        });
        expect(await confOf("TopicLegacy")).toBe("broker-a:4");
      } finally {
        await s.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("a corrupt file stops the start with an error naming it", async () => {
    const dataDir = await tempDir();
    try {
      const file = join(dataDir, "kvConfig.json");
      await writeFile(file, '{"configTable": {"NS": {"k": "v"}'); // torn by some other writer
      const config = { ...DEFAULT_CONFIG, listen: "127.0.0.1:0", dataDir };
      const err = await startNameServer(config, { logger: silentLogger() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KvConfigFileError);
      expect((err as Error).message).toContain(`kv config file ${file} is corrupt: not valid JSON`);

      const run = await runMain(["--listen", "127.0.0.1:0", "--data-dir", dataDir]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`namesrv: failed to start: kv config file ${file} is corrupt`);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
