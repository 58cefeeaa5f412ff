import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/admin.js";
import { launchChromium, openPage, SCREENSHOTS } from "../helpers/browser.js";
import { type ServerProcess, startServerProcess } from "../helpers/process.js";
import { authFileText } from "../helpers/tls.js";

const BROKER_MAIN = fileURLToPath(new URL("../../dist/src/cli/broker-agent-main.js", import.meta.url));
const GRACE_MS = 1_000;

let chromium: Awaited<ReturnType<typeof launchChromium>>;
let dir: string;
const children: ChildProcess[] = [];
const servers: ServerProcess[] = [];

beforeAll(async () => {
  chromium = await launchChromium();
  dir = await tempDir("namesrv-browser-");
  await mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await chromium?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const s of servers.splice(0)) {
    s.kill("SIGTERM");
    await s.exited;
  }
});

async function startServer(
  extra: string[] = [],
): Promise<{ proc: ServerProcess; grpc: string; http: string }> {
  const proc = await startServerProcess([
    "--listen",
    "127.0.0.1:0",
    "--http-listen",
    "127.0.0.1:0",
    "--stream-loss-grace-ms",
    String(GRACE_MS),
    "--data-dir",
    join(dir, `data-${servers.length}-${Date.now()}`),
    ...extra,
  ]);
  servers.push(proc);
  const ready = proc.logs.find((l) => l.msg === "namesrv ready") as { httpAddress: string };
  return { proc, grpc: proc.address, http: ready.httpAddress };
}

/** A stand-in broker process (the real SDK's BrokerAgent), resolved once it has registered. */
async function startBroker(
  namesrv: string,
  name: string,
  addr: string,
  topics: string,
  env = {},
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [BROKER_MAIN, "--namesrv", namesrv, "--broker-name", name, "--broker-addr", addr, "--topics", topics],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } },
  );
  children.push(child);
  return child;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const brokerRow = (page: Page, addr: string) => page.locator(`#clusters tr[data-broker="${addr}"]`);

