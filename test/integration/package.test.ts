import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrokerAgent, type ClientSecurity } from "../../src/client/index.js";
import { tempDir } from "../helpers/admin.js";
import { type ServerProcess, startServerProcess } from "../helpers/process.js";
import { authFileText, fixture } from "../helpers/tls.js";

/**
 * The TypeScript SDK as a user gets it: `npm pack` of this repository (dist/ is built by the global
 * setup), installed into a scratch project in a temporary directory, then used there: a program
 * that imports "namesrv/client" (the package's `exports`), type-checked against the packed .d.ts
 * files and run against a real server, the programs of docs/clients/typescript.md likewise
 * (against a plaintext server, and one with TLS and a token), and the `namesrvctl` bin.
 */

const repo = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const TSC = join(repo, "node_modules", ".bin", "tsc");
const TOKEN = "package-test-token";

/** The ```ts blocks of docs/clients/typescript.md, in order: lookup, watch, TLS with a token. */
async function docPrograms(): Promise<string[]> {
  const doc = await readFile(join(repo, "docs", "clients", "typescript.md"), "utf8");
  return [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

/** Keeps broker-a with TopicA registered on a server (heartbeats) until closed. */
async function brokerA(address: string, security?: ClientSecurity): Promise<BrokerAgent> {
  const agent = new BrokerAgent({
    namesrvAddrs: [address],
    broker: {
      clusterName: "DefaultCluster",
      brokerName: "broker-a",
      brokerId: 0,
      brokerAddr: "127.0.0.1:10911",
    },
    topics: [{ topicName: "TopicA", readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 }],
    ...(security !== undefined ? { security } : {}),
  });
  await new Promise((resolve) => agent.once("registered", resolve));
  return agent;
}

// What a user writes: a broker agent registers a topic, a route client looks it up, a watcher
// gets it in a snapshot. Prints one JSON line of what it saw. (Its own broker and topic: the
// server also has broker-a with TopicA, for the programs of docs/clients/typescript.md.)
const USE_TS = `
import {
  BrokerAgent,
  NameServerError,
  RouteClient,
  RouteWatcher,
  type TopicConfig,
  type TopicRouteData,
} from "namesrv/client";

const address = process.argv[2] as string;
const topics: TopicConfig[] = [
  { topicName: "TopicB", readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 },
];
const agent = new BrokerAgent({
  namesrvAddrs: [address],
  broker: { clusterName: "DefaultCluster", brokerName: "broker-b", brokerId: 0, brokerAddr: "127.0.0.1:10921" },
  topics,
});
await new Promise((resolve) => agent.once("registered", resolve));

const client = new RouteClient({ namesrvAddrs: [address] });
const info = await client.getRoute("TopicB");
const route: TopicRouteData = info.route;
let missing = "";
try {
  await client.getRoute("TopicNobodyServes");
} catch (err) {
  if (err instanceof NameServerError) missing = String(err.code);
}

const watcher = new RouteWatcher({ address, topics: ["TopicB"] });
const change = await new Promise<{ updated: readonly string[] }>((resolve) => watcher.once("change", resolve));

console.log(JSON.stringify({ addrs: route.brokerDatas[0]?.brokerAddrs.get(0n), missing, updated: change.updated }));
watcher.close();
client.close();
await agent.close();
`;

describe("the npm package", () => {
  let dir: string;
  let server: ServerProcess;
  let tlsServer: ServerProcess;
  const agents: BrokerAgent[] = [];

  beforeAll(async () => {
    dir = await tempDir("namesrv-package-");
    const packDir = join(dir, "pack");
    const project = join(dir, "project");
    await mkdir(packDir);
    await mkdir(project);
    await run("npm", ["pack", "--silent", "--pack-destination", packDir], { cwd: repo });
    const [tarball] = await readdir(packDir);
    if (tarball === undefined) throw new Error("npm pack wrote nothing");
    await writeFile(
      join(project, "package.json"),
      JSON.stringify({ name: "scratch", private: true, type: "module" }),
    );
    // Dependencies come from npm's cache when they are there (npm ci filled it).
    await run(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", "--silent", join(packDir, tarball)],
      { cwd: project, timeout: 240_000 },
    );
    server = await startServerProcess(["--listen", "127.0.0.1:0", "--heartbeat-timeout-ms", "600000"]);
    const authFile = join(dir, "auth.json");
    await writeFile(authFile, authFileText([{ name: "apps", roles: ["client", "broker"], token: TOKEN }]));
    tlsServer = await startServerProcess([
      "--listen",
      "127.0.0.1:0",
      "--tls-mode",
      "enforcing",
      "--tls-cert-file",
      fixture("server.crt"),
      "--tls-key-file",
      fixture("server.key"),
      "--auth-file",
      authFile,
    ]);
    agents.push(await brokerA(server.address));
    agents.push(await brokerA(tlsServer.address, { tls: { caFile: fixture("ca.crt") }, token: TOKEN }));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.close()));
    server?.kill();
    tlsServer?.kill();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const project = () => join(dir, "project");

  it("holds the SDK, the CLI and the generated code, and neither sources nor tests", async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json"], { cwd: repo });
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map(
      (f) => f.path,
    );
    expect(files).toContain("dist/src/client/index.js");
    expect(files).toContain("dist/src/client/index.d.ts");
    expect(files).toContain("dist/src/cli/main.js");
    expect(files).toContain("dist/gen/ts/namesrv/v1/route_service.js");
    expect(files?.filter((f) => /^(src|test|gen)\//.test(f) || f.endsWith(".map"))).toEqual([]);
  });

  it('type-checks and runs a program that imports "namesrv/client"', async () => {
    await writeFile(join(project(), "use.ts"), USE_TS);
    await writeFile(
      join(project(), "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          outDir: "out",
          // The scratch project installs no @types/node of its own; the repository's will do.
          typeRoots: [join(repo, "node_modules", "@types")],
          types: ["node"],
        },
        files: ["use.ts"],
      }),
    );
    await run(TSC, ["-p", project()], { cwd: project() });
    const { stdout } = await run(process.execPath, [join(project(), "out", "use.js"), server.address], {
      cwd: project(),
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual({ addrs: "127.0.0.1:10921", missing: "5", updated: ["TopicB"] });
  });

  it("runs the programs of docs/clients/typescript.md", async () => {
    const programs = await docPrograms();
    expect(programs).toHaveLength(3);
    const names = ["lookup", "watch", "tls-token"];
    await Promise.all(programs.map((text, i) => writeFile(join(project(), `${names[i]}.ts`), text)));
    await writeFile(
      join(project(), "tsconfig.docs.json"),
      JSON.stringify({
        extends: "./tsconfig.json",
        compilerOptions: { outDir: "docs-out" },
        files: names.map((n) => `${n}.ts`),
      }),
    );
    await run(TSC, ["-p", join(project(), "tsconfig.docs.json")], { cwd: project() });
    const node = async (name: string, env: NodeJS.ProcessEnv, ...args: string[]) =>
      (
        await run(process.execPath, [join(project(), "docs-out", `${name}.js`), ...args], {
          cwd: project(),
          env: { ...process.env, ...env },
          timeout: 60_000,
        })
      ).stdout;
    const plain = { NAMESRV_ADDRS: server.address };

    expect(await node("lookup", plain, "TopicA")).toMatch(
      /^TopicA at revision \d+:\n {2}DefaultCluster\/broker-a: master 127\.0\.0\.1:10911\n$/,
    );
    expect(await node("lookup", plain, "TopicNobodyServes")).toBe("TopicNobodyServes: no broker serves it\n");
    const watched = await node("watch", { ...plain, NAMESRV_WATCH_SECONDS: "2" }, "TopicA");
    expect(watched).toMatch(
      /^revision \d+: updated \[TopicA\], removed \[\]\n {2}TopicA: 1 broker group\(s\)\n/,
    );
    const secure = await node(
      "tls-token",
      { NAMESRV_ADDRS: tlsServer.address, NAMESRV_CA: fixture("ca.crt"), NAMESRV_TOKEN: TOKEN },
      "TopicA",
    );
    expect(secure).toMatch(/^1 broker group\(s\) at revision \d+\n$/);
  });

  it("does not export the package's internals", async () => {
    const probe = `import("namesrv/dist/src/app.js").then(() => console.log("exported"), (e) => console.log(e.code))`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", probe], { cwd: project() });
    expect(stdout.trim()).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  it("installs the namesrvctl bin", async () => {
    const { stdout } = await run(join(project(), "node_modules", ".bin", "namesrvctl"), ["--help"], {
      cwd: project(),
    });
    expect(stdout).toMatch(/namesrvctl/);
  });
});
