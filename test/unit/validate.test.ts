import { describe, expect, it } from "vitest";
import { ZERO_DATA_VERSION } from "../../src/route/types.js";
import {
  MAX_NAME_LENGTH,
  parseAddress,
  parseHeartbeat,
  parseIdentity,
  parseName,
  parseRegistration,
  type RegisterBrokerInput,
} from "../../src/route/validate.js";
import { expectDomainError, identityOf, registerInput, topicInput, version } from "./fixtures.js";

const LIMITS = { maxTopicsPerRegistration: 10 };

/** Parses `input`, which must be rejected; returns the INVALID_ARGUMENT message. */
function rejection(input: RegisterBrokerInput, limits = LIMITS): string {
  return expectDomainError(() => parseRegistration(input, limits), "invalid-argument").message;
}

/** The same registration with `overrides` applied to its second topic (the first stays valid). */
function withSecondTopic(overrides: Parameters<typeof topicInput>[1]): RegisterBrokerInput {
  return registerInput({ topicConfigs: [topicInput("T0"), topicInput("T1", overrides)] });
}

describe("parseRegistration: a valid request", () => {
  it("becomes a domain registration with numbers for ids and timeouts", () => {
    const reg = parseRegistration(
      registerInput({
        brokerId: 3n,
        zoneName: "zone-1",
        topicConfigs: [topicInput("T1", { readQueueNums: 4, writeQueueNums: 2, perm: 7, topicSysFlag: 1 })],
        heartbeatTimeoutMs: 5_000n,
      }),
      LIMITS,
    );
    expect(reg).toEqual({
      clusterName: "DefaultCluster",
      brokerName: "broker-a",
      brokerId: 3,
      brokerAddr: "10.0.0.1:10911",
      haServerAddr: "10.0.0.1:10912",
      zoneName: "zone-1",
      topics: [{ topicName: "T1", readQueueNums: 4, writeQueueNums: 2, perm: 7, topicSysFlag: 1 }],
      dataVersion: version(1),
      heartbeatTimeoutMs: 5_000,
    });
  });

  it("takes a missing data version as zero and empty optional fields as empty", () => {
    const reg = parseRegistration(
      registerInput({ dataVersion: undefined, haServerAddr: "", zoneName: "" }),
      LIMITS,
    );
    expect(reg.dataVersion).toEqual(ZERO_DATA_VERSION);
    expect(reg.haServerAddr).toBe("");
    expect(reg.zoneName).toBe("");
  });
});

describe("names", () => {
  const longest = "n".repeat(MAX_NAME_LENGTH);

  it("allow letters, digits, '_', '-', '%' and '|' up to 127 characters", () => {
    expect(MAX_NAME_LENGTH).toBe(127);
    for (const ok of ["a", "Topic_1-x", "%RETRY%group_a", "%DLQ%g|x", longest]) {
      expect(parseName(ok, "topic")).toBe(ok);
    }
  });

  it.each([
    { label: "empty", value: "", rule: "required" },
    { label: "128 characters", value: `${longest}n`, rule: "at most 127 characters" },
    { label: "a space", value: "a b", rule: "must match" },
    { label: "a dot", value: "a.b", rule: "must match" },
    { label: "a slash", value: "a/b", rule: "must match" },
    { label: "a non-ASCII letter", value: "tópico", rule: "must match" },
  ])("reject $label, naming the field", ({ value, rule }) => {
    const err = expectDomainError(() => parseName(value, "some_field"), "invalid-argument");
    expect(err.message.startsWith(`some_field: ${rule}`), err.message).toBe(true);
  });

  it.each([
    { field: "cluster_name", input: (v: string) => registerInput({ clusterName: v }) },
    { field: "broker_name", input: (v: string) => registerInput({ brokerName: v }) },
    { field: "zone_name", input: (v: string) => registerInput({ zoneName: v }) },
    { field: "topic_configs[1].topic_name", input: (v: string) => withSecondTopic({ topicName: v }) },
  ])("are checked in $field", ({ field, input }) => {
    expect(rejection(input(`${longest}n`))).toBe(`${field}: at most 127 characters`);
    expect(rejection(input("a.b"))).toBe(`${field}: must match ^[%|a-zA-Z0-9_-]+$`);
    expect(() => parseRegistration(input(longest), LIMITS)).not.toThrow();
  });

  it.each([
    ["cluster_name", registerInput({ clusterName: "" })],
    ["broker_name", registerInput({ brokerName: "" })],
    ["topic_configs[1].topic_name", withSecondTopic({ topicName: "" })],
  ] as const)("%s is required", (field, input) => {
    expect(rejection(input)).toBe(`${field}: required`);
  });
});

