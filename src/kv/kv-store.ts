import { LimitExceeded, Unavailable } from "../errors/domain-error.js";
import type { Logger } from "../log/logger.js";
import { UnconfirmedWriteError } from "./atomic-file.js";
import { ORDER_TOPIC_CONFIG, orderTopicConfProblem } from "./order-topic-conf.js";
import {
  type KvEntryInput,
  type KvKeyInput,
  parseKvEntry,
  parseKvEntryShape,
  parseKvKey,
  parseKvNamespace,
} from "./validate.js";

/** Where the KV config is persisted (an AtomicFile in production; tests inject failures). */
export interface KvFile {
  readonly path: string;
  /** The content, or undefined when there is no file yet. */
  read(): Promise<string | undefined>;
  /** Replaces the content atomically and durably. */
  write(text: string): Promise<void>;
}

/** One applied change: `value` undefined means the entry was deleted. */
export interface KvChange {
  readonly namespace: string;
  readonly key: string;
  readonly value: string | undefined;
}

export type KvListener = (change: KvChange) => void;

/** Most entries over all namespaces. */
export const MAX_KV_ENTRIES = 100_000;
/** Largest KV config file, bytes. */
export const MAX_KV_FILE_BYTES = 64 * 1024 * 1024;

/** The file cannot be used; the message names the file and says what is wrong. */
export class KvConfigFileError extends Error {
  override readonly name = "KvConfigFileError";
}

