import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type InterceptingCall, type InterceptorOptions, Metadata } from "@grpc/grpc-js";
import { afterAll, describe, expect, it } from "vitest";
import { BrokerAgent } from "../../src/client/broker-agent.js";
import type { SdkLogger } from "../../src/client/logger.js";
import { RouteClient } from "../../src/client/route-client.js";
import { RouteWatcher } from "../../src/client/route-watcher.js";
import {
  bearerTokenInterceptor,
  ChannelSecurity,
  type ClientSecurity,
  ClientSecurityError,
  checkToken,
  resolveClientSecurity,
} from "../../src/client/security.js";

const TLS = fileURLToPath(new URL("../fixtures/tls/", import.meta.url));
const fixture = (name: string) => join(TLS, name);
const tmp = mkdtempSync(join(tmpdir(), "client-security-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tmpFile(name: string, content: string): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

/** The ClientSecurityError `security` gives, or a failure if it resolves. */
function errorOf(security: ClientSecurity): ClientSecurityError {
  try {
    resolveClientSecurity(security);
  } catch (err) {
    expect(err).toBeInstanceOf(ClientSecurityError);
    return err as ClientSecurityError;
  }
  throw new Error(`resolved: ${JSON.stringify(security)}`);
}

/**
 * The metadata a call made through `sec`'s interceptors starts with: the interceptor chain run up
 * to a stand-in for the transport call that records what it is started with.
 */
function startMetadata(sec: ChannelSecurity): Metadata {
  let seen: Metadata | undefined;
  const transport = {
    start: (md: Metadata) => {
      seen = md;
    },
    cancelWithStatus() {},
    getPeer: () => "",
    sendMessageWithContext() {},
    sendMessage() {},
    startRead() {},
    halfClose() {},
  } as unknown as InterceptingCall;
  let next = (_o: InterceptorOptions) => transport;
  for (const i of [...(sec.clientOptions().interceptors ?? [])].reverse()) {
    const inner = next;
    next = (o) => i(o, inner);
  }
  next({} as InterceptorOptions).start(new Metadata(), {});
  if (seen === undefined) throw new Error("the call was not started");
  return seen;
}

describe("resolveClientSecurity", () => {
  it("defaults to plaintext without a token, as before", () => {
    for (const sec of [undefined, {}, { tls: false }]) {
      const r = resolveClientSecurity(sec);
      expect(r).toBe(ChannelSecurity.plaintext);
      expect(r.tls).toBe(false);
      expect(r.hasToken).toBe(false);
      expect(r.clientOptions({ "grpc.max_reconnect_backoff_ms": 5 })).toEqual({
        "grpc.max_reconnect_backoff_ms": 5,
      });
      expect(startMetadata(r).get("authorization")).toEqual([]);
    }
  });

  it("tls: true is TLS with the system roots; an object with a CA, a client pair and a server name", () => {
    const system = resolveClientSecurity({ tls: true });
    expect(system.tls).toBe(true);
    expect(system.clientOptions()).toEqual({});

    const full = resolveClientSecurity({
      tls: {
        caFile: fixture("ca.crt"),
        certFile: fixture("client-admin.crt"),
        keyFile: fixture("client-admin.key"),
        serverNameOverride: "localhost",
      },
    });
    expect(full.tls).toBe(true);
    expect(full.hasToken).toBe(false);
    expect(full.clientOptions({ "grpc.initial_reconnect_backoff_ms": 100 })).toEqual({
      "grpc.initial_reconnect_backoff_ms": 100,
      "grpc.ssl_target_name_override": "localhost",
      "grpc.default_authority": "localhost",
    });
    // A CA file of several certificates is fine.
    const bundle = tmpFile("bundle.crt", `${readFixture("ca.crt")}\n${readFixture("other-ca.crt")}`);
    expect(resolveClientSecurity({ tls: { caFile: bundle } }).tls).toBe(true);
  });

  it("a token goes into every call's metadata as `authorization: Bearer <token>`, over TLS or not", () => {
    for (const tls of [false, { caFile: fixture("ca.crt") }]) {
      const sec = resolveClientSecurity({ tls, token: "s3cr3t-token_1" });
      expect(sec.hasToken).toBe(true);
      expect(sec.tls).toBe(tls !== false);
      expect(sec.clientOptions().interceptors).toHaveLength(1);
      expect(startMetadata(sec).get("authorization")).toEqual(["Bearer s3cr3t-token_1"]);
    }
    // The interceptor also replaces a value the caller set, rather than sending two.
    const md = new Metadata();
    md.set("authorization", "Bearer stale");
    let seen: Metadata | undefined;
    bearerTokenInterceptor("fresh")(
      {} as InterceptorOptions,
      () =>
        ({
          start: (m: Metadata) => {
            seen = m;
          },
        }) as unknown as InterceptingCall,
    ).start(md, {});
    expect(seen?.get("authorization")).toEqual(["Bearer fresh"]);
  });

  it("a token file is read when the client is built, without its surrounding whitespace", () => {
    const file = tmpFile("token", "from-a-file\n");
    const sec = resolveClientSecurity({ tokenFile: file });
    writeFileSync(file, "changed-later\n");
    expect(startMetadata(sec).get("authorization")).toEqual(["Bearer from-a-file"]);
  });

  it("rejects malformed tokens without quoting them", () => {
    const cases: Array<[string, RegExp]> = [
      ["", /empty/],
      ["two words", /whitespace or a line break \(at offset 3\)/],
      ["line\nbreak", /whitespace or a line break/],
      ["tab\there", /whitespace or a line break/],
      ["caf\u00e9", /not printable ASCII/],
      ["nul\u0000", /not printable ASCII/],
    ];
    for (const [token, why] of cases) {
      const err = errorOf({ token });
      expect(err.field).toBe("token");
      expect(err.message).toMatch(why);
      if (token !== "") expect(err.message).not.toContain(token);
    }
    expect(checkToken("ok-Token.123~")).toBe("ok-Token.123~");
    expect(errorOf({ tokenFile: tmpFile("spaced", "inner space\n") }).message).toMatch(
      /^security\.tokenFile: .*spaced: the token contains whitespace/,
    );
    expect(errorOf({ tokenFile: tmpFile("blank", " \n") }).message).toMatch(/blank is empty$/);
    expect(errorOf({ token: "a", tokenFile: tmpFile("t2", "b") }).message).toMatch(/not both/);
  });

  it("names the option and the path of a file that cannot be used", () => {
    const missing = join(tmp, "no-such.crt");
    const cases: Array<[ClientSecurity, string, RegExp]> = [
      [{ tls: { caFile: missing } }, "tls.caFile", /cannot read .*no-such\.crt: no such file or directory$/],
      [{ tls: { caFile: tmp } }, "tls.caFile", /cannot read .*: illegal operation on a directory$/],
      [
        { tls: { caFile: tmpFile("junk.crt", "hello") } },
        "tls.caFile",
        /junk\.crt: no PEM certificate in it/,
      ],
      [{ tls: { caFile: fixture("server.key") } }, "tls.caFile", /server\.key: no PEM certificate in it/],
      [
        {
          tls: {
            caFile: tmpFile("broken.crt", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
          },
        },
        "tls.caFile",
        /broken\.crt: certificate 1 is malformed/,
      ],
      [{ tls: { certFile: fixture("client-admin.crt") } }, "tls.certFile", /needs both certFile and keyFile/],
      [{ tls: { keyFile: fixture("client-admin.key") } }, "tls.keyFile", /needs both certFile and keyFile/],
      [
        { tls: { certFile: fixture("client-admin.crt"), keyFile: tmpFile("junk.key", "x") } },
        "tls.keyFile",
        /junk\.key: not a PEM private key/,
      ],
      [
        { tls: { certFile: fixture("client-admin.crt"), keyFile: fixture("client-broker.key") } },
        "tls.keyFile",
        /client-broker\.key is not the key of .*client-admin\.crt/,
      ],
      [{ tls: { serverNameOverride: "bad name" } }, "tls.serverNameOverride", /want a host name/],
      [{ tls: { caFile: "" } }, "tls.caFile", /empty file name/],
      [{ tokenFile: missing }, "tokenFile", /cannot read .*no-such\.crt: no such file or directory$/],
    ];
    for (const [sec, field, why] of cases) {
      const err = errorOf(sec);
      expect([err.field, err.message]).toEqual([field, expect.stringMatching(why)]);
      expect(err.message.startsWith(`security.${field}: `)).toBe(true);
    }
  });

  it("knows where a token would go in plaintext: off loopback, without TLS", () => {
    const addrs = [
      "127.0.0.1:9876",
      "127.3.2.1:1",
      "localhost:9876",
      "[::1]:9876",
      "10.0.0.5:9876",
      "ns.example:9876",
    ];
    expect(resolveClientSecurity({ token: "t" }).plaintextTokenPeers(addrs)).toEqual([
      "10.0.0.5:9876",
      "ns.example:9876",
    ]);
    expect(resolveClientSecurity({ token: "t", tls: true }).plaintextTokenPeers(addrs)).toEqual([]);
    expect(resolveClientSecurity({}).plaintextTokenPeers(addrs)).toEqual([]);
  });

  it("hands a resolved ChannelSecurity back as it is (one read for several clients)", () => {
    const sec = resolveClientSecurity({ tls: { caFile: fixture("ca.crt") }, token: "t" });
    expect(resolveClientSecurity(sec)).toBe(sec);
  });
});

describe("the SDK's clients read their security settings in the constructor", () => {
  it("RouteClient warns once when its token would go in plaintext off loopback", () => {
    const warned: Array<[object, string | undefined]> = [];
    const logger: SdkLogger = {
      info() {},
      debug() {},
      warn: (obj, msg) => warned.push([obj, msg]),
      child: () => logger,
    };
    new RouteClient({ namesrvAddrs: ["127.0.0.1:9876"], security: { token: "t" }, logger }).close();
    expect(warned).toEqual([]);
    new RouteClient({
      namesrvAddrs: ["127.0.0.1:9876", "10.0.0.5:9876"],
      security: { token: "t" },
      logger,
    }).close();
    expect(warned).toEqual([
      [{ peer: "10.0.0.5:9876" }, "bearer token sent without TLS to a NameServer off loopback"],
    ]);
  });

  const bad: ClientSecurity = { tls: { caFile: join(tmp, "missing-ca.crt") } };
  const addr = "127.0.0.1:1";

  it("RouteClient, RouteWatcher and BrokerAgent throw ClientSecurityError and start nothing", () => {
    expect(() => new RouteClient({ namesrvAddrs: [addr], security: bad })).toThrow(ClientSecurityError);
    expect(() => new RouteClient({ namesrvAddrs: [addr], security: bad, cache: { topics: "all" } })).toThrow(
      /security\.tls\.caFile: cannot read .*missing-ca\.crt/,
    );
    expect(() => new RouteWatcher({ address: addr, topics: "all", security: bad })).toThrow(
      ClientSecurityError,
    );
    expect(
      () =>
        new BrokerAgent({
          namesrvAddrs: [addr],
          broker: { clusterName: "c", brokerName: "b", brokerId: 0, brokerAddr: "127.0.0.1:10911" },
          topics: [],
          security: { token: "has space" },
        }),
    ).toThrow(/security\.token: the token contains whitespace/);
  });
});

function readFixture(name: string): string {
  return readFileSync(fixture(name), "utf8");
}
