import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import {
  type KvChange,
  KvConfigFileError,
  type KvFile,
  KvStore,
  parseKvFile,
  serializeKvFile,
  serializeKvFileInSlices,
} from "../../src/kv/kv-store.js";
import { ORDER_TOPIC_CONFIG, routableOrderTopicConfs } from "../../src/kv/order-topic-conf.js";
import { silentLogger } from "../../src/log/logger.js";
import { expectDomainError } from "./fixtures.js";

/** A KvFile in memory; `failNext` makes the next write reject, `hold` keeps writes pending. */
class MemoryFile implements KvFile {
  readonly path = "/mem/kvConfig.json";
  writes: string[] = [];
  failNext = false;
  private held: Array<() => void> | null = null;
  constructor(public content: string | undefined = undefined) {}
  async read(): Promise<string | undefined> {
    return this.content;
  }
  async write(text: string): Promise<void> {
    if (this.held !== null) await new Promise<void>((resolve) => this.held?.push(resolve));
    if (this.failNext) {
      this.failNext = false;
      throw new Error("EIO: disk on fire");
    }
    this.content = text;
    this.writes.push(text);
  }
  hold(): void {
    this.held = [];
  }
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const r of held) r();
  }
}

const open = (file = new MemoryFile()) => KvStore.open(file, silentLogger());
const ns = "NS";

describe("KvStore", () => {
  it("puts, gets, lists and deletes; created and deleted say what happened", async () => {
    const store = await open();
    expect(await store.put({ namespace: ns, key: "b", value: "2" })).toEqual({ created: true });
    expect(await store.put({ namespace: ns, key: "a", value: "1" })).toEqual({ created: true });
    expect(await store.put({ namespace: ns, key: "a", value: "1bis" })).toEqual({ created: false });
    expect(store.get({ namespace: ns, key: "a" })).toBe("1bis");
    expect(store.get({ namespace: "other", key: "a" })).toBeUndefined();
    expect([...store.list(ns)]).toEqual([
      ["a", "1bis"],
      ["b", "2"],
    ]);
    expect(store.list("empty").size).toBe(0);
    expect(await store.delete({ namespace: ns, key: "a" })).toEqual({ deleted: true });
    expect(await store.delete({ namespace: ns, key: "a" })).toEqual({ deleted: false });
    expect(store.size).toBe(1);
  });

  it("is durable before visible: a value is readable only once its file write finished", async () => {
    const file = new MemoryFile();
    const store = await open(file);
    const changes: KvChange[] = [];
    store.onChange((c) => changes.push(c));
    file.hold();
    const put = store.put({ namespace: ns, key: "k", value: "v" });
    await Promise.resolve();
    expect(store.get({ namespace: ns, key: "k" })).toBeUndefined();
    expect(changes).toEqual([]);
    file.release();
    await put;
    expect(store.get({ namespace: ns, key: "k" })).toBe("v");
    expect(JSON.parse(file.content as string)).toEqual({ configTable: { NS: { k: "v" } } });
    expect(changes).toEqual([{ namespace: ns, key: "k", value: "v" }]);
  });

  it("a failed write changes nothing and does not block later mutations", async () => {
    const file = new MemoryFile();
    const store = await open(file);
    const changes: KvChange[] = [];
    store.onChange((c) => changes.push(c));
    file.failNext = true;
    await expect(store.put({ namespace: ns, key: "k", value: "v" })).rejects.toMatchObject({
      kind: "unavailable",
      reason: "STORAGE_FAILED",
      message: "kv config could not be written to /mem/kvConfig.json: EIO: disk on fire",
    });
    expect(store.get({ namespace: ns, key: "k" })).toBeUndefined();
    expect(changes).toEqual([]);
    await store.put({ namespace: ns, key: "k", value: "w" });
    expect(store.get({ namespace: ns, key: "k" })).toBe("w");
  });

  it("runs mutations one at a time in call order, each write holding all earlier changes", async () => {
    const file = new MemoryFile();
    const store = await open(file);
    const order: string[] = [];
    store.onChange((c) => order.push(`${c.key}=${c.value}`));
    await Promise.all([
      store.put({ namespace: ns, key: "x", value: "1" }),
      store.put({ namespace: ns, key: "y", value: "2" }),
      store.delete({ namespace: ns, key: "x" }),
    ]);
    expect(order).toEqual(["x=1", "y=2", "x=undefined"]);
    expect(file.writes.map((w) => JSON.parse(w).configTable)).toEqual([
      { NS: { x: "1" } },
      { NS: { x: "1", y: "2" } },
      { NS: { y: "2" } },
    ]);
  });

  it("writes nothing for a put of the same value or a delete of a missing key", async () => {
    const file = new MemoryFile();
    const store = await open(file);
    await store.put({ namespace: ns, key: "k", value: "v" });
    await store.put({ namespace: ns, key: "k", value: "v" });
    await store.delete({ namespace: ns, key: "nope" });
    expect(file.writes).toHaveLength(1);
  });

  it("writes RocketMQ's kvConfig.json shape, sorted, and drops emptied namespaces", async () => {
    const file = new MemoryFile();
    const store = await open(file);
    await store.put({ namespace: "Z", key: "b", value: "2" });
    await store.put({ namespace: "A", key: "k", value: "v" });
    await store.put({ namespace: "Z", key: "a", value: "1" });
    expect(file.content).toBe(
      `${JSON.stringify({ configTable: { A: { k: "v" }, Z: { a: "1", b: "2" } } }, null, 2)}\n`,
    );
    await store.delete({ namespace: "A", key: "k" });
    expect(JSON.parse(file.content as string)).toEqual({ configTable: { Z: { a: "1", b: "2" } } });
  });

  it("refuses mutations after close, once the queued ones are done", async () => {
    const file = new MemoryFile();
    const store = await open(file);
    file.hold();
    const put = store.put({ namespace: ns, key: "k", value: "v" });
    const closed = store.close();
    file.release();
    await put;
    await closed;
    const err = await store.put({ namespace: ns, key: "k2", value: "v" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "unavailable", reason: "SHUTTING_DOWN" });
  });
});

