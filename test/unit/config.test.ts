import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  applyRuntimeUpdate,
  CONFIG_FIELDS,
  CONFIG_KEYS,
  ConfigError,
  type ConfigKey,
  checkField,
  DEFAULT_CONFIG,
  envName,
  flagName,
  kvConfigPathOf,
  type NameServerConfig,
  RUNTIME_UPDATABLE_KEYS,
  RuntimeConfig,
  validateConfig,
} from "../../src/config/config.js";
import { formatConfig, loadConfig, usage } from "../../src/config/load.js";
import { DomainError } from "../../src/errors/domain-error.js";

/** A file reader over an in-memory map; missing paths fail like fs does. */
function files(contents: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = contents[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  };
}
const noFiles = files({});

/** Runs loadConfig and returns the ConfigError message it must throw. */
function loadError(argv: string[], env: Record<string, string> = {}, readFile = noFiles): string {
  try {
    loadConfig(argv, env, readFile);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as ConfigError).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error(`loadConfig(${JSON.stringify(argv)}) did not throw`);
}

/** A valid value for every field that differs from its default. */
const OTHER: NameServerConfig = {
  listen: "127.0.0.1:0",
  heartbeatTimeoutMs: 30_000,
  heartbeatIntervalMs: 2_000,
  streamLossGraceMs: 0,
  sweepIntervalMs: 100,
  massExpiryProtection: false,
  massExpiryThresholdPercent: 80,
  maxTopicsPerRegistration: 5,
  maxMessageBytes: 2_097_152,
  maxStreamsPerConnection: 10,
  maxWatchSubscribers: 50,
  maxPendingHeartbeatStreams: 7,
  keepaliveTimeMs: 5_000,
  keepaliveTimeoutMs: 2_000,
  maxConcurrentStreams: 50,
  maxConnectionsPerAddress: 20,
  maxPendingTlsHandshakes: 30,
  maxUnaryCallsPerAddress: 300,
  maxStreamsPerAddress: 301,
  maxHealthWatchesPerAddress: 5,
  maxPendingHeartbeatStreamsPerConnection: 2,
  maxPendingHeartbeatStreamsPerClient: 3,
  firstHeartbeatTimeoutMs: 2_000,
  maxWatchesPerClient: 40,
  maxInflatedMessageBytes: 4_096,
  maxInflatingBytes: 2_097_152,
  limitLogIntervalMs: 5_000,
  watchMaxQueuedBytes: 65_536,
  watchQueuedBytesBudget: 2_097_152,
  shutdownTimeoutMs: 100,
  watchProgressIntervalMs: 500,
  watchStuckTimeoutMs: 2_000,
  watchRetainedRemovals: 10,
  dataDir: "/var/lib/namesrv",
  kvConfigPath: "/etc/namesrv/kvConfig.json",
  warmUpMs: 30_000,
  actingMaster: true,
  remoting: false,
  remotingMaxFrameBytes: 1_048_576,
  remotingFrameTimeoutMs: 5_000,
  tlsMode: "enforcing",
  tlsCertFile: "/etc/namesrv/tls/server.crt",
  tlsKeyFile: "/etc/namesrv/tls/server.key",
  tlsClientCaFile: "/etc/namesrv/tls/clients-ca.crt",
  tlsClientAuth: "require",
  authFile: "/etc/namesrv/auth.json",
  reloadCheckIntervalMs: 5_000,
  logLevel: "debug",
  httpListen: "127.0.0.1:0",
  logFormat: "json",
};

/** The TLS fields hold only together (cross-field rules): each is set along with the others. */
const TLS_GROUP = ["tlsMode", "tlsCertFile", "tlsKeyFile", "tlsClientCaFile", "tlsClientAuth"] as const;

/** The OTHER values of the fields that `key` needs set to be valid alone, as flags and as config. */
function companionsOf(key: ConfigKey): { flags: string[]; config: Partial<NameServerConfig> } {
  if (!(TLS_GROUP as readonly string[]).includes(key)) return { flags: [], config: {} };
  const others = TLS_GROUP.filter((k) => k !== key);
  return {
    flags: others.flatMap((k) => [flagName(k), String(OTHER[k])]),
    config: Object.fromEntries(others.map((k) => [k, OTHER[k]])),
  };
}

