import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseAuthFile } from "../../src/auth/auth-file.js";
import { AuthGate, MAX_AUTHORIZATION_LENGTH } from "../../src/auth/auth-gate.js";
import { exposureWarnings } from "../../src/auth/exposure.js";
import { DomainError } from "../../src/errors/domain-error.js";
import { isLoopbackHost } from "../../src/net/host-port.js";

const sha = (t: string) => createHash("sha256").update(t).digest("hex");
const file = (principals: unknown[]) => JSON.stringify({ principals });

describe("parseAuthFile", () => {
  it("indexes principals by token hash (any case) and certificate CN", () => {
    const table = parseAuthFile(
      file([
        { name: "a", roles: ["broker"], tokenSha256: sha("t").toUpperCase(), brokerNames: ["broker-a"] },
        { name: "ops", roles: ["admin", "client"], certCommonName: "ops-admin", tokenSha256: sha("o") },
      ]),
    );
    expect(table.byTokenSha256.get(sha("t"))).toMatchObject({
      name: "a",
      brokerNames: new Set(["broker-a"]),
    });
    expect(table.byCertCommonName.get("ops-admin")?.roles).toEqual(new Set(["admin", "client"]));
    expect(table.byTokenSha256.get(sha("o"))?.brokerNames).toBeNull();
  });

  const invalid: [string, string][] = [
    ["{", "not valid JSON"],
    ["[]", "must be a JSON object with a principals array"],
    ['{"principals": {}}', "principals: must be an array"],
    ['{"principal": []}', "principal: unknown key"],
    [file([{ name: "a", roles: ["client"] }]), "principals[0]: needs tokenSha256 or certCommonName"],
    [
      file([{ name: "", roles: ["client"], tokenSha256: sha("x") }]),
      "principals[0].name: must be a non-empty string",
    ],
    [
      file([{ name: "a", roles: [], tokenSha256: sha("x") }]),
      "principals[0].roles: must be a non-empty array",
    ],
    [
      file([{ name: "a", roles: ["root"], tokenSha256: sha("x") }]),
      'principals[0].roles: "root" is not a role',
    ],
    [
      file([{ name: "a", roles: ["client"], tokenSha256: "abc" }]),
      "principals[0].tokenSha256: must be 64 hex",
    ],
    [file([{ name: "a", roles: ["client"], token: "x" }]), "principals[0].token: unknown key"],
    [
      file([{ name: "a", roles: ["client"], tokenSha256: sha("x"), brokerNames: ["b"] }]),
      "principals[0].brokerNames: only for principals with the broker role",
    ],
    [
      file([
        { name: "a", roles: ["client"], tokenSha256: sha("x") },
        { name: "a", roles: ["client"], tokenSha256: sha("y") },
      ]),
      'principals[1].name: "a" is used by an earlier principal',
    ],
    [
      file([
        { name: "a", roles: ["client"], tokenSha256: sha("x") },
        { name: "b", roles: ["admin"], tokenSha256: sha("x") },
      ]),
      "principals[1].tokenSha256: used by an earlier principal",
    ],
    [
      file([
        { name: "a", roles: ["client"], certCommonName: "c" },
        { name: "b", roles: ["admin"], certCommonName: "c" },
      ]),
      'principals[1].certCommonName: "c" is used by an earlier principal',
    ],
  ];
  it.each(invalid)("rejects %s", (text, message) => {
    expect(() => parseAuthFile(text)).toThrow(message);
  });
});