describe("loading the file", () => {
  it("a missing file is an empty config", async () => {
    expect((await open(new MemoryFile(undefined))).size).toBe(0);
  });

  it("loads RocketMQ's kvConfig.json", async () => {
    const text = JSON.stringify({
      configTable: { ORDER_TOPIC_CONFIG: { TopicA: "broker-a:4;broker-b:4" }, other: { k: "v" } },
    });
    const store = await open(new MemoryFile(text));
    expect(store.get({ namespace: ORDER_TOPIC_CONFIG, key: "TopicA" })).toBe("broker-a:4;broker-b:4");
    expect([...store.entries("other")]).toEqual([["k", "v"]]);
  });

  it.each([
    ["", /not valid JSON/],
    ['{"configTable": {"NS": {"k": "v"}', /not valid JSON/],
    ["[]", /must be a JSON object \{"configTable"/],
    ['{"table": {}}', /must be a JSON object \{"configTable"/],
    ['{"configTable": {"NS": ["v"]}}', /namespace "NS" must be an object/],
    ['{"configTable": {"NS": {"k": 1}}}', /"NS"\/"k": value must be a string/],
    [
      '{"configTable": {"ORDER_TOPIC_CONFIG": {"": "broker-a:4"}}}',
      /"ORDER_TOPIC_CONFIG"\/"": key: required/,
    ],
    ['{"configTable": {"NS": {"": "v"}}}', /"NS"\/"": key: required/],
  ])("a corrupt file %j is an error naming the file, never an empty config", async (text, problem) => {
    const err = await open(new MemoryFile(text)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KvConfigFileError);
    expect((err as Error).message).toMatch(/^kv config file \/mem\/kvConfig\.json is corrupt: /);
    expect((err as Error).message).toMatch(problem);
  });

  it("loads RocketMQ's own file, whose ORDER_TOPIC_CONFIG holds values that are no ordered-topic conf, with one warning each", async () => {
    const text = await readFile(
      join(import.meta.dirname, "..", "fixtures", "rocketmq", "kvConfig.json"),
      "utf8",
    );
    const logs: Array<Record<string, unknown>> = [];
    const log = pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line)) });
    const store = await KvStore.open(new MemoryFile(text), log);
    expect([...store.list(ORDER_TOPIC_CONFIG)]).toEqual([
      ["TopicLegacy", "broker-a"],
      ["TopicOrder", "broker-a:8;broker-b:8"],
      ["UnitTest", "test"],
    ]);
    expect(store.get({ namespace: "PROJECT_CONFIG", key: "10.0.0.12" })).toBe("proj-payments");
    const warnings = logs.filter((l) => l.level === 40);
    expect(warnings.map((w) => [w.key, w.value])).toEqual([
      ["UnitTest", "test"],
      ["TopicLegacy", "broker-a"],
    ]);
    expect(warnings[0]).toMatchObject({ namespace: ORDER_TOPIC_CONFIG, file: "/mem/kvConfig.json" });
    expect(String(warnings[0]?.err)).toContain('value: must be "brokerName:queueNums"');
    expect(String(warnings[0]?.msg)).toContain("left out of routes");
    expect(routableOrderTopicConfs(store.entries(ORDER_TOPIC_CONFIG))).toEqual(
      new Map([["TopicOrder", "broker-a:8;broker-b:8"]]),
    );
  });

  it("a put still refuses what the file may hold, and may replace or delete such an entry", async () => {
    const store = await open(new MemoryFile('{"configTable":{"ORDER_TOPIC_CONFIG":{"UnitTest":"test"}}}'));
    const err = expectDomainError(
      () => store.put({ namespace: ORDER_TOPIC_CONFIG, key: "Other", value: "test" }),
      "invalid-argument",
    );
    expect(err.message).toContain("value: must be");
    expect(await store.put({ namespace: ORDER_TOPIC_CONFIG, key: "UnitTest", value: "b:2" })).toEqual({
      created: false,
    });
    expect(await store.delete({ namespace: ORDER_TOPIC_CONFIG, key: "UnitTest" })).toEqual({ deleted: true });
  });

  it("an unreadable file is an error naming the file", async () => {
    const file = new MemoryFile();
    file.read = () => Promise.reject(new Error("EACCES: permission denied"));
    await expect(open(file)).rejects.toThrow("kv config file /mem/kvConfig.json: cannot read (EACCES");
  });

  it("parseKvFile keeps no empty namespace", () => {
    expect(parseKvFile('{"configTable": {"NS": {}}}', "/f").size).toBe(0);
  });
});

