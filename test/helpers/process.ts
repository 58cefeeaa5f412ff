import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
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
 * Starts `node dist/src/main.js ARGS` and waits for its ready line. `fileSizeLimitKiB` runs it
 * under `ulimit -f` with SIGXFSZ ignored, so that a write past the limit fails with EFBIG: a full
 * disk, as far as the server can tell.
 */
export async function startServerProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  fileSizeLimitKiB?: number,
): Promise<ServerProcess> {
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
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
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
  const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const [code] = await once(child, "close");
  return { code: code as number | null, stdout, stderr };
}