describe("AuthGate", () => {
  const gate = new AuthGate(
    parseAuthFile(
      file([
        { name: "a", roles: ["broker"], tokenSha256: sha("ta"), brokerNames: ["broker-a"] },
        { name: "apps", roles: ["client"], tokenSha256: sha("tc") },
        { name: "ops", roles: ["admin"], certCommonName: "ops-admin" },
      ]),
    ),
  );
  const refusal = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      if (err instanceof DomainError) return `${err.reason}: ${err.message}`;
      throw err;
    }
    throw new Error("not refused");
  };
  const creds = (authorization: string[], certCommonName?: string) => ({ authorization, certCommonName });

  it("admits by token or certificate, and a token decides alone", () => {
    expect(gate.admit("namesrv.v1.BrokerService", creds(["Bearer ta"]))?.name).toBe("a");
    expect(gate.admit("namesrv.v1.AdminService", creds([], "ops-admin"))?.name).toBe("ops");
    expect(gate.admit("namesrv.v1.RouteService", creds(["bearer tc"], "ops-admin"))?.name).toBe("apps");
    expect(refusal(() => gate.admit("namesrv.v1.AdminService", creds(["Bearer tc"], "ops-admin")))).toMatch(
      /^PERMISSION_DENIED: principal "apps"/,
    );
  });

  it("lets anyone call health and any principal call reflection; unknown services are admin-only", () => {
    expect(gate.admit("grpc.health.v1.Health", creds([]))).toBeNull();
    expect(gate.admit("grpc.reflection.v1.ServerReflection", creds(["Bearer tc"]))?.name).toBe("apps");
    expect(refusal(() => gate.admit("grpc.reflection.v1.ServerReflection", creds([])))).toMatch(
      /^UNAUTHENTICATED/,
    );
    expect(refusal(() => gate.admit("some.Other", creds(["Bearer tc"])))).toMatch(/needs the admin role/);
  });

  it("refuses missing, several, malformed, oversized and unknown credentials", () => {
    expect(refusal(() => gate.admit("namesrv.v1.RouteService", creds([])))).toMatch(
      /^UNAUTHENTICATED: no credentials/,
    );
    expect(refusal(() => gate.admit("namesrv.v1.RouteService", creds(["Bearer tc", "Bearer tc"])))).toMatch(
      /not several/,
    );
    expect(refusal(() => gate.admit("namesrv.v1.RouteService", creds(["Bearer t c"])))).toMatch(
      /must be "Bearer <token>"/,
    );
    const huge = `Bearer ${"x".repeat(MAX_AUTHORIZATION_LENGTH)}`;
    expect(refusal(() => gate.admit("namesrv.v1.RouteService", creds([huge])))).toMatch(
      /must be "Bearer <token>"/,
    );
    expect(refusal(() => gate.admit("namesrv.v1.RouteService", creds(["Bearer nope"])))).toMatch(
      /unknown bearer token/,
    );
    expect(refusal(() => gate.admit("namesrv.v1.RouteService", creds([], "stranger")))).toMatch(
      /CN "stranger" is not a known/,
    );
  });

  it("binds broker principals to their broker names; admins act for any", () => {
    const a = gate.admit("namesrv.v1.BrokerService", creds(["Bearer ta"]));
    const ops = gate.admit("namesrv.v1.BrokerService", creds([], "ops-admin"));
    if (a === null || ops === null) throw new Error("admitted as public");
    expect(() => gate.checkBrokerName(a, "broker-a")).not.toThrow();
    expect(refusal(() => gate.checkBrokerName(a, "broker-b"))).toMatch(
      /^PERMISSION_DENIED: .*"broker-b" \(allowed: broker-a\)/,
    );
    expect(() => gate.checkBrokerName(ops, "broker-b")).not.toThrow();
  });

  it("replace swaps the principals as a whole", () => {
    const g = new AuthGate(parseAuthFile(file([{ name: "x", roles: ["client"], tokenSha256: sha("old") }])));
    g.replace(parseAuthFile(file([{ name: "y", roles: ["client"], tokenSha256: sha("new") }])));
    expect(g.admit("namesrv.v1.RouteService", creds(["Bearer new"]))?.name).toBe("y");
    expect(refusal(() => g.admit("namesrv.v1.RouteService", creds(["Bearer old"])))).toMatch(
      /unknown bearer token/,
    );
  });
});

describe("exposure", () => {
  it.each([
    ["localhost", true],
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["[::1]", true],
    ["0.0.0.0", false],
    ["[::]", false],
    ["10.0.0.1", false],
    ["namesrv.example", false],
  ])("isLoopbackHost(%s) = %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it("warns about auth off, and about tokens in plaintext, only off loopback", () => {
    expect(exposureWarnings({ listen: "127.0.0.1:9876", authFile: "", tlsMode: "disabled" })).toEqual([]);
    const off = exposureWarnings({ listen: "0.0.0.0:9876", authFile: "", tlsMode: "enforcing" });
    expect(off).toHaveLength(1);
    expect(off[0]).toMatch(/^AUTHENTICATION IS OFF on 0.0.0.0:9876/);
    expect(
      exposureWarnings({ listen: "0.0.0.0:9876", authFile: "/a.json", tlsMode: "permissive" })[0],
    ).toMatch(/bearer tokens may travel in plaintext/);
    expect(exposureWarnings({ listen: "0.0.0.0:9876", authFile: "/a.json", tlsMode: "enforcing" })).toEqual(
      [],
    );
  });
});