describe("entry rules (INVALID_ARGUMENT naming the field)", () => {
  const cases: Array<[string, { namespace: string; key: string; value: string }, string]> = [
    ["empty namespace", { namespace: "", key: "k", value: "v" }, "namespace: required"],
    ["long namespace", { namespace: "n".repeat(256), key: "k", value: "v" }, "namespace: at most 255"],
    [
      "control character in the namespace",
      { namespace: "a\tb", key: "k", value: "v" },
      "namespace: must not",
    ],
    ["empty key", { namespace: ns, key: "", value: "v" }, "key: required"],
    ["newline in the key", { namespace: ns, key: "a\nb", value: "v" }, "key: must not contain control"],
    [
      "C1 control in the key",
      { namespace: ns, key: "a\u0085b", value: "v" },
      "key: must not contain control",
    ],
    ["C1 control in the namespace", { namespace: "n\u009f", key: "k", value: "v" }, "namespace: must not"],
    ["value too large", { namespace: ns, key: "k", value: "é".repeat(32_769) }, "value: at most 65536 bytes"],
    [
      "order conf key that is not a topic",
      { namespace: ORDER_TOPIC_CONFIG, key: "not a topic", value: "b:4" },
      "key (a topic name in namespace ORDER_TOPIC_CONFIG): must match",
    ],
    ["empty order conf", { namespace: ORDER_TOPIC_CONFIG, key: "T", value: "" }, "value: must be"],
    [
      "order conf without a count",
      { namespace: ORDER_TOPIC_CONFIG, key: "T", value: "b:4;c" },
      'item 2 is "c"',
    ],
    [
      "order conf with a leading ;",
      { namespace: ORDER_TOPIC_CONFIG, key: "T", value: ";b:4" },
      'item 1 is ""',
    ],
    ["order conf count too large", { namespace: ORDER_TOPIC_CONFIG, key: "T", value: "b:1025" }, "0..1024"],
    ["order conf bad broker", { namespace: ORDER_TOPIC_CONFIG, key: "T", value: "b b:4" }, "item 1"],
  ];
  it.each(cases)("rejects %s, changing nothing", async (_name, input, message) => {
    const file = new MemoryFile();
    const store = await open(file);
    expect(() => store.put(input)).toThrow(message);
    expectDomainError(() => store.put(input), "invalid-argument");
    expect(file.writes).toEqual([]);
  });

  it.each(["b:4", "broker-a:4;broker-b:8", "broker-a:0;", "%RETRY%x:1024"])(
    "accepts the order conf %j",
    async (value) => {
      const store = await open();
      await store.put({ namespace: ORDER_TOPIC_CONFIG, key: "T", value });
      expect(store.get({ namespace: ORDER_TOPIC_CONFIG, key: "T" })).toBe(value);
    },
  );

  it("get and delete validate names too", async () => {
    const store = await open();
    expectDomainError(() => store.get({ namespace: "", key: "k" }), "invalid-argument");
    expect(() => store.delete({ namespace: ns, key: "" })).toThrow("key: required");
    expect(() => store.list("")).toThrow("namespace: required");
  });
});

describe("serializeKvFileInSlices", () => {
  it("writes the same text as serializeKvFile, for empty, small and multi-slice tables", async () => {
    const big = new Map<string, string>();
    for (let i = 0; i < 5_001; i++) big.set(`k${i}`, `v"${i}\u00e9`);
    const tables = [
      new Map(),
      new Map([["NS", new Map([["k", "v"]])]]),
      new Map([
        ["B", big],
        ["A", new Map([["x", "y\n"]])],
      ]),
    ];
    for (const table of tables) expect(await serializeKvFileInSlices(table)).toBe(serializeKvFile(table));
  });
});