describe("defaults", () => {
  // The defaults live once, in DEFAULT_CONFIG; docs/configuration.md is generated from it and
  // test/unit/config-docs.test.ts checks that each default a doc comment states is the real one.
  it("exist for every field and are valid", () => {
    expect(Object.keys(DEFAULT_CONFIG).sort()).toEqual([...CONFIG_KEYS].sort());
    expect(validateConfig({ ...DEFAULT_CONFIG })).toEqual(DEFAULT_CONFIG);
  });

  // Pinned on purpose: operators, brokers and the README's promises rely on these, so changing one
  // must be a deliberate edit here as well, not a side effect.
  it("keep the promises made to operators", () => {
    expect(DEFAULT_CONFIG).toMatchObject({
      listen: "0.0.0.0:9876", // RocketMQ's NameServer port, where operators look for it
      heartbeatTimeoutMs: 10_000, // a silent broker leaves the routes within ~10 s (RocketMQ: 120 s)
      heartbeatIntervalMs: 1_000, // ten beats per timeout: a few lost beats never expire a broker
      streamLossGraceMs: 2_000, // a crashed broker leaves the routes within ~2 s
      maxTopicsPerRegistration: 100_000, // RocketMQ breaks near 70000 topics; we must not
      maxMessageBytes: 64 * 1024 * 1024, // a registration of maxTopicsPerRegistration topics fits
      remoting: true, // RocketMQ brokers, clients and mqadmin work unchanged on the same port
    });
  });

  it("apply when nothing is given, and the result is a copy", () => {
    const loaded = loadConfig([], {}, noFiles);
    expect(loaded).toEqual({
      config: DEFAULT_CONFIG,
      printConfig: false,
      help: false,
      configFile: undefined,
    });
    const before = { ...DEFAULT_CONFIG };
    loaded.config.listen = "changed:1";
    expect(DEFAULT_CONFIG).toEqual(before);
  });

  it("never reads process.env", () => {
    process.env.NAMESRV_LISTEN = "10.0.0.1:1";
    try {
      expect(loadConfig([], {}, noFiles).config.listen).toBe(DEFAULT_CONFIG.listen);
    } finally {
      delete process.env.NAMESRV_LISTEN;
    }
  });
});

describe("names derived from keys", () => {
  it("are kebab-case flags and NAMESRV_ upper-snake env variables", () => {
    expect(flagName("heartbeatTimeoutMs")).toBe("--heartbeat-timeout-ms");
    expect(flagName("listen")).toBe("--listen");
    expect(envName("heartbeatTimeoutMs")).toBe("NAMESRV_HEARTBEAT_TIMEOUT_MS");
    expect(envName("listen")).toBe("NAMESRV_LISTEN");
    expect(envName("logLevel")).toBe("NAMESRV_LOG_LEVEL");
  });

  it.each(CONFIG_KEYS)("set %s from a flag, an env variable and the file", (key) => {
    const text = String(OTHER[key]);
    // The interval must stay below the timeout whichever of the two is changed alone.
    const companions = companionsOf(key);
    const expected = {
      ...DEFAULT_CONFIG,
      heartbeatTimeoutMs: 60_000,
      ...companions.config,
      [key]: OTHER[key],
    };
    const base = [
      "--heartbeat-timeout-ms",
      key === "heartbeatTimeoutMs" ? text : "60000",
      ...companions.flags,
    ];
    expect(loadConfig([...base, flagName(key), text], {}, noFiles).config).toEqual(expected);
    expect(loadConfig(base, { [envName(key)]: text }, noFiles).config).toEqual(expected);
    const file = files({ "/c.json": JSON.stringify({ [key]: OTHER[key] }) });
    expect(loadConfig([...base, "--config", "/c.json"], {}, file).config).toEqual(expected);
  });
});

