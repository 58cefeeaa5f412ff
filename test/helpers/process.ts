import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const MAIN = fileURLToPath(new URL("../../dist/src/main.js", import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** Bound address from the "namesrv ready" log line. */
  address: string;
  /** Every JSON log line so far. */
  logs: Array<Record<string, unknown>>;
  /** Resolves when the process exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process if it is still running (by its PID; idempotent). */
  kill(signal?: NodeJS.Signals): void;
}

/**
 * The environment of a server process: unless ARGS or ENV name a data directory, a fresh temporary
 * one (NAMESRV_DATA_DIR; flags still win), so that no test writes into the repository's ./data.
 * `cleanup` removes it; call it once the process has exited.
 */
function serverEnv(args: string[], env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; cleanup(): void } {
  const named =
    args.some((a) => a === "--data-dir" || a.startsWith("--data-dir=")) || "NAMESRV_DATA_DIR" in env;
  // A free HTTP port each (NAMESRV_HTTP_LISTEN): the default one is fixed, and tests run in parallel.
  if (named) return { env: { ...process.env, NAMESRV_HTTP_LISTEN: "127.0.0.1:0", ...env }, cleanup() {} };
  const dir = mkdtempSync(join(tmpdir(), "namesrv-proc-"));
  return {
    env: { ...process.env, NAMESRV_HTTP_LISTEN: "127.0.0.1:0", ...env, NAMESRV_DATA_DIR: dir },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Starts `node dist/src/main.js ARGS` and waits for its ready line. `fileSizeLimitKiB` runs it
 * under `ulimit -f` with SIGXFSZ ignored, so that a write past the limit fails with EFBIG: a full
 * disk, as far as the server can tell.
 */
export async function startServerProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  fileSizeLimitKiB?: number,
): Promise<ServerProcess> {
  const run = serverEnv(args, env);
  const [command, argv] =
    fileSizeLimitKiB === undefined
      ? [process.execPath, [MAIN, ...args]]
      : [
          "bash",
          [
            "-c",
            `trap '' XFSZ; ulimit -f ${fileSizeLimitKiB}; exec "$0" "$@"`,
            process.execPath,
            MAIN,
            ...args,
          ],
        ];
  const child = spawn(command, argv, {
    env: run.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit").then(([code, signal]) => {
    run.cleanup();
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const ready = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === "namesrv ready") resolve(String(entry.address));
      } catch {
        logs.push({ raw: line });
      }
    });
    exited.then((e) => reject(new Error(`server exited before ready (${JSON.stringify(e)}): ${stderr}`)));
  });
  const kill = (signal: NodeJS.Signals = "SIGKILL") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  try {
    return { child, address: await ready, logs, exited, kill };
  } catch (err) {
    kill();
    throw err;
  }
}

/** Runs `node dist/src/main.js ARGS` to completion (for --help, --print-config, bad flags). */
export async function runMain(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = serverEnv(args, env);
  const child = spawn(process.execPath, [MAIN, ...args], { env: run.env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const [code] = await once(child, "close");
  run.cleanup();
  return { code: code as number | null, stdout, stderr };
}
