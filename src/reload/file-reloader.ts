import type { Clock } from "../clock/clock.js";
import type { Logger } from "../log/logger.js";
import { type FileContents, WatchedFiles } from "./watched-files.js";

export interface FileReloaderOptions<T> {
  /** The files the value is made from. */
  readonly paths: readonly string[];
  readonly clock: Clock;
  /** How often the files are checked, ms. */
  readonly intervalMs: number;
  readonly log: Logger;
  /** What the files hold, for log messages ("TLS certificate", "auth file"). */
  readonly what: string;
  /** Makes the value from freshly read files; throws (with a message naming the file and the rule) if they are unusable. */
  readonly parse: (contents: FileContents) => T;
  /** Called with each new value after a change; not for the first one. */
  readonly onReload: (value: T) => void;
  /** Fields to log about a value (never secrets). */
  readonly describe?: (value: T) => Record<string, unknown>;
}

/**
 * A value made from a few files, kept current while they change: the first value is made at
 * construction (an error there is thrown: the server must not start on bad files); after that a
 * change whose files are unusable is logged at error and the last good value stays in force, so a
 * half-written rotation or a typo never takes a working server down.
 */
export class FileReloader<T> {
  private value: T;
  private readonly watched: WatchedFiles;

  constructor(private readonly opts: FileReloaderOptions<T>) {
    this.watched = new WatchedFiles(opts.paths, opts.clock, opts.intervalMs, (contents) =>
      this.reload(contents),
    );
    try {
      this.value = opts.parse(this.watched.read());
    } catch (err) {
      this.watched.close();
      throw err;
    }
  }

  /** The value in force. */
  get current(): T {
    return this.value;
  }

  /** Checks the files now instead of at the next interval. */
  check(): void {
    this.watched.check();
  }

  close(): void {
    this.watched.close();
  }

  private reload(contents: FileContents): void {
    const { log, what, paths } = this.opts;
    let next: T;
    try {
      next = this.opts.parse(contents);
    } catch (err) {
      log.error(
        { files: paths, err: err instanceof Error ? err.message : String(err) },
        `${what} changed but is unusable; keeping the previous one`,
      );
      return;
    }
    this.value = next;
    this.opts.onReload(next);
    log.info({ files: paths, ...this.opts.describe?.(next) }, `${what} reloaded`);
  }
}
