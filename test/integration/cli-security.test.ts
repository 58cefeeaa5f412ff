import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT, type LineProcess, runCli, runCliInProcess, startAgentProcess } from "../helpers/cli.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { authFileText, fixture } from "../helpers/tls.js";

/**
 * namesrvctl and the stand-in broker with TLS and tokens, against a real NameServer with tlsMode
 * "enforcing" and an auth file. The binary runs as a child process for the main paths (the flags
 * and NAMESRV_TOKEN as a user passes them); the rest runs in-process through the same parser.
 */

const CA = fixture("ca.crt");

const BROKER_TOKEN = "broker-a-token-5d1c";
const CLIENT_TOKEN = "apps-token-0b7e";
const ADMIN_TOKEN = "ops-token-93aa";

const dir = mkdtempSync(join(tmpdir(), "cli-security-"));
const authFile = join(dir, "auth.json");
writeFileSync(
  authFile,
  authFileText([
    { name: "broker-a", roles: ["broker"], token: BROKER_TOKEN, brokerNames: ["broker-a"] },
    { name: "apps", roles: ["client"], token: CLIENT_TOKEN },
    { name: "ops", roles: ["admin"], token: ADMIN_TOKEN },
    { name: "ops-cert", roles: ["admin"], certCommonName: "ops-admin" },
  ]),
);
const clientTokenFile = join(dir, "client.token");
writeFileSync(clientTokenFile, `${CLIENT_TOKEN}\n`);
const adminTokenFile = join(dir, "admin.token");
writeFileSync(adminTokenFile, `${ADMIN_TOKEN}\n`);
const brokerTokenFile = join(dir, "broker.token");
writeFileSync(brokerTokenFile, BROKER_TOKEN);

let ns: TestServer;
let agent: LineProcess;
const addr = () => ns.server.address;

beforeAll(async () => {
  ns = await startTestServer({
    tlsMode: "enforcing",
    tlsCertFile: fixture("server.crt"),
    tlsKeyFile: fixture("server.key"),
    authFile,
  });
  // The stand-in broker takes the same flags: it registers broker-a over TLS with its token.
  agent = await startAgentProcess(
    [addr()],
    {
      brokerName: "broker-a",
      brokerAddr: "127.0.0.1:10911",
      cluster: "SecureCluster",
      topics: ["SecureTopic"],
    },
    [addr()],
    { args: ["--tls-ca", CA, "--token-file", brokerTokenFile] },
  );
});