describe("addresses", () => {
  it.each([
    "127.0.0.1:9876",
    "broker-1.example.com:10911",
    "localhost:1",
    "[::1]:9876",
    "[fe80::1:2]:65535",
    "[::ffff:10.0.0.1]:80",
  ])("accept %s", (addr) => {
    expect(parseAddress(addr, "broker_addr")).toBe(addr);
  });

  it.each([
    { label: "missing port", addr: "127.0.0.1" },
    { label: "empty port", addr: "127.0.0.1:" },
    { label: "port 0", addr: "127.0.0.1:0" },
    { label: "port 65536", addr: "127.0.0.1:65536" },
    { label: "non-numeric port", addr: "127.0.0.1:http" },
    { label: "empty host", addr: ":9876" },
    { label: "IPv6 without brackets", addr: "::1:9876" },
    { label: "bracketed IPv6 without port", addr: "[::1]" },
    { label: "empty brackets", addr: "[]:9876" },
    { label: "brackets around a hostname", addr: "[host]:9876" },
    { label: "a space in the host", addr: "my host:9876" },
    { label: "a host starting with '-'", addr: "-host:9876" },
    { label: "a scheme", addr: "http://host:9876" },
    { label: "a lone colon in brackets", addr: "[:]:9876" },
    { label: "a truncated IPv6", addr: "[1:2]:9876" },
    { label: "an out-of-range IPv4", addr: "999.999.999.999:80" },
  ])("reject $label ($addr)", ({ addr }) => {
    const err = expectDomainError(() => parseAddress(addr, "broker_addr"), "invalid-argument");
    expect(err.message).toBe('broker_addr: must be "host:port" (IPv6 in brackets) with port 1..65535');
  });

  it("reject an empty address as required", () => {
    expect(expectDomainError(() => parseAddress("", "broker_addr"), "invalid-argument").message).toBe(
      "broker_addr: required",
    );
  });

  it("are checked in broker_addr (required) and ha_server_addr (optional)", () => {
    expect(rejection(registerInput({ brokerAddr: "" }))).toBe("broker_addr: required");
    expect(rejection(registerInput({ brokerAddr: "10.0.0.1:0" }))).toMatch(
      /^broker_addr: must be "host:port"/,
    );
    expect(rejection(registerInput({ haServerAddr: "10.0.0.1" }))).toMatch(
      /^ha_server_addr: must be "host:port"/,
    );
    expect(parseRegistration(registerInput({ haServerAddr: "" }), LIMITS).haServerAddr).toBe("");
  });
});

