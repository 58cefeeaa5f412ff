import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/admin.js";
import { runMain } from "../helpers/process.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const pids: number[] = [];
afterEach(() => {
  for (const pid of pids.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm start", () => {
  it("stops the server when npm gets SIGTERM (what systemd and docker stop send)", async () => {
    const dataDir = await tempDir("namesrv-start-");
    // --ignore-scripts skips prestart (the build: global setup made dist/ already).
    const npm = spawn(
      "npm",
      [
        "start",
        "--ignore-scripts",
        "--",
        "--listen",
        "127.0.0.1:0",
        "--http-listen",
        "127.0.0.1:0",
        "--data-dir",
        dataDir,
      ],
      { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NAMESRV_LOG_FORMAT: "json" } },
    );
    pids.push(npm.pid as number);
    const lines: Array<Record<string, unknown>> = [];
    const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
      createInterface({ input: npm.stdout }).on("line", (line) => {
        if (!line.startsWith("{")) return; // npm's own "> namesrv@... start" lines
        const entry = JSON.parse(line) as Record<string, unknown>;
        lines.push(entry);
        if (entry.msg === "namesrv ready") resolve(entry);
      });
      npm.once("exit", (code) => reject(new Error(`npm start exited (${code}) before the server was ready`)));
    });
    const exited = once(npm, "exit");
    const entry = await ready;
    const serverPid = Number(entry.pid);
    pids.push(serverPid);
    expect(serverPid).not.toBe(npm.pid);

    npm.kill("SIGTERM");
    await exited;
    // The server got the signal, shut down gracefully, and is gone with its port.
    await expect.poll(() => lines.some((l) => l.msg === "stopped")).toBe(true);
    await expect.poll(() => alive(serverPid)).toBe(false);
  });
});

describe("--version", () => {
  it("prints the version of the server", async () => {
    const r = await runMain(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^namesrv \d+\.\d+\.\d+ \(.*node v\d+/);
  });

  it.each([
    ["namesrvctl", "dist/src/cli/main.js"],
    ["broker-agent", "dist/src/cli/broker-agent-main.js"],
  ])("prints the version of %s", async (program, main) => {
    const child = spawn(process.execPath, [main, "--version"], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const [code] = await once(child, "close");
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^${program} \\d+\\.\\d+\\.\\d+ \\(.*node v\\d+`));
  });
});