afterAll(async () => {
  agent?.kill("SIGTERM");
  await agent?.exited;
  await ns?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("namesrvctl with TLS and a token", () => {
  it("--tls-ca with NAMESRV_TOKEN, or with --token-file, reads routes", async () => {
    const [byEnv, byFile] = await Promise.all([
      runCli(["--namesrv", addr(), "--tls-ca", CA, "route", "SecureTopic"], { NAMESRV_TOKEN: CLIENT_TOKEN }),
      runCli(["topics", "--namesrv", addr(), "--tls-ca", CA, "--token-file", clientTokenFile, "--json"]),
    ]);
    expect(byEnv).toMatchObject({ code: 0, stderr: "" });
    expect(byEnv.stdout).toMatch(/broker-a .*127\.0\.0\.1:10911/);
    expect(byFile).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(byFile.stdout).topics).toContain("SecureTopic");
  });

  it("without the token: exit 1 and the server's UNAUTHENTICATED message, with where the token goes", async () => {
    const r = await runCli(["--namesrv", addr(), "--tls-ca", CA, "route", "SecureTopic"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`(UNAUTHENTICATED from ${addr()})`);
    expect(r.stderr).toMatch(
      /^namesrvctl: route: .+\(UNAUTHENTICATED from .+\) \(no token was sent: pass --token-file FILE or set NAMESRV_TOKEN\)\n$/,
    );
  });

  it("trusting another CA: exit 3 (nothing reachable) and the certificate error", async () => {
    const r = await runCli(
      ["--namesrv", addr(), "--tls-ca", fixture("other-ca.crt"), "route", "SecureTopic"],
      {
        NAMESRV_TOKEN: CLIENT_TOKEN,
      },
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^namesrvctl: route: .*certificate.*\(UNAVAILABLE from /);
  });

  it("plaintext: exit 1, told that the NameServer accepts TLS only", async () => {
    const r = await runCliInProcess(["--namesrv", addr(), "clusters"], { NAMESRV_TOKEN: CLIENT_TOKEN });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/TLS.*\(UNAUTHENTICATED from /);
  });

  it("watch streams with the token, and without it exits at once with UNAUTHENTICATED", async () => {
    const ok = await runCli(["--namesrv", addr(), "--tls-ca", CA, "watch", "SecureTopic", "--count", "1"], {
      NAMESRV_TOKEN: CLIENT_TOKEN,
    });
    expect(ok).toMatchObject({ code: 0, stderr: "" });
    expect(ok.stdout).toMatch(/^# snapshot from .*topics: 1\n\d+ +SecureTopic +broker-a /);

    const refused = await runCliInProcess([
      "--namesrv",
      addr(),
      "--tls-ca",
      CA,
      "--timeout-ms",
      "20000",
      "watch",
      "SecureTopic",
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^namesrvctl: watch: .*\(UNAUTHENTICATED from .*\) \(no token was sent/);
    expect(refused.stderr).not.toContain("no routes from any NameServer within");
  });

  it("fan-out commands use the same TLS and token: status as a client, kv-put as admin only", async () => {
    const tls = ["--namesrv", addr(), "--tls-ca", CA];
    const status = await runCliInProcess([...tls, "status", "--json"], { NAMESRV_TOKEN: CLIENT_TOKEN });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).results).toEqual([
      expect.objectContaining({ namesrv: addr(), ok: true, groups: 1 }),
    ]);

    const denied = await runCliInProcess([...tls, "kv-put", "ns", "k", "v"], { NAMESRV_TOKEN: CLIENT_TOKEN });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/FAILED .* PERMISSION_DENIED: \S/);
    expect(denied.stderr).not.toContain("no token was sent");

    const admin = await runCliInProcess([...tls, "--token-file", adminTokenFile, "kv-put", "ns", "k", "v"]);
    expect(admin).toMatchObject({ code: 0, stderr: "" });
    const read = await runCliInProcess([
      ...tls,
      "--token-file",
      adminTokenFile,
      "kv-get",
      "ns",
      "k",
      "--json",
    ]);
    expect(read.code).toBe(0);
    expect(read.stdout).toContain('"v"');
  });

  it("warns when the token would go to a NameServer off loopback without TLS", async () => {
    // 192.0.2.1 is TEST-NET-1: nothing answers, the command fails; the warning comes first.
    const r = await runCliInProcess(["--namesrv", "192.0.2.1:9876", "--timeout-ms", "100", "topics"], {
      NAMESRV_TOKEN: CLIENT_TOKEN,
    });
    expect(r.code).toBe(3);
    expect(r.stderr.split("\n")[0]).toBe(
      "namesrvctl: warning: the token goes to 192.0.2.1:9876 without TLS (use --tls-ca FILE or --tls)",
    );
    expect(r.stderr).not.toContain(CLIENT_TOKEN);
  });

  it("a token on the command line is not accepted, and a bad --tls-ca is a usage error of the broker too", async () => {
    const flag = await runCliInProcess([
      "--namesrv",
      addr(),
      "route",
      "SecureTopic",
      "--token",
      CLIENT_TOKEN,
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown flag --token/);

    const child = spawn(
      process.execPath,
      [
        AGENT,
        "--namesrv",
        addr(),
        "--broker-name",
        "b",
        "--broker-addr",
        "127.0.0.1:1",
        "--tls-ca",
        join(dir, "nope.crt"),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const [code] = await once(child, "close");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^broker-agent: --tls-ca: cannot read .*nope\.crt: no such file or directory\n$/);
  });
});

describe("namesrvctl with a client certificate (tlsClientAuth require)", () => {
  let mtls: TestServer;
  beforeAll(async () => {
    mtls = await startTestServer({
      tlsMode: "enforcing",
      tlsCertFile: fixture("server.crt"),
      tlsKeyFile: fixture("server.key"),
      tlsClientCaFile: CA,
      tlsClientAuth: "require",
      authFile,
    });
  });
  afterAll(async () => {
    await mtls?.stop();
  });

  it("--tls-cert and --tls-key of ops-admin (an admin principal) work without a token; none fails", async () => {
    const base = ["--namesrv", mtls.server.address, "--tls-ca", CA];
    const withCert = await runCli([
      ...base,
      "--tls-cert",
      fixture("client-admin.crt"),
      "--tls-key",
      fixture("client-admin.key"),
      "kv-put",
      "ns",
      "k",
      "v",
    ]);
    expect(withCert).toMatchObject({ code: 0, stderr: "" });
    const without = await runCliInProcess([...base, "topics"], { NAMESRV_TOKEN: CLIENT_TOKEN });
    expect(without.code).toBe(3);
    expect(without.stderr).toContain("UNAVAILABLE");
  });
});
