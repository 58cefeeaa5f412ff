import { readFileSync, statSync } from "node:fs";
import type { Clock, Timer } from "../clock/clock.js";

/** The files of one watch, read together: path -> bytes, or the error reading it failed with. */
export type FileContents = ReadonlyMap<string, Buffer | Error>;

/**
 * Polls a few small files (certificates, keys, the auth file) and hands all of them, freshly read,
 * to `onChange` whenever any one's stat signature (inode, size, mtime, ctime) changes. Polling
 * rather than fs.watch: it sees atomic renames, Kubernetes' symlink swaps of mounted secrets and
 * files on network volumes alike, and it runs on the injected clock, so tests are exact. Reads are
 * synchronous on purpose: the files are a few KiB, and a consistent set matters more than a
 * microsecond of event loop.
 */
export class WatchedFiles {
  private signatures: string;
  private readonly timer: Timer;

  /** Reads the files once (see `read`); then checks every `intervalMs` until `close()`. */
  constructor(
    private readonly paths: readonly string[],
    clock: Clock,
    intervalMs: number,
    private readonly onChange: (contents: FileContents) => void,
  ) {
    this.signatures = this.signature();
    this.timer = clock.setInterval(() => this.check(), intervalMs);
  }

  /** The files' current contents. */
  read(): FileContents {
    return new Map(this.paths.map((p) => [p, readOrError(p)]));
  }

  /** Calls `onChange` if any file changed since the last check. */
  check(): void {
    const now = this.signature();
    if (now === this.signatures) return;
    this.signatures = now;
    this.onChange(this.read());
  }

  close(): void {
    this.timer.cancel();
  }

  private signature(): string {
    return this.paths
      .map((p) => {
        try {
          const s = statSync(p, { bigint: true });
          return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
        } catch (err) {
          return `error:${(err as NodeJS.ErrnoException).code ?? "unknown"}`;
        }
      })
      .join("|");
  }
}

function readOrError(path: string): Buffer | Error {
  try {
    return readFileSync(path);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