describe("precedence: defaults < file < env < flags", () => {
  const file = files({ "/c.json": JSON.stringify({ heartbeatTimeoutMs: 20_000, sweepIntervalMs: 500 }) });

  it("file over defaults", () => {
    const { config, configFile } = loadConfig(["--config", "/c.json"], {}, file);
    expect(configFile).toBe("/c.json");
    expect(config).toEqual({ ...DEFAULT_CONFIG, heartbeatTimeoutMs: 20_000, sweepIntervalMs: 500 });
  });

  it("env over file, the file still setting what env does not", () => {
    const env = { NAMESRV_CONFIG: "/c.json", NAMESRV_HEARTBEAT_TIMEOUT_MS: "30000" };
    const { config } = loadConfig([], env, file);
    expect(config).toEqual({ ...DEFAULT_CONFIG, heartbeatTimeoutMs: 30_000, sweepIntervalMs: 500 });
  });

  it("flags over env, env still setting what flags do not", () => {
    const env = { NAMESRV_HEARTBEAT_TIMEOUT_MS: "30000", NAMESRV_LOG_LEVEL: "warn" };
    const { config } = loadConfig(["--config", "/c.json", "--heartbeat-timeout-ms", "40000"], env, file);
    expect(config).toEqual({
      ...DEFAULT_CONFIG,
      heartbeatTimeoutMs: 40_000,
      sweepIntervalMs: 500,
      logLevel: "warn",
    });
  });

  it("--config wins over NAMESRV_CONFIG", () => {
    const both = files({ "/env.json": '{"sweepIntervalMs": 11}', "/flag.json": '{"sweepIntervalMs": 22}' });
    const loaded = loadConfig(["--config", "/flag.json"], { NAMESRV_CONFIG: "/env.json" }, both);
    expect(loaded.configFile).toBe("/flag.json");
    expect(loaded.config.sweepIntervalMs).toBe(22);
  });

  it("the last of a repeated flag wins", () => {
    expect(loadConfig(["--sweep-interval-ms", "11", "--sweep-interval-ms=22"], {}, noFiles).config).toEqual({
      ...DEFAULT_CONFIG,
      sweepIntervalMs: 22,
    });
  });

  it("the file may give numbers as JSON numbers or as strings", () => {
    const f = files({ "/c.json": '{"sweepIntervalMs": 11, "shutdownTimeoutMs": "22"}' });
    const { config } = loadConfig(["--config", "/c.json"], {}, f);
    expect([config.sweepIntervalMs, config.shutdownTimeoutMs]).toEqual([11, 22]);
  });

  it("ignores unknown NAMESRV_ variables (NAMESRV_ADDR is a client's) and empty ones", () => {
    const env = { NAMESRV_ADDR: "10.0.0.1:9876", NAMESRV_BOGUS: "x", NAMESRV_LISTEN: "", NAMESRV_CONFIG: "" };
    expect(loadConfig([], env, noFiles).config).toEqual(DEFAULT_CONFIG);
  });
});

