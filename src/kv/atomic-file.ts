import { lstat, mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { type AtomicFileHooks, failpointHooksFromEnv } from "./failpoints.js";

/**
 * A small file replaced atomically: a process killed at any moment (or a machine losing power
 * after `write` resolved) leaves either the old or the new content, never a torn file.
 *
 * `write` puts the content in a temporary file next to the target (same directory, so the same
 * file system), fsyncs it, renames it over the target (atomic on POSIX), then fsyncs the directory
 * so that the rename itself is durable. Writes through one AtomicFile run one at a time, in call
 * order. Only this process may write the file (one NameServer per data directory).
 */
export class AtomicFile {
  /** The file's path. */
  readonly path: string;
  private readonly tmp: string;
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * @param dir the directory holding the file (created on the first write if missing).
   * @param name the file's name within `dir`.
   * @param hooks test-only failpoints (src/kv/failpoints.ts); production has none.
   */
  constructor(
    readonly dir: string,
    name: string,
    private readonly hooks: AtomicFileHooks = failpointHooksFromEnv(),
  ) {
    this.path = join(dir, name);
    this.tmp = join(dir, `${name}.tmp`);
  }

  /** The AtomicFile at `path`. */
  static at(path: string): AtomicFile {
    return new AtomicFile(dirname(path), basename(path));
  }

  /**
   * The file's content, or undefined when it does not exist. Other errors reject, and so does a
   * symlink to nothing (a missing volume must not pass as an empty config).
   */
  async read(): Promise<string | undefined> {
    try {
      return await readFile(this.path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      const link = await lstat(this.path).catch(() => undefined);
      if (link?.isSymbolicLink()) throw new Error(`${this.path} is a symlink to a file that does not exist`);
      return undefined;
    }
  }

  /**
   * Checks that the directory can hold the file: creates it if missing, then writes, fsyncs and
   * removes a probe file. Rejects with an error naming the directory and the cause (a file in the
   * way, a read-only or full file system), so that a server refuses to start rather than fail
   * its first write.
   */
  async checkWritable(): Promise<void> {
    const probe = join(this.dir, ".namesrv-write-probe");
    try {
      const info = await stat(this.dir).catch((err: NodeJS.ErrnoException) => {
        if (err.code === "ENOENT") return undefined;
        throw err;
      });
      if (info !== undefined && !info.isDirectory()) throw new Error("it is not a directory");
      await makeDirectory(this.dir);
      const file = await open(probe, "w", 0o644);
      try {
        await file.writeFile("probe\n");
        await file.sync();
      } finally {
        await file.close();
      }
      await rm(probe, { force: true });
    } catch (err) {
      await rm(probe, { force: true }).catch(() => undefined);
      throw new Error(`data directory ${this.dir} is not writable: ${(err as Error).message}`);
    }
  }

  /** Replaces the content with `text` durably; resolves once it is on disk. */
  write(text: string): Promise<void> {
    const run = this.tail.then(() => this.replace(text));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Removes a temporary file left by a write that was interrupted (it is never read). */
  async removeLeftovers(): Promise<void> {
    await rm(this.tmp, { force: true });
  }

  private async replace(text: string): Promise<void> {
    await makeDirectory(this.dir);
    try {
      const file = await open(this.tmp, "w", 0o644);
      try {
        await file.writeFile(text, "utf8");
        this.hooks.step?.("after-write", this.path, text);
        await file.sync();
        this.hooks.step?.("after-fsync", this.path, text);
      } finally {
        await file.close();
      }
      await rename(this.tmp, this.path);
    } catch (err) {
      // A full or failing disk: leave no partial temporary file behind.
      await rm(this.tmp, { force: true }).catch(() => undefined);
      throw err;
    }
    this.hooks.step?.("after-rename", this.path, text);
    try {
      await (this.hooks.syncDirectory ?? syncDirectory)(this.dir);
    } catch (err) {
      // The new content is in place and readable, but may not survive a power loss.
      throw new UnconfirmedWriteError(this.path, err);
    }
    this.hooks.step?.("after-dir-fsync", this.path, text);
  }
}

/**
 * `mkdir -p` that fails instead of looping: Node 20's recursive mkdir never settles under /proc
 * (mkdir answers ENOENT for a parent that exists), which hung `kv-put` and then shutdown. We
 * create the missing components one by one, from the deepest existing ancestor down.
 */
async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    try {
      if ((await stat(at)).isDirectory()) break;
      throw new Error(`${at} is not a directory`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const component of missing.reverse()) {
    try {
      await mkdir(component);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
}

/** Makes a rename in `dir` durable. Platforms that cannot open a directory (Windows) skip it. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(dir, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EISDIR" || code === "EPERM" || code === "EACCES") return;
    throw err;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The write replaced the file but the directory fsync that makes the rename durable failed: the
 * disk (and any reader) has the new content, whose durability is not confirmed. The caller must
 * not keep an older view than the disk's without saying so (KvStore applies it and fails the call).
 */
export class UnconfirmedWriteError extends Error {
  override readonly name = "UnconfirmedWriteError";
  constructor(
    readonly path: string,
    override readonly cause: unknown,
  ) {
    super(
      `${path}: replaced, but the directory fsync failed (${(cause as Error)?.message ?? String(cause)})`,
    );
  }
}