type Table = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * The KV config (RocketMQ's KVConfigManager): namespace -> key -> value, persisted as one JSON
 * file in RocketMQ's own kvConfig.json shape (`{"configTable": {ns: {key: value}}}`), so an
 * operator can bring the file of a RocketMQ NameServer along.
 *
 * Durable before visible: a mutation computes the next table, writes it to the file, and only
 * then makes it current and tells listeners (synchronously, in mutation order). If the write
 * fails the call rejects and nothing changed. Mutations run one at a time in call order; reads
 * are synchronous and see the last committed table.
 */
export class KvStore {
  private table: Table;
  private count: number;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly listeners = new Set<KvListener>();

  private constructor(
    private readonly file: KvFile,
    table: Table,
    private readonly log: Logger,
  ) {
    this.table = table;
    this.count = countEntries(table);
  }

  /**
   * Loads the file (a missing file is an empty config). Throws KvConfigFileError naming the file
   * when it cannot be read, is not valid JSON, or holds an entry that breaks a rule: a NameServer
   * must not start with a silently empty config. The exception: an ORDER_TOPIC_CONFIG value that
   * is not "brokerName:queueNums;..." (RocketMQ stores any) is loaded with one warning per entry;
   * it is listed as it is, and routes leave it out (routableOrderTopicConfs).
   */
  static async open(file: KvFile, log: Logger): Promise<KvStore> {
    let text: string | undefined;
    try {
      text = await file.read();
    } catch (err) {
      throw new KvConfigFileError(`kv config file ${file.path}: cannot read (${messageOf(err)})`);
    }
    const unroutable = (namespace: string, key: string, value: string, problem: string) =>
      log.warn(
        { file: file.path, namespace, key, value, err: problem },
        "kv config entry loaded but left out of routes: not a RocketMQ ordered-topic configuration",
      );
    const table = text === undefined ? new Map() : parseKvFile(text, file.path, unroutable);
    const store = new KvStore(file, table, log);
    log.info({ file: file.path, entries: store.count, found: text !== undefined }, "kv config loaded");
    return store;
  }

  /** Registers `listener` for every future change; returns a function that removes it. */
  onChange(listener: KvListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The value of an entry, or undefined. Validates the names (INVALID_ARGUMENT). */
  get(input: KvKeyInput): string | undefined {
    const { namespace, key } = parseKvKey(input);
    return this.table.get(namespace)?.get(key);
  }

  /** The entries of a namespace, sorted by key; empty for an unknown namespace. Validates it. */
  list(namespace: string): Map<string, string> {
    return new Map(sorted(this.table.get(parseKvNamespace(namespace)) ?? new Map()));
  }

  /** The entries of a namespace as held (no validation), for wiring at start. */
  entries(namespace: string): ReadonlyMap<string, string> {
    return this.table.get(namespace) ?? new Map();
  }

  /** Number of entries over all namespaces. */
  get size(): number {
    return this.count;
  }

  /**
   * Creates or replaces an entry; resolves once it is on disk and visible. `created` is false when
   * the key existed. Rejects with INVALID_ARGUMENT (validated before anything is queued),
   * RESOURCE_EXHAUSTED (too many entries, file too large), or the file's error.
   */
  put(input: KvEntryInput): Promise<{ created: boolean }> {
    const e = parseKvEntry(input);
    return this.enqueue(async () => {
      const old = this.table.get(e.namespace)?.get(e.key);
      if (old === e.value) return { created: false };
      if (old === undefined && this.count >= MAX_KV_ENTRIES) {
        throw new LimitExceeded("kv-entries", `kv config holds at most ${MAX_KV_ENTRIES} entries`);
      }
      const next = new Map(this.table);
      next.set(e.namespace, new Map(this.table.get(e.namespace) ?? []).set(e.key, e.value));
      await this.persist(next, { namespace: e.namespace, key: e.key, value: e.value });
      this.log.info({ namespace: e.namespace, key: e.key, created: old === undefined }, "kv config put");
      return { created: old === undefined };
    });
  }

  /** Removes an entry; `deleted` is false when there was none (nothing is written then). */
  delete(input: KvKeyInput): Promise<{ deleted: boolean }> {
    const { namespace, key } = parseKvKey(input);
    return this.enqueue(async () => {
      const entries = this.table.get(namespace);
      if (entries?.has(key) !== true) return { deleted: false };
      const next = new Map(this.table);
      const rest = new Map(entries);
      rest.delete(key);
      if (rest.size === 0) next.delete(namespace);
      else next.set(namespace, rest);
      await this.persist(next, { namespace, key, value: undefined });
      this.log.info({ namespace, key }, "kv config deleted");
      return { deleted: true };
    });
  }

  /** Waits for the queued mutations; later ones are refused with UNAVAILABLE. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Unavailable("SHUTTING_DOWN", "shutting down"));
    const run = this.tail.then(op);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Writes `next` and makes it current. */
  private async persist(next: Table, change: KvChange): Promise<void> {
    const text = await serializeKvFileInSlices(next);
    if (Buffer.byteLength(text, "utf8") > MAX_KV_FILE_BYTES) {
      throw new LimitExceeded("kv-file-bytes", `kv config file would exceed ${MAX_KV_FILE_BYTES} bytes`);
    }
    try {
      await this.file.write(text);
    } catch (err) {
      if (err instanceof UnconfirmedWriteError) {
        // The file already holds `next`: memory follows the disk (never older than what a restart
        // would load), and the caller is told the change is applied but not confirmed durable.
        this.commit(next, change);
        this.log.warn(
          { err, namespace: change.namespace, key: change.key },
          "kv config change applied but not confirmed durable",
        );
        throw new Unavailable(
          "STORAGE_FAILED",
          `kv config change of ${change.namespace}/${change.key} is applied but not confirmed durable (directory fsync failed); the next successful kv config write makes it durable`,
          err,
        );
      }
      // A disk fault (ENOSPC, EROFS, EIO, ...) is not a bug in the handler: the client learns what
      // failed and may retry; nothing changed in memory or on disk.
      const reason = `kv config could not be written to ${this.file.path}: ${messageOf(err)}`;
      this.log.error({ file: this.file.path, err: messageOf(err) }, "kv config write failed");
      throw new Unavailable("STORAGE_FAILED", reason, err);
    }
    this.commit(next, change);
  }

  private commit(next: Table, change: KvChange): void {
    this.table = next;
    this.count = countEntries(next);
    for (const listener of this.listeners) listener(change);
  }
}

/** The file's text for `table`: RocketMQ's kvConfig.json shape, sorted, one entry per line. */
export function serializeKvFile(table: Table): string {
  const configTable = Object.fromEntries(
    sorted(table).map(([ns, entries]) => [ns, Object.fromEntries(sorted(entries))]),
  );
  return `${JSON.stringify({ configTable }, null, 2)}\n`;
}

/** Entries serialized between two yields to the event loop. */
const ENTRIES_PER_SLICE = 2_000;

/**
 * The same text as serializeKvFile, built a slice of entries at a time with a yield to the event
 * loop between slices: near the file size limit one whole serialization took ~200 ms, during
 * which no lookup was answered (lookup p99 2 -> 115 ms). The table is immutable, so yielding
 * cannot tear it.
 */
export async function serializeKvFileInSlices(table: Table): Promise<string> {
  const parts: string[] = [];
  let sinceYield = 0;
  const namespaces = sorted(table);
  for (let n = 0; n < namespaces.length; n++) {
    const [ns, entries] = namespaces[n] as [string, ReadonlyMap<string, string>];
    const lines: string[] = [];
    for (const [key, value] of sorted(entries)) {
      lines.push(`      ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
      if (++sinceYield >= ENTRIES_PER_SLICE) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    const body = lines.length === 0 ? "{}" : `{\n${lines.join(",\n")}\n    }`;
    parts.push(`    ${JSON.stringify(ns)}: ${body}`);
  }
  const configTable = parts.length === 0 ? "{}" : `{\n${parts.join(",\n")}\n  }`;
  return `{\n  "configTable": ${configTable}\n}\n`;
}

/** Reports an entry loaded although routes cannot use it, with the rule it breaks. */
export type UnroutableEntry = (namespace: string, key: string, value: string, problem: string) => void;

/**
 * Parses and checks the file's text; throws KvConfigFileError naming `path` and the problem.
 * ORDER_TOPIC_CONFIG entries whose key or value breaks that namespace's rule are kept and passed
 * to `unroutable`.
 */
export function parseKvFile(text: string, path: string, unroutable?: UnroutableEntry): Table {
  const corrupt = (problem: string) =>
    new KvConfigFileError(`kv config file ${path} is corrupt: ${problem}; restore it or move it away`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw corrupt(`not valid JSON (${messageOf(err)})`);
  }
  if (!isObject(json) || !isObject(json.configTable)) {
    throw corrupt('must be a JSON object {"configTable": {namespace: {key: value}}}');
  }
  const table = new Map<string, Map<string, string>>();
  for (const [namespace, entries] of Object.entries(json.configTable)) {
    if (!isObject(entries)) throw corrupt(`namespace ${JSON.stringify(namespace)} must be an object`);
    const map = new Map<string, string>();
    for (const [key, value] of Object.entries(entries)) {
      if (typeof value !== "string") {
        throw corrupt(`${JSON.stringify(namespace)}/${JSON.stringify(key)}: value must be a string`);
      }
      try {
        parseKvEntryShape({ namespace, key, value });
      } catch (err) {
        throw corrupt(`${JSON.stringify(namespace)}/${JSON.stringify(key)}: ${messageOf(err)}`);
      }
      if (namespace === ORDER_TOPIC_CONFIG) {
        const problem = orderTopicConfProblem(key, value);
        if (problem !== undefined) unroutable?.(namespace, key, value, problem);
      }
      map.set(key, value);
    }
    if (map.size > 0) table.set(namespace, map);
  }
  if (countEntries(table) > MAX_KV_ENTRIES) throw corrupt(`more than ${MAX_KV_ENTRIES} entries`);
  return table;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function countEntries(table: Table): number {
  let n = 0;
  for (const entries of table.values()) n += entries.size;
  return n;
}

function sorted<V>(map: ReadonlyMap<string, V>): [string, V][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ");
}
