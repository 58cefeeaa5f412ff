import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { status } from "@grpc/grpc-js";
import { afterAll, describe, expect, it } from "vitest";
import { parseInvocation, usage } from "../../src/cli/args.js";
import { UsageError } from "../../src/cli/command.js";
import { resolveSecurityFlags, securityFromFlags, securityHint } from "../../src/cli/security-flags.js";
import { NameServerError } from "../../src/client/errors.js";
import { resolveClientSecurity } from "../../src/client/security.js";
import { runCliInProcess } from "../helpers/cli.js";

const TLS = fileURLToPath(new URL("../fixtures/tls/", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "cli-security-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The `security` of a parsed namesrvctl command line. */
function securityOf(argv: string[], env: Record<string, string> = {}) {
  const inv = parseInvocation(["--namesrv", "127.0.0.1:9876", ...argv], env);
  if (inv.kind !== "run") throw new Error("help");
  return inv.security;
}

describe("namesrvctl TLS and token flags", () => {
  it("plaintext without a token unless asked; any --tls-* flag implies TLS", () => {
    expect(securityOf(["route", "T"])).toEqual({});
    expect(securityOf(["--tls", "route", "T"])).toEqual({ tls: {} });
    expect(securityOf(["route", "T", "--tls-ca", "/ca.crt"])).toEqual({ tls: { caFile: "/ca.crt" } });
    expect(securityOf(["--tls-server-name", "ns.example", "status"])).toEqual({
      tls: { serverNameOverride: "ns.example" },
    });
    expect(
      securityOf(["--tls-cert", "/c.crt", "--tls-key", "/c.key", "--tls-ca", "/ca.crt", "clusters"]),
    ).toEqual({ tls: { caFile: "/ca.crt", certFile: "/c.crt", keyFile: "/c.key" } });
  });

  it("the flags go before or after the command, and their values are not taken for the command", () => {
    const inv = parseInvocation(["--tls-ca", "route", "--token-file", "kv-get", "route", "TopicA"], {
      NAMESRV_ADDR: "127.0.0.1:9876",
    });
    expect(inv.kind === "run" && [inv.command.name, inv.args, inv.security]).toEqual([
      "route",
      ["TopicA"],
      { tls: { caFile: "route" }, tokenFile: "kv-get" },
    ]);
  });

  it("the token comes from --token-file or NAMESRV_TOKEN; the file wins; an empty variable is unset", () => {
    expect(securityOf(["topics"], { NAMESRV_TOKEN: "env-token" })).toEqual({ token: "env-token" });
    expect(securityOf(["topics"], { NAMESRV_TOKEN: " env-token\n" })).toEqual({ token: "env-token" });
    expect(securityOf(["topics"], { NAMESRV_TOKEN: "" })).toEqual({});
    expect(securityOf(["--token-file", "/t", "topics"], { NAMESRV_TOKEN: "env-token" })).toEqual({
      tokenFile: "/t",
    });
  });

  it("rejects a half client pair, empty values and a malformed NAMESRV_TOKEN, naming the flag", () => {
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [["--tls-cert", "/c.crt"], {}, /^--tls-cert needs --tls-key$/],
      [["--tls-key", "/c.key"], {}, /^--tls-key needs --tls-cert$/],
      [["--tls-ca", ""], {}, /^--tls-ca: empty value$/],
      [["--token-file="], {}, /^--token-file: empty value$/],
      [[], { NAMESRV_TOKEN: "two words" }, /^NAMESRV_TOKEN: the token contains whitespace/],
    ];
    for (const [flags, env, why] of cases) {
      expect(() => securityOf([...flags, "topics"], env)).toThrow(why);
      expect(() => securityOf([...flags, "topics"], env)).toThrow(UsageError);
    }
    try {
      securityOf(["topics"], { NAMESRV_TOKEN: "sec ret" });
    } catch (err) {
      expect((err as Error).message).not.toContain("sec ret");
    }
  });

  it("a token is never a flag: --token is unknown", () => {
    expect(() => securityOf(["topics", "--token=abc"])).toThrow(/unknown flag --token/);
  });

  it("resolving names the flag of a file that cannot be used", () => {
    const junk = join(tmp, "junk.pem");
    writeFileSync(junk, "not a certificate");
    const cases: Array<[Record<string, string | boolean>, RegExp]> = [
      [{ "tls-ca": join(tmp, "nope.crt") }, /^--tls-ca: cannot read .*nope\.crt: no such file or directory$/],
      [{ "tls-ca": junk }, /^--tls-ca: .*junk\.pem: no PEM certificate in it$/],
      [{ "tls-cert": junk, "tls-key": join(TLS, "client-admin.key") }, /^--tls-cert: .*junk\.pem/],
      [
        { "tls-cert": join(TLS, "client-admin.crt"), "tls-key": join(TLS, "server.key") },
        /^--tls-key: .*server\.key is not the key of .*client-admin\.crt$/,
      ],
      [{ "token-file": join(tmp, "nope.token") }, /^--token-file: cannot read .*nope\.token/],
      [{ "tls-server-name": "a b" }, /^--tls-server-name: want a host name/],
    ];
    for (const [values, why] of cases) {
      expect(() => resolveSecurityFlags(securityFromFlags(values, {}))).toThrow(why);
    }
    const ok = resolveSecurityFlags(
      securityFromFlags({ "tls-ca": join(TLS, "ca.crt") }, { NAMESRV_TOKEN: "t0ken" }),
    );
    expect([ok.tls, ok.hasToken]).toEqual([true, true]);
  });

  it("namesrvctl exits 2 with one line naming the flag, before any call", async () => {
    const r = await runCliInProcess([
      "--namesrv",
      "127.0.0.1:1",
      "--tls-ca",
      join(tmp, "missing-ca.crt"),
      "route",
      "TopicA",
    ]);
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: expect.stringMatching(/^namesrvctl: --tls-ca: cannot read .*missing-ca\.crt: no such file/),
    });
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("--help documents every flag and NAMESRV_TOKEN", () => {
    const text = usage();
    for (const flag of [
      "--tls ",
      "--tls-ca FILE",
      "--tls-cert FILE",
      "--tls-key FILE",
      "--tls-server-name NAME",
    ]) {
      expect(text).toContain(flag);
    }
    expect(text).toContain("--token-file FILE");
    expect(text).toMatch(/NAMESRV_TOKEN +bearer token/);
  });

  it("a call refused as UNAUTHENTICATED without a token says where the token goes", () => {
    const err = (code: status) => new NameServerError(code, "missing bearer token", "127.0.0.1:9876");
    const none = resolveClientSecurity({});
    const withToken = resolveClientSecurity({ token: "t" });
    expect(securityHint(err(status.UNAUTHENTICATED), none)).toBe(
      " (no token was sent: pass --token-file FILE or set NAMESRV_TOKEN)",
    );
    expect(securityHint(err(status.UNAUTHENTICATED), withToken)).toBe("");
    expect(securityHint(err(status.PERMISSION_DENIED), none)).toBe("");
    expect(securityHint(err(status.UNAVAILABLE), none)).toBe("");
  });
});
