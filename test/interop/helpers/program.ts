import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** One observation printed by an interop program: a JSON line with an `event` name. */
export interface ProgramEvent {
  event: string;
  [field: string]: unknown;
}

/**
 * Upper bound for one awaited event. Not a timing assertion: tests await events, and this only
 * turns a hang (an event that never comes) into a failure with the program's output attached.
 */
export const EVENT_WAIT_MS = 20_000;

/**
 * A running interop program (the Python script or the Go binary) that prints one JSON object per
 * line on stdout. Events are kept in order; `waitFor` resolves with the first event, at or after a
 * cursor, that matches, so a test awaits what the program observed, never a sleep.
 */
export class Program {
  readonly events: ProgramEvent[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private stderr = "";
  private listeners: Array<() => void> = [];
  private done = false;

  /**
   * `argv` is spawned with stdin open. With `json: "lines"` (the interop programs) each stdout line
   * is one event; with `json: "documents"` (buf curl, which pretty-prints each message) each JSON
   * document on stdout becomes `{ event: "message", message }`.
   */
  constructor(
    readonly label: string,
    argv: string[],
    json: "lines" | "documents" = "lines",
  ) {
    const [cmd, ...args] = argv;
    if (cmd === undefined) throw new Error("empty command");
    // stdin stays open: the programs exit when it closes, so none outlives the test run.
    this.child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.done) return;
        this.done = true;
        this.notify();
        resolve({ code, signal });
      };
      this.child.on("close", finish); // after stdout is drained, so every line is in `events`
      this.child.on("error", (err) => {
        this.stderr += `spawn failed: ${err.message}\n`;
        finish(null, null);
      });
    });
    this.child.stdin?.on("error", () => {}); // EPIPE after the program exited
    this.child.stderr?.on("data", (d: Buffer) => {
      this.stderr += d.toString();
    });
    if (json === "lines") {
      createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
        try {
          this.events.push(JSON.parse(line) as ProgramEvent);
        } catch {
          this.events.push({ event: "unparsed", line });
        }
        this.notify();
      });
    } else {
      const split = jsonDocuments((doc) => {
        this.events.push({ event: "message", message: JSON.parse(doc) as unknown });
        this.notify();
      });
      this.child.stdout?.on("data", (d: Buffer) => split(d.toString()));
    }
  }

  /** Everything the program wrote on stderr so far. */
  get stderrText(): string {
    return this.stderr;
  }

  /**
   * Resolves with the first event at index >= `from` that matches; fails if the program exits first,
   * or at `deadline` (epoch ms; default EVENT_WAIT_MS from now).
   */
  async waitFor(
    what: string,
    match: (e: ProgramEvent) => boolean,
    from = 0,
    deadline = Date.now() + EVENT_WAIT_MS,
  ): Promise<{ event: ProgramEvent; index: number }> {
    for (;;) {
      const index = this.events.findIndex((e, i) => i >= from && match(e));
      const event = this.events[index];
      if (event) return { event, index };
      if (this.done) throw this.failure(`exited before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw this.failure(`no ${what} in time`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Writes one command line to the program's stdin. */
  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** Kills the program by its PID if it is still running (idempotent). */
  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  private notify(): void {
    const waiting = this.listeners;
    this.listeners = [];
    for (const l of waiting) l();
  }

  private failure(message: string): Error {
    const out = this.events.map((e) => JSON.stringify(e)).join("\n");
    return new Error(`${this.label}: ${message}\n-- events:\n${out}\n-- stderr:\n${this.stderr}`);
  }
}

/** Runs a program to completion and returns its exit code and events. */
export async function runProgram(
  label: string,
  argv: string[],
): Promise<{ code: number | null; events: ProgramEvent[]; program: Program }> {
  const program = new Program(label, argv);
  const timer = setTimeout(() => program.kill(), EVENT_WAIT_MS); // a hang becomes a failed exit
  const { code } = await program.exited;
  clearTimeout(timer);
  return { code, events: program.events, program };
}

/**
 * Splits a stream of concatenated JSON objects (`{...}\n{...}`) into documents; feed it chunks in
 * order. Tracks brace depth outside strings, so braces inside string values do not count.
 */
export function jsonDocuments(onDocument: (text: string) => void): (chunk: string) => void {
  let buf = "";
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  return (chunk) => {
    const offset = buf.length;
    buf += chunk;
    for (let i = offset; i < buf.length; i++) {
      const c = buf[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === "\\") escaped = true;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") {
        if (depth++ === 0) start = i;
      } else if (c === "}" && --depth === 0) {
        onDocument(buf.slice(start, i + 1));
        buf = buf.slice(i + 1);
        i = -1;
      }
    }
  };
}