describe("the dashboard in Chromium", () => {
  it("loads without console errors and shows brokers, topics, the live feed and search", async () => {
    const { grpc, http } = await startServer();
    await startBroker(grpc, "broker-a", "127.0.0.1:10911", "TopicA,TopicB:8,OrderTopic:2:4");
    const { page, errors } = await openPage(chromium.browser);
    await page.goto(`http://${http}/`);
    // A registered broker and its topics appear.
    await brokerRow(page, "127.0.0.1:10911").waitFor();
    await expect.poll(() => brokerRow(page, "127.0.0.1:10911").innerText()).toContain("master");
    await page.locator('#topics li[data-topic="TopicB"]').waitFor();
    await expect
      .poll(() => page.locator("#topics li").allInnerTexts())
      .toEqual(["OrderTopic", "TopicA", "TopicB"]);

    // A registration shows up in the live feed within 1 s.
    await page.locator("#feed").waitFor({ state: "attached" });
    await startBroker(grpc, "broker-b", "127.0.0.1:10921", "TopicA,TopicC");
    const started = Date.now();
    await page.locator('#feed li.added[data-topic="TopicC"]').waitFor({ timeout: 5_000 });
    // The broker process itself takes time to start and connect; the feed entry follows its
    // registration: measure from the moment the row of broker-b appears too.
    await brokerRow(page, "127.0.0.1:10921").waitFor({ timeout: 1_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect
      .poll(() => page.locator('#feed li[data-topic="TopicA"]').first().innerText())
      .toContain("changed");

    // Search finds a topic, and a click shows its route.
    await page.fill("#search", "topicc");
    await expect.poll(() => page.locator("#topics li").allInnerTexts()).toEqual(["TopicC"]);
    await page.fill("#search", "Topic");
    await page.locator('#topics li[data-topic="TopicA"]').click();
    await expect.poll(() => page.locator("#route").innerText()).toContain("broker-b");
    await expect.poll(() => page.locator("#route").innerText()).toContain("127.0.0.1:10911");
    // Let the charts gather a few points before the picture.
    await page.waitForFunction('document.querySelectorAll(".charts canvas").length === 4');
    await shot(page, "dashboard");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a registration in the live feed within 1 s of it", async () => {
    const { grpc, http, proc } = await startServer();
    const { page, errors } = await openPage(chromium.browser);
    await page.goto(`http://${http}/`);
    await page.locator("#main").waitFor();
    await expect.poll(() => page.locator("#clusters").innerText()).toContain("No broker registered");
    await startBroker(grpc, "broker-c", "127.0.0.1:10931", "FreshTopic");
    // The server's own log line dates the registration; the page must show it within 1 s of it.
    const logged = await waitForLog(proc, (l) => l.msg === "broker registered");
    await page.locator('#feed li.added[data-topic="FreshTopic"]').waitFor({ timeout: 1_000 });
    const shownAt = Date.now();
    expect(shownAt - Number(logged.time)).toBeLessThan(1_000);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("drops a SIGKILLed broker after the stream-loss grace, and says when the server is gone", async () => {
    const { grpc, http, proc } = await startServer();
    const broker = await startBroker(grpc, "broker-k", "127.0.0.1:10941", "KillTopic");
    const { page } = await openPage(chromium.browser);
    await page.goto(`http://${http}/`);
    await brokerRow(page, "127.0.0.1:10941").waitFor();
    broker.kill("SIGKILL");
    await once(broker, "exit");
    const killedAt = Date.now();
    await brokerRow(page, "127.0.0.1:10941").waitFor({ state: "detached", timeout: GRACE_MS + 5_000 });
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(GRACE_MS - 100);
    await page.locator('#feed li.removed[data-topic="KillTopic"]').waitFor();

    // The server goes away: a banner says so, and the page reconnects when it is back? It cannot
    // come back on the same port here, so the banner is what is checked.
    proc.kill("SIGKILL");
    await proc.exited;
    await page.locator("#banner").waitFor({ state: "visible", timeout: 5_000 });
    expect(await page.locator("#banner").innerText()).toContain("Connection to the NameServer lost");
    await shot(page, "connection-lost");
    await page.close();
  });

  it("asks for a token when authentication is on, and works with one", async () => {
    const authFile = join(dir, "auth.json");
    await writeFile(
      authFile,
      authFileText([
        { name: "ops", roles: ["client"], token: "dash-token" },
        { name: "broker-t", roles: ["broker"], token: "broker-token" },
      ]),
    );
    const { grpc, http } = await startServer(["--auth-file", authFile]);
    await startBroker(grpc, "broker-t", "127.0.0.1:10951", "SecretTopic", { NAMESRV_TOKEN: "broker-token" });
    const { page, errors } = await openPage(chromium.browser);
    await page.goto(`http://${http}/`);
    await page.locator("#refusal").waitFor({ state: "visible" });
    expect(await page.locator("#refusal").innerText()).toContain("This dashboard needs a token");
    expect(await page.locator("#main").isVisible()).toBe(false);
    await shot(page, "token-refusal");

    await page.fill("#token", "wrong-token");
    await page.click("#token-form button");
    await expect.poll(() => page.locator("#refusal-reason").innerText()).toContain("unknown bearer token");

    await page.fill("#token", "dash-token");
    await page.click("#token-form button");
    await brokerRow(page, "127.0.0.1:10951").waitFor();
    expect(await page.locator("#refusal").isVisible()).toBe(false);
    // The refusals were HTTP 401s the page handled; nothing else may have failed.
    expect(errors.filter((e) => !e.includes("401"))).toEqual([]);
    await page.close();
  });
});

async function waitForLog(
  proc: ServerProcess,
  match: (l: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  for (;;) {
    const found = proc.logs.find(match);
    if (found !== undefined) return found;
    await new Promise<void>((resolve) => proc.child.stdout?.once("data", () => resolve()));
  }
}
