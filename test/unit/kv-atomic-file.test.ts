import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AtomicFile } from "../../src/kv/atomic-file.js";

/** Built by the global setup; the child process runs the real module, not a copy. */
const ATOMIC_FILE_JS = fileURLToPath(new URL("../../dist/src/kv/atomic-file.js", import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "namesrv-atomic-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Two parseable contents of different sizes (so that a torn mix of them cannot pass as either). */
const content = (gen: string, bytes: number) => `${JSON.stringify({ gen, pad: gen.repeat(bytes) })}\n`;
const OLD_BYTES = 1_500_000;
const NEW_BYTES = 3_000_000;
const OLD = content("o", OLD_BYTES);
const NEW = content("n", NEW_BYTES);

/**
 * The writer: replaces the file with NEW and OLD alternately, as fast as it can, printing a line
 * after each completed write. It is killed at a random moment, usually in the middle of a write.
 */
const WRITER = `
import { AtomicFile } from ${JSON.stringify(ATOMIC_FILE_JS)};
const content = ${content.toString()};
const [dir, oldText, newText] = [process.argv[1], content("o", ${OLD_BYTES}), content("n", ${NEW_BYTES})];
const file = new AtomicFile(dir, "kv.json");
process.stdout.write("started\\n");
for (let i = 0; ; i++) {
  await file.write(i % 2 === 0 ? newText : oldText);
  process.stdout.write("wrote\\n");
}
`;

describe("AtomicFile", () => {
  it("reads undefined for a missing file, creates its directory on the first write, replaces content", async () => {
    const file = new AtomicFile(join(dir, "a", "b"), "kv.json");
    expect(await file.read()).toBeUndefined();
    await file.write("one");
    await file.write("two");
    expect(await file.read()).toBe("two");
    expect(await readdir(join(dir, "a", "b"))).toEqual(["kv.json"]);
  });

  it("AtomicFile.at splits a path; removeLeftovers deletes an interrupted write's temporary file", async () => {
    const file = AtomicFile.at(join(dir, "kv.json"));
    expect(file.path).toBe(join(dir, "kv.json"));
    await writeFile(join(dir, "kv.json.tmp"), "half a wri");
    await file.removeLeftovers();
    expect(await readdir(dir)).toEqual([]);
  });

  it("concurrent writes apply in call order", async () => {
    const file = new AtomicFile(dir, "kv.json");
    await Promise.all(["1", "2", "3"].map((t) => file.write(t)));
    expect(await file.read()).toBe("3");
  });

  it("a writer SIGKILLed at random moments always leaves the old or the new content, never a torn file", async () => {
    const file = new AtomicFile(dir, "kv.json");
    await file.write(OLD);
    const seen = { old: 0, new: 0, killedAfterWrites: 0 };
    const deadline = Date.now() + 2_500;
    let rounds = 0;
    while (rounds < 30 && (rounds < 8 || Date.now() < deadline)) {
      rounds++;
      const child = spawn(process.execPath, ["--input-type=module", "-e", WRITER, dir], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let writes = 0;
      let started: () => void = () => {};
      let wrote: () => void = () => {};
      const running = new Promise<void>((resolve) => {
        started = resolve;
      });
      const firstWrite = new Promise<void>((resolve) => {
        wrote = resolve;
      });
      child.stdout.on("data", (d: Buffer) => {
        if (d.includes("started")) started();
        writes += d.toString().split("wrote").length - 1;
        if (writes > 0) wrote();
      });
      const exited = once(child, "exit");
      // Odd rounds: the kill lands somewhere in the first few writes (each takes milliseconds), a
      // random point. Even rounds: after a completed write, so that kills between writes happen
      // however slow a loaded machine makes the writer.
      await (rounds % 2 === 1 ? running : firstWrite);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
      child.kill("SIGKILL");
      const [, signal] = await exited;
      expect(signal).toBe("SIGKILL");
      if (writes > 0) seen.killedAfterWrites++;

      const text = await readFile(file.path, "utf8");
      expect(() => JSON.parse(text)).not.toThrow();
      expect(text === OLD || text === NEW, `round ${rounds}: ${text.length} bytes`).toBe(true);
      if (text === OLD) seen.old++;
      else seen.new++;
      expect(await file.read()).toBe(text);
    }
    // The loop did exercise kills after completed writes and in between (both contents were seen).
    expect(seen.killedAfterWrites).toBeGreaterThan(0);
    expect(seen.old + seen.new).toBe(rounds);
    await file.removeLeftovers();
    expect(await readdir(dir)).toEqual(["kv.json"]);
  });
});
