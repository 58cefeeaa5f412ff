/**
 * Power loss and crashes of the KV config file, with a real NameServer process: a failpoint
 * (NAMESRV_FAILPOINT) kills it with SIGKILL at each step of the atomic replace; optionally the
 * page cache is then dropped (everything not fsynced is lost, rebuilt from the writer's journal).
 * On restart the file must be the old or the new one, never torn, and every acknowledged write
 * must be there.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { credentials } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { AdminServiceClient } from "../../gen/ts/namesrv/v1/admin_service.js";
import { AtomicFile, UnconfirmedWriteError } from "../../src/kv/atomic-file.js";
import { ATOMIC_STEPS, type JournalEntry } from "../../src/kv/failpoints.js";
import { KvStore, parseKvFile, serializeKvFile } from "../../src/kv/kv-store.js";
import { silentLogger } from "../../src/log/logger.js";
import { adminCall, tempDir } from "../helpers/admin.js";
import { simulatePowerLoss, survivingContent } from "../helpers/power-loss.js";
import { type ServerProcess, startServerProcess } from "../helpers/process.js";

let dirs: string[] = [];
let procs: ServerProcess[] = [];
afterEach(async () => {
  for (const p of procs) p.kill();
  await Promise.all(procs.map((p) => p.exited));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
  procs = [];
});

async function start(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const p = await startServerProcess(
    ["--listen", "127.0.0.1:0", "--data-dir", dataDir, "--log-level", "info"],
    env,
  );
  procs.push(p);
  const admin = new AdminServiceClient(p.address, credentials.createInsecure(), {
    "grpc.use_local_subchannel_pool": 1,
  });
  return { p, admin };
}

/** Puts k0, k1, ... until the server dies; returns the keys whose put was acknowledged. */
async function putUntilDead(admin: AdminServiceClient, from: number): Promise<string[]> {
  const acked: string[] = [];
  for (let i = from; i < from + 10; i++) {
    try {
      await adminCall(admin, "putKvConfig", { namespace: "NS", key: `k${i}`, value: `v${i}`.repeat(200) });
      acked.push(`k${i}`);
    } catch {
      break;
    }
  }
  return acked;
}

const CRASH_AT_WRITE = 3; // two writes complete (acknowledged), the third crashes

/** The NS keys of the file at `path`: a torn file fails to parse (KvConfigFileError). */
async function keysOf(path: string): Promise<string[]> {
  return [
    ...(parseKvFile(await readFile(path, "utf8"), path)
      .get("NS")
      ?.keys() ?? []),
  ].sort();
}

const OLD = ["base", "k0", "k1"];
const NEW = ["base", "k0", "k1", "k2"];

describe.each(ATOMIC_STEPS)("SIGKILL at %s", (step) => {
  it("old or new file, every acknowledged write kept; the same after the page cache is lost", async () => {
    const dataDir = await tempDir("namesrv-powerloss-");
    dirs.push(dataDir);
    const kvPath = join(dataDir, "kvConfig.json");
    // A first, durable generation (as a clean server would have left it).
    await new AtomicFile(dataDir, "kvConfig.json", {}).write(
      serializeKvFile(new Map([["NS", new Map([["base", "0"]])]])),
    );
    const initialText = await readFile(kvPath, "utf8");

    const journal = join(dataDir, "journal.jsonl");
    const armed = await start(dataDir, {
      NAMESRV_FAILPOINT: `${step}:${CRASH_AT_WRITE}`,
      NAMESRV_FAILPOINT_JOURNAL: journal,
    });
    const acked = await putUntilDead(armed.admin, 0);
    armed.admin.close();
    expect(await armed.p.exited).toMatchObject({ signal: "SIGKILL" });
    expect(acked).toEqual(["k0", "k1"]);

    // Killed with the page cache intact: the new file exactly when the rename happened.
    const renamed = step === "after-rename" || step === "after-dir-fsync";
    expect(await keysOf(kvPath)).toEqual(renamed ? NEW : OLD);

    // Power loss: only what was fsynced survives; the rename only with its directory fsync.
    await simulatePowerLoss(journal, new Map([[kvPath, initialText]]));
    expect(await keysOf(kvPath)).toEqual(step === "after-dir-fsync" ? NEW : OLD);

    // A restart loads it (what the NameServer does at start) and serves the acknowledged writes.
    const file = AtomicFile.at(kvPath);
    await file.removeLeftovers();
    const kv = await KvStore.open(file, silentLogger());
    expect(kv.get({ namespace: "NS", key: "k1" })).toBe("v1".repeat(200));
    await kv.close();
  });
});

describe("the power-loss model (survivingContent)", () => {
  const P = "/d/f";
  const steps = (upTo: number, text = "new"): JournalEntry[] =>
    ATOMIC_STEPS.slice(0, upTo).map((step) => ({ step, path: P, text }));
  it.each([
    [0, "old"],
    [1, "old"],
    [2, "old"],
    [3, "old"],
    [4, "new"],
  ])("after %i steps the file holds the %s content", (n, expected) => {
    expect(survivingContent(steps(n), new Map([[P, "old"]])).get(P)).toBe(expected);
  });

  it("a rename of content that was never fsynced, made durable, leaves an empty file (why the writer fsyncs first)", () => {
    const journal: JournalEntry[] = [
      { step: "after-write", path: P, text: "new" },
      { step: "after-rename", path: P, text: "new" },
      { step: "after-dir-fsync", path: P, text: "new" },
    ];
    expect(survivingContent(journal, new Map([[P, "old"]])).get(P)).toBe("");
  });
});

describe("a directory fsync failing after the rename", () => {
  it("fails the put with UNAVAILABLE, but memory follows the disk (never older than a restart would load)", async () => {
    const dir = await tempDir("namesrv-dirsync-");
    dirs.push(dir);
    let failing = false;
    const file = new AtomicFile(dir, "kv.json", {
      syncDirectory: async () => {
        if (failing) throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
      },
    });
    const kv = await KvStore.open(file, silentLogger());
    await kv.put({ namespace: "NS", key: "a", value: "1" });
    failing = true;
    await expect(kv.put({ namespace: "NS", key: "b", value: "2" })).rejects.toMatchObject({
      kind: "unavailable",
      reason: "STORAGE_FAILED",
      message: expect.stringContaining("not confirmed durable"),
    });
    expect(kv.get({ namespace: "NS", key: "b" })).toBe("2");
    const onDisk = parseKvFile((await file.read()) as string, file.path);
    expect(onDisk.get("NS")?.get("b")).toBe("2");
    await expect(file.write("x")).rejects.toBeInstanceOf(UnconfirmedWriteError);
    await kv.close();
  });
});
