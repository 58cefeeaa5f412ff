import { readFile, rm, writeFile } from "node:fs/promises";
import type { JournalEntry } from "../../src/kv/failpoints.js";

/**
 * What a power loss leaves of the files an AtomicFile journaled (NAMESRV_FAILPOINT_JOURNAL): a
 * model of a POSIX file system with its page cache dropped. Content reaches the disk only when
 * its file was fsynced; a rename (a new directory entry) only when the directory was fsynced after
 * it. `initial` is each file's durable content before the journal began (undefined: no file).
 * Returns each file's content after the power loss (undefined: no file).
 */
export function survivingContent(
  journal: readonly JournalEntry[],
  initial: ReadonlyMap<string, string | undefined>,
): Map<string, string | undefined> {
  /** Durable content of each inode ("" when written but never fsynced). */
  const inodes: Array<string> = [];
  /** Directory entries: path -> inode; durable ones survive, volatile ones are lost. */
  const durable = new Map<string, number | undefined>();
  const volatile = new Map<string, number | undefined>();
  /** The temporary file being written for each path (its inode). */
  const writing = new Map<string, number>();
  for (const [path, text] of initial) {
    const inode = text === undefined ? undefined : inodes.push(text) - 1;
    durable.set(path, inode);
    volatile.set(path, inode);
  }
  for (const e of journal) {
    switch (e.step) {
      case "after-write":
        writing.set(e.path, inodes.push("") - 1); // in the page cache only
        break;
      case "after-fsync":
        inodes[writing.get(e.path) as number] = e.text;
        break;
      case "after-rename":
        volatile.set(e.path, writing.get(e.path));
        break;
      case "after-dir-fsync":
        durable.set(e.path, volatile.get(e.path));
        break;
    }
  }
  const out = new Map<string, string | undefined>();
  for (const [path, inode] of durable) out.set(path, inode === undefined ? undefined : inodes[inode]);
  for (const path of volatile.keys()) if (!durable.has(path)) out.set(path, undefined);
  return out;
}

/** Reads a journal file. */
export async function readJournal(file: string): Promise<JournalEntry[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as JournalEntry);
}

/**
 * Rewrites the files as a power loss would have left them (see survivingContent), and removes the
 * journal: the "restart after power loss" of a test.
 */
export async function simulatePowerLoss(
  journalFile: string,
  initial: ReadonlyMap<string, string | undefined>,
): Promise<Map<string, string | undefined>> {
  const after = survivingContent(await readJournal(journalFile), initial);
  for (const [path, text] of after) {
    if (text === undefined) await rm(path, { force: true });
    else await writeFile(path, text);
    await rm(`${path}.tmp`, { force: true }); // its entry was never made durable by a directory fsync
  }
  await rm(journalFile, { force: true });
  return after;
}