describe("broker_id", () => {
  it("accepts 0 and ids up to Number.MAX_SAFE_INTEGER", () => {
    expect(parseIdentity({ ...identityOf(registerInput()), brokerId: 0n }).brokerId).toBe(0);
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    expect(parseIdentity({ ...identityOf(registerInput()), brokerId: max }).brokerId).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it.each([
    { label: "negative", id: -1n },
    { label: "above Number.MAX_SAFE_INTEGER", id: BigInt(Number.MAX_SAFE_INTEGER) + 1n },
  ])("rejects a $label id", ({ id }) => {
    expect(rejection(registerInput({ brokerId: id }))).toMatch(/^broker_id: /);
    const err = expectDomainError(
      () => parseIdentity({ ...identityOf(registerInput()), brokerId: id }),
      "invalid-argument",
    );
    expect(err.message).toMatch(/^broker_id: /);
  });
});

describe("topic_configs", () => {
  it.each([
    { field: "read_queue_nums", overrides: { readQueueNums: 1025 }, rule: "must be 0..1024" },
    { field: "read_queue_nums", overrides: { readQueueNums: -1 }, rule: "must be 0..1024" },
    { field: "read_queue_nums", overrides: { readQueueNums: 1.5 }, rule: "must be 0..1024" },
    { field: "write_queue_nums", overrides: { writeQueueNums: 1025 }, rule: "must be 0..1024" },
    { field: "write_queue_nums", overrides: { writeQueueNums: -1 }, rule: "must be 0..1024" },
    { field: "perm", overrides: { perm: 8 }, rule: "must be 0..7" },
    { field: "perm", overrides: { perm: -1 }, rule: "must be 0..7" },
  ])("reject $field $overrides with the topic's index in the field path", ({ field, overrides, rule }) => {
    expect(rejection(withSecondTopic(overrides))).toBe(`topic_configs[1].${field}: ${rule}`);
  });

  it("accept the bounds: 0 and 1024 queues, perm 0 and 7", () => {
    const input = registerInput({
      topicConfigs: [
        topicInput("T0", { readQueueNums: 0, writeQueueNums: 0, perm: 0 }),
        topicInput("T1", { readQueueNums: 1024, writeQueueNums: 1024, perm: 7 }),
      ],
    });
    expect(parseRegistration(input, LIMITS).topics.map((t) => t.perm)).toEqual([0, 7]);
  });

  it("reject a duplicate topic name at the index of its second occurrence", () => {
    const input = registerInput({ topicConfigs: [topicInput("A"), topicInput("B"), topicInput("A")] });
    expect(rejection(input)).toBe("topic_configs[2].topic_name: duplicate topic name");
  });

  it("reject more topics than the limit, and accept exactly the limit", () => {
    const topics = (n: number) => Array.from({ length: n }, (_, i) => topicInput(`T${i}`));
    expect(rejection(registerInput({ topicConfigs: topics(3) }), { maxTopicsPerRegistration: 2 })).toMatch(
      /^topic_configs: at most 2 topics per registration \(got 3\)/,
    );
    expect(
      parseRegistration(registerInput({ topicConfigs: topics(2) }), { maxTopicsPerRegistration: 2 }).topics,
    ).toHaveLength(2);
  });
});

describe("heartbeat_timeout_ms", () => {
  it.each([0n, 1_000n, 600_000n])("accepts %s", (ms) => {
    expect(parseRegistration(registerInput({ heartbeatTimeoutMs: ms }), LIMITS).heartbeatTimeoutMs).toBe(
      Number(ms),
    );
  });

  it.each([999n, 600_001n, -1n, 1n])("rejects %s", (ms) => {
    expect(rejection(registerInput({ heartbeatTimeoutMs: ms }))).toMatch(/^heartbeat_timeout_ms: must be 0 /);
  });
});

describe("parseIdentity and parseHeartbeat", () => {
  it("parseIdentity returns the identity with a numeric broker id", () => {
    expect(parseIdentity(identityOf(registerInput({ brokerId: 2n })))).toEqual({
      clusterName: "DefaultCluster",
      brokerName: "broker-a",
      brokerId: 2,
      brokerAddr: "10.0.0.1:10911",
    });
  });

  it.each([
    { field: "cluster_name", overrides: { clusterName: "a b" } },
    { field: "broker_name", overrides: { brokerName: "" } },
    { field: "broker_addr", overrides: { brokerAddr: "nohost" } },
    { field: "broker_id", overrides: { brokerId: -5n } },
  ])("parseIdentity and parseHeartbeat reject a bad $field", ({ field, overrides }) => {
    const identity = { ...identityOf(registerInput()), ...overrides };
    expect(expectDomainError(() => parseIdentity(identity), "invalid-argument").message).toMatch(
      new RegExp(`^${field}: `),
    );
    expect(expectDomainError(() => parseHeartbeat(identity), "invalid-argument").message).toMatch(
      new RegExp(`^${field}: `),
    );
  });

  it("parseHeartbeat carries the data version, zero when missing", () => {
    const identity = identityOf(registerInput());
    expect(parseHeartbeat({ ...identity, dataVersion: { ...version(4, 2) } })).toEqual({
      ...parseIdentity(identity),
      dataVersion: version(4, 2),
    });
    expect(parseHeartbeat({ ...identity, dataVersion: undefined }).dataVersion).toEqual(ZERO_DATA_VERSION);
  });
});