describe("errors name the source, the key and the rule", () => {
  it("bad integer from a flag", () => {
    expect(loadError(["--heartbeat-timeout-ms", "abc"])).toBe(
      'flag --heartbeat-timeout-ms: must be an integer in 1000..600000 (got "abc")',
    );
  });

  it.each(["1.5", "1e4", " 100", "0x10", "10_000", ""])("non-decimal integer %j", (text) => {
    expect(loadError([`--sweep-interval-ms=${text}`])).toMatch(
      /^flag --sweep-interval-ms: must be an integer/,
    );
  });

  it("out of range from env", () => {
    expect(loadError([], { NAMESRV_SWEEP_INTERVAL_MS: "5" })).toBe(
      'env NAMESRV_SWEEP_INTERVAL_MS: must be an integer in 10..10000 (got "5")',
    );
    expect(loadError([], { NAMESRV_STREAM_LOSS_GRACE_MS: "-1" })).toMatch(
      /^env NAMESRV_STREAM_LOSS_GRACE_MS: .*0\.\.600000/,
    );
  });

  it("out of range or wrong type in the file", () => {
    const f = files({ "/c.json": '{"maxMessageBytes": 1024}', "/t.json": '{"listen": 9876}' });
    expect(loadError(["--config", "/c.json"], {}, f)).toBe(
      "config file /c.json, key maxMessageBytes: must be an integer in 1048576..1073741824 (got 1024)",
    );
    expect(loadError(["--config", "/t.json"], {}, f)).toMatch(
      /^config file \/t\.json, key listen: must be host:port/,
    );
  });

  it("bad log level lists the allowed values", () => {
    expect(loadError(["--log-level", "loud"])).toBe(
      'flag --log-level: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    );
  });

  it("unknown flag", () => {
    expect(loadError(["--heartbeat-timeout", "5"])).toBe(
      "flag --heartbeat-timeout: unknown flag (see --help)",
    );
    expect(loadError(["-x"])).toBe("flag -x: unknown flag (see --help)");
  });

  it("flag without a value, and positional arguments", () => {
    expect(loadError(["--listen"])).toMatch(/^command line: .*--listen/);
    expect(loadError(["serve"])).toMatch(/^command line: .*'serve'/);
  });

  it("unknown key in the file, including kebab-case and prototype names", () => {
    for (const key of ["foo", "heartbeat-timeout-ms", "toString"]) {
      const f = files({ "/x.json": JSON.stringify({ [key]: 1 }) });
      expect(loadError(["--config", "/x.json"], {}, f)).toMatch(
        new RegExp(`^config file /x\\.json: unknown key "${key}" \\(known: listen, `),
      );
    }
  });

  it("file that is not valid JSON, not an object, or unreadable", () => {
    const f = files({ "/x.json": '{"listen": ', "/a.json": "[1]", "/n.json": "null" });
    expect(loadError([], { NAMESRV_CONFIG: "/x.json" }, f)).toMatch(
      /^config file \/x\.json: not valid JSON \(.+\)$/,
    );
    expect(loadError(["--config", "/a.json"], {}, f)).toBe(
      "config file /a.json: must be a JSON object of settings",
    );
    expect(loadError(["--config", "/n.json"], {}, f)).toBe(
      "config file /n.json: must be a JSON object of settings",
    );
    expect(loadError(["--config", "/missing.json"], {}, f)).toMatch(
      /^config file \/missing\.json: cannot read \(ENOENT/,
    );
  });

  it("cross-field: the interval must be below the timeout, saying where each came from", () => {
    const message = loadError(["--heartbeat-interval-ms", "5000"], { NAMESRV_HEARTBEAT_TIMEOUT_MS: "5000" });
    expect(message).toBe(
      "effective config: heartbeatIntervalMs: must be less than heartbeatTimeoutMs " +
        "(got 5000, heartbeatTimeoutMs is 5000) " +
        "[heartbeatIntervalMs from flag --heartbeat-interval-ms; heartbeatTimeoutMs from env NAMESRV_HEARTBEAT_TIMEOUT_MS]",
    );
    expect(
      loadConfig(["--heartbeat-interval-ms", "4999"], { NAMESRV_HEARTBEAT_TIMEOUT_MS: "5000" }, noFiles)
        .config,
    ).toMatchObject({ heartbeatIntervalMs: 4999, heartbeatTimeoutMs: 5000 });
  });
});

describe("validateConfig", () => {
  // Every integer field, its range read from the schema: fields added later are covered too.
  const integers = CONFIG_KEYS.flatMap((key) => {
    const kind = CONFIG_FIELDS[key].kind;
    return kind.type === "integer" ? [[key, kind.min, kind.max] as const] : [];
  });
  it.each(integers)("%s takes %i..%i and nothing outside", (key, min, max) => {
    const rule = `must be an integer in ${min}..${max}`;
    expect([checkField(key, min), checkField(key, max)]).toEqual([undefined, undefined]);
    expect(checkField(key, min - 1)).toBe(`${rule} (got ${min - 1})`);
    expect(checkField(key, max + 1)).toBe(`${rule} (got ${max + 1})`);
    expect(checkField(key, min + 0.5)).toBe(`${rule} (got ${min + 0.5})`);
  });

  const invalid: [Partial<Record<keyof NameServerConfig, unknown>>, string][] = [
    [{ heartbeatTimeoutMs: 999 }, "heartbeatTimeoutMs: must be an integer in 1000..600000 (got 999)"],
    [{ sweepIntervalMs: Number.NaN }, "sweepIntervalMs: must be an integer in 10..10000 (got NaN)"],
    [{ shutdownTimeoutMs: "100" }, 'shutdownTimeoutMs: must be an integer in 0..600000 (got "100")'],
    [
      { logLevel: "INFO" },
      'logLevel: must be one of fatal, error, warn, info, debug, trace, silent (got "INFO")',
    ],
    [
      { heartbeatIntervalMs: DEFAULT_CONFIG.heartbeatTimeoutMs },
      "heartbeatIntervalMs: must be less than heartbeatTimeoutMs",
    ],
    [{ tlsMode: "TLS" }, 'tlsMode: must be one of disabled, permissive, enforcing (got "TLS")'],
    [{ tlsMode: "enforcing", tlsCertFile: "/c.crt" }, "tlsMode: enforcing needs tlsCertFile and tlsKeyFile"],
    [{ tlsMode: "permissive", tlsKeyFile: "/c.key" }, "tlsMode: permissive needs tlsCertFile and tlsKeyFile"],
    [{ tlsCertFile: "/c.crt", tlsKeyFile: "/c.key" }, "tlsMode: is disabled but TLS files are set"],
    [{ tlsClientCaFile: "/ca.crt" }, "tlsMode: is disabled but TLS files are set"],
    [
      { tlsMode: "enforcing", tlsCertFile: "/c.crt", tlsKeyFile: "/c.key", tlsClientAuth: "require" },
      "tlsClientAuth: require needs tlsClientCaFile",
    ],
    [{ tlsClientAuth: "optional" }, "tlsClientAuth: optional needs tlsClientCaFile"],
    [{ reloadCheckIntervalMs: 99 }, "reloadCheckIntervalMs: must be an integer in 100..600000 (got 99)"],
  ];
  it.each(invalid)("rejects %j", (change, message) => {
    const config = { ...DEFAULT_CONFIG, ...change } as NameServerConfig;
    expect(() => validateConfig(config)).toThrow(ConfigError);
    expect(() => validateConfig(config)).toThrow(message);
  });

  it("reports the keys a broken rule is about", () => {
    const keysOf = (c: NameServerConfig) => {
      try {
        validateConfig(c);
      } catch (err) {
        return (err as ConfigError).keys;
      }
    };
    expect(keysOf({ ...DEFAULT_CONFIG, maxTopicsPerRegistration: 0 })).toEqual(["maxTopicsPerRegistration"]);
    expect(keysOf({ ...DEFAULT_CONFIG, heartbeatIntervalMs: DEFAULT_CONFIG.heartbeatTimeoutMs })).toEqual([
      "heartbeatIntervalMs",
      "heartbeatTimeoutMs",
    ]);
  });
});

describe("listen addresses", () => {
  it.each([
    "0.0.0.0:9876",
    "127.0.0.1:0",
    "localhost:9876",
    "namesrv-0.namesrv.default.svc.cluster.local:9876",
    "[::1]:9876",
    "[::]:0",
    "[2001:db8::1]:65535",
  ])("accepts %s", (listen) => {
    expect(loadConfig(["--listen", listen], {}, noFiles).config.listen).toBe(listen);
  });

  it.each([
    "9876",
    "localhost",
    ":9876",
    "localhost:",
    "localhost:65536",
    "localhost:-1",
    "localhost:80a",
    "::1:9876",
    "[::1]",
    "[::1:9876",
    "[zz::1]:9876",
    "[127.0.0.1]:9876",
    "256.1.1.1:9876",
    "bad_host:9876",
    "a b:9876",
    "-leading.dash:9876",
  ])("rejects %s", (listen) => {
    expect(loadError([], { NAMESRV_LISTEN: listen })).toBe(
      `env NAMESRV_LISTEN: must be host:port (hostname, IPv4 or [IPv6] host; port 0..65535) (got ${JSON.stringify(listen)})`,
    );
  });
});

describe("--print-config and --help", () => {
  it("--print-config loads the full config and asks for it to be printed", () => {
    const loaded = loadConfig(["--print-config", "--log-level", "warn"], {}, noFiles);
    expect(loaded.printConfig).toBe(true);
    expect(loaded.help).toBe(false);
    expect(loaded.config).toEqual({ ...DEFAULT_CONFIG, logLevel: "warn" });
  });

  it("formatConfig prints JSON that loads back as a config file", () => {
    const text = formatConfig(OTHER);
    expect(Object.keys(JSON.parse(text))).toEqual(CONFIG_KEYS);
    expect(loadConfig(["--config", "/p.json"], {}, files({ "/p.json": text })).config).toEqual(OTHER);
  });

  it.each([["--help"], ["-h"]])("%s short-circuits: no file read, no env checked", (flag) => {
    const loaded = loadConfig([flag, "--config", "/missing.json"], { NAMESRV_LISTEN: "nonsense" }, noFiles);
    expect(loaded).toEqual({ config: DEFAULT_CONFIG, printConfig: false, help: true });
  });

  it("--help still rejects unknown flags", () => {
    expect(loadError(["--help", "--nope"])).toBe("flag --nope: unknown flag (see --help)");
  });

  it("usage lists every flag with its env name, default and doc", () => {
    const text = usage();
    for (const flag of ["--config PATH", "NAMESRV_CONFIG", "--print-config", "-h, --help"]) {
      expect(text).toContain(flag);
    }
    for (const key of CONFIG_KEYS) {
      expect(text).toContain(`${flagName(key)} `);
      expect(text).toContain(`env ${envName(key)},`);
      expect(text).toContain(`default ${JSON.stringify(DEFAULT_CONFIG[key])}`);
    }
    expect(text).toContain("  --heartbeat-timeout-ms N");
    expect(text).toContain(`integer 1000..600000; default ${DEFAULT_CONFIG.heartbeatTimeoutMs}`);
  });
});

describe("paths and booleans", () => {
  it("the KV config file defaults to <dataDir>/kvConfig.json, kvConfigPath overrides it", () => {
    expect(kvConfigPathOf(DEFAULT_CONFIG)).toBe(join(DEFAULT_CONFIG.dataDir, "kvConfig.json"));
    expect(kvConfigPathOf({ dataDir: "/srv/ns", kvConfigPath: "" })).toBe("/srv/ns/kvConfig.json");
    expect(kvConfigPathOf({ dataDir: "/srv/ns", kvConfigPath: "/etc/kv.json" })).toBe("/etc/kv.json");
  });

  it("accepts true/false for booleans from every source and rejects anything else", () => {
    expect(loadConfig(["--acting-master", "true"], {}, noFiles).config.actingMaster).toBe(true);
    expect(loadConfig([], { NAMESRV_ACTING_MASTER: "false" }, noFiles).config.actingMaster).toBe(false);
    expect(loadError(["--acting-master", "yes"])).toBe(
      'flag --acting-master: must be true or false (got "yes")',
    );
    const f = files({ "/c.json": '{"actingMaster": 1}' });
    expect(loadError(["--config", "/c.json"], {}, f)).toBe(
      "config file /c.json, key actingMaster: must be true or false (got 1)",
    );
  });

  it("requires a data directory; the KV config path may be empty", () => {
    const f = files({ "/c.json": '{"dataDir": ""}', "/n.json": '{"kvConfigPath": 5}' });
    expect(loadError(["--config", "/c.json"], {}, f)).toMatch(
      /^config file \/c\.json, key dataDir: must be a non-empty path/,
    );
    expect(loadError(["--config", "/n.json"], {}, f)).toMatch(/key kvConfigPath: must be a path or empty/);
    expect(loadError(["--data-dir", "a\0b"])).toMatch(/^flag --data-dir: must be a non-empty path .*no NUL/);
    expect(loadError(["--data-dir", "x".repeat(4097)])).toMatch(/at most 4096 characters/);
  });

  it("usage describes the new kinds", () => {
    const text = usage();
    expect(text).toContain("  --acting-master true|false");
    expect(text).toContain(`true or false; default ${DEFAULT_CONFIG.actingMaster}`);
    expect(text).toContain("  --data-dir PATH");
    expect(text).toContain(`a path, or empty; default ${JSON.stringify(DEFAULT_CONFIG.kvConfigPath)}`);
  });
});

describe("runtime updates", () => {
  const change = (entries: Record<string, string>) => new Map(Object.entries(entries));

  it("applies whitelisted keys, parsed like flags, and reports the keys that changed", () => {
    const r = applyRuntimeUpdate(DEFAULT_CONFIG, change({ heartbeatTimeoutMs: "20000", logLevel: "info" }));
    expect(r.config).toEqual({ ...DEFAULT_CONFIG, heartbeatTimeoutMs: 20_000 });
    expect(r.updated).toEqual(["heartbeatTimeoutMs"]);
    expect(r.config).not.toBe(DEFAULT_CONFIG);
    expect(Object.isFrozen(DEFAULT_CONFIG)).toBe(true);
  });

  it("never lets paths or listen addresses change, nor anything fixed at start", () => {
    for (const key of CONFIG_KEYS.filter((k) => !RUNTIME_UPDATABLE_KEYS.includes(k))) {
      expect(() => applyRuntimeUpdate(DEFAULT_CONFIG, change({ [key]: String(OTHER[key]) }))).toThrow(
        new RegExp(`^${key}: cannot be changed at runtime`),
      );
    }
    expect(RUNTIME_UPDATABLE_KEYS).not.toContain("listen");
    expect(RUNTIME_UPDATABLE_KEYS).not.toContain("dataDir");
    expect(RUNTIME_UPDATABLE_KEYS).not.toContain("kvConfigPath");
  });

  it("rejects unknown keys, bad values and broken cross-field rules", () => {
    expect(() => applyRuntimeUpdate(DEFAULT_CONFIG, change({ nope: "1" }))).toThrow(
      /^nope: unknown config key/,
    );
    expect(() => applyRuntimeUpdate(DEFAULT_CONFIG, change({ heartbeatTimeoutMs: "soon" }))).toThrow(
      'heartbeatTimeoutMs: must be an integer in 1000..600000 (got "soon")',
    );
    const atTimeout = String(DEFAULT_CONFIG.heartbeatTimeoutMs);
    expect(() => applyRuntimeUpdate(DEFAULT_CONFIG, change({ heartbeatIntervalMs: atTimeout }))).toThrow(
      /^heartbeatIntervalMs: must be less than heartbeatTimeoutMs/,
    );
  });

  it("RuntimeConfig applies all or nothing and tells the components once", () => {
    const applied: string[][] = [];
    const rc = new RuntimeConfig(DEFAULT_CONFIG, (_c, updated) => applied.push([...updated]));
    const bad = () => rc.update(change({ logLevel: "debug", listen: "127.0.0.1:1" }));
    expect(bad).toThrow(DomainError);
    expect(bad).toThrow(/^values\[listen\]: cannot be changed at runtime/);
    expect(rc.current()).toEqual(DEFAULT_CONFIG);
    expect(() => rc.update(new Map())).toThrow("values: required");

    const r = rc.update(change({ logLevel: "debug", maxTopicsPerRegistration: "10" }));
    expect(r.updated).toEqual(["logLevel", "maxTopicsPerRegistration"]);
    expect(rc.current()).toMatchObject({ logLevel: "debug", maxTopicsPerRegistration: 10 });
    expect(applied).toEqual([["logLevel", "maxTopicsPerRegistration"]]);
    rc.update(change({ logLevel: "debug" }));
    expect(applied).toHaveLength(1);
  });
});
