import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The repository root (the package a TypeScript block imports as "namesrv"). */
export const ROOT = join(import.meta.dirname, "..", "..");

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when a `stream` block was stopped after its first line. */
  stopped: boolean;
}

export interface RunOptions {
  /** The address of the NameServer the block runs against. */
  address: string;
  /** Stop the block after it printed a line (a watch that never ends). */
  stream: boolean;
  timeoutMs: number;
  cwd?: string;
  /** More environment (the fixture's, e.g. NAMESRV_TOKEN). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `cmd args` in its own process group, with NAMESRV_ADDR set to the test server and
 * `namesrvctl` on PATH; stops it (the whole group, by its id) at the deadline or, for a stream,
 * after the first line of output.
 */
export async function runProcess(
  cmd: string,
  args: string[],
  opts: RunOptions,
  bin: string,
): Promise<RunResult> {
  const child = spawn(cmd, args, {
    cwd: opts.cwd ?? ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...opts.env,
      NAMESRV_ADDR: opts.address,
      PATH: `${bin}:${join(ROOT, "node_modules", ".bin")}:${process.env.PATH ?? ""}`,
    },
  });
  let stdout = "";
  let stderr = "";
  let stopped = false;
  const stop = () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  };
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    if (opts.stream && !stopped && stdout.includes("\n")) {
      stopped = true;
      stop();
    }
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => {
    stderr += `\n[snippet runner: stopped after ${opts.timeoutMs} ms]`;
    stop();
  }, opts.timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr, stopped };
}

/** A directory with a `namesrvctl` command that runs the built CLI, as `npm link` would give. */
export async function binDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "namesrv-snippet-bin-"));
  const ctl = join(dir, "namesrvctl");
  await writeFile(
    ctl,
    `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, "dist", "src", "cli", "main.js")}" "$@"\n`,
  );
  await chmod(ctl, 0o755);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs a shell block with bash, failing on the first failing command. */
export function runShell(code: string, opts: RunOptions, bin: string): Promise<RunResult> {
  return runProcess("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", code], opts, bin);
}

/**
 * Compiles a TypeScript block as a user's ES module would be (strict, NodeNext, in a project whose
 * node_modules holds this package as "namesrv" and its dependencies) and runs it. A type error
 * fails the block like a runtime error.
 */
export async function runTypeScript(code: string, opts: RunOptions, bin: string): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), "namesrv-snippet-ts-"));
  try {
    const modules = join(dir, "node_modules");
    await mkdir(join(modules, "@types"), { recursive: true });
    await symlink(ROOT, join(modules, "namesrv"));
    await symlink(join(ROOT, "node_modules", "@types", "node"), join(modules, "@types", "node"));
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      const target = join(modules, dep);
      await mkdir(join(target, ".."), { recursive: true });
      await symlink(join(ROOT, "node_modules", dep), target);
    }
    await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
    await writeFile(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2023",
          lib: ["ES2023"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          types: ["node"],
          strict: true,
          skipLibCheck: true,
          outDir: "out",
          rootDir: ".",
        },
        files: ["snippet.ts"],
      }),
    );
    await writeFile(join(dir, "snippet.ts"), `${code}\n`);
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const compiled = await runProcess(
      process.execPath,
      [tsc, "-p", dir],
      { ...opts, stream: false, cwd: dir },
      bin,
    );
    if (compiled.code !== 0) {
      return { ...compiled, stderr: `tsc: ${compiled.stdout}${compiled.stderr}` };
    }
    return await runProcess(process.execPath, [join(dir, "out", "snippet.js")], { ...opts, cwd: dir }, bin);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
