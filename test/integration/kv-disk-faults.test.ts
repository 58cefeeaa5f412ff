import { mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { credentials, status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { AdminServiceClient } from "../../gen/ts/namesrv/v1/admin_service.js";
import { adminCall, adminError, tempDir } from "../helpers/admin.js";
import { runMain, type ServerProcess, startServerProcess } from "../helpers/process.js";

/**
 * Issue 13 (9): disk faults answer with a status saying what failed, leave no temporary file, and
 * keep memory equal to disk; a data directory the server cannot use stops the start, naming it.
 */

let dir: string;
let proc: ServerProcess | undefined;
let admin: AdminServiceClient | undefined;
afterEach(async () => {
  admin?.close();
  admin = undefined;
  proc?.kill();
  proc = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("kv config on a failing disk", () => {
  it("a write the disk refuses answers UNAVAILABLE naming the cause, leaves no .tmp, and changes nothing", async () => {
    dir = await tempDir("namesrv-kvfault-");
    const dataDir = join(dir, "data");
    // Files over 32 KiB cannot be written (EFBIG): a full disk for the server's purposes.
    proc = await startServerProcess(["--listen", "127.0.0.1:0", "--data-dir", dataDir], {}, 32);
    admin = new AdminServiceClient(proc.address, credentials.createInsecure());
    await adminCall(admin, "putKvConfig", { namespace: "NS", key: "small", value: "v" });
    const before = await readFile(join(dataDir, "kvConfig.json"), "utf8");

    const err = await adminError(admin, "putKvConfig", {
      namespace: "NS",
      key: "big",
      value: "x".repeat(40_000),
    });
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(err.details).toMatch(/kv config could not be written to .*kvConfig\.json: .*EFBIG/);
    expect(await readdir(dataDir)).toEqual(["kvConfig.json"]);
    expect(await readFile(join(dataDir, "kvConfig.json"), "utf8")).toBe(before);
    const got = await adminError(admin, "getKvConfig", { namespace: "NS", key: "big" });
    expect(got.code).toBe(status.NOT_FOUND);
    // Later writes that fit still work.
    await adminCall(admin, "putKvConfig", { namespace: "NS", key: "next", value: "w" });
  });
});

describe("start on an unusable data directory", () => {
  it("refuses a data dir that is a file, naming the path and the cause", async () => {
    dir = await tempDir("namesrv-kvfault-");
    const file = join(dir, "not-a-dir");
    await writeFile(file, "x");
    const r = await runMain(["--listen", "127.0.0.1:0", "--data-dir", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`data directory ${file} is not writable: it is not a directory`);
  });

  it("refuses a data dir it cannot create (under /proc)", async () => {
    dir = await tempDir("namesrv-kvfault-");
    const r = await runMain(["--listen", "127.0.0.1:0", "--data-dir", "/proc/namesrv-test/data"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("data directory /proc/namesrv-test/data is not writable");
  });

  it("refuses a kvConfig.json that is a dangling symlink instead of starting empty", async () => {
    dir = await tempDir("namesrv-kvfault-");
    const dataDir = join(dir, "data");
    await mkdir(dataDir);
    await symlink(join(dir, "gone.json"), join(dataDir, "kvConfig.json"));
    const r = await runMain(["--listen", "127.0.0.1:0", "--data-dir", dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is a symlink to a file that does not exist");
  });
});
