import {
  type CallOptions,
  type ChannelCredentials,
  type Client,
  type ClientOptions,
  type Metadata,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import { type NameServerError, toNameServerError } from "../client/errors.js";
import { unaryCall } from "../client/unary.js";
import type { Command, CommandContext, OptionSpec } from "./command.js";
import { EXIT, exitCodeOf } from "./exit-codes.js";
import { errorLine, jsonText, table } from "./format.js";
import { securityHint } from "./security-flags.js";

/** The outcome of one NameServer's part of a fan-out. */
export type FanOutResult<T> =
  | { readonly address: string; readonly ok: true; readonly value: T }
  | { readonly address: string; readonly ok: false; readonly error: NameServerError };

/**
 * Runs `op` against every NameServer at once and collects each one's outcome; never rejects. Used
 * for admin writes: NameServers are share-nothing peers, so an operator's change must reach each
 * of them, and the report must say which ones it did not reach.
 */
export async function fanOut<T>(
  addrs: readonly string[],
  op: (address: string) => Promise<T>,
): Promise<FanOutResult<T>[]> {
  return Promise.all(
    addrs.map(async (address): Promise<FanOutResult<T>> => {
      try {
        return { address, ok: true, value: await op(address) };
      } catch (err) {
        return { address, ok: false, error: toNameServerError(err, address) };
      }
    }),
  );
}

/**
 * The exit code of a fan-out: 0 when every NameServer succeeded; when every one failed the same
 * way, that way's code (3 all unreachable, 2 all rejected the input); otherwise 1.
 */
export function fanOutExitCode(results: readonly FanOutResult<unknown>[]): number {
  const codes = new Set(results.map((r) => (r.ok ? EXIT.OK : exitCodeOf(r.error))));
  if (codes.size === 1) return [...codes][0] as number;
  return EXIT.FAILED;
}

/**
 * Calls one unary method of a generated client made for `address`, with the command's deadline,
 * TLS and token.
 */
export async function callOn<C extends Client, Res>(
  Ctor: new (address: string, creds: ChannelCredentials, options?: Partial<ClientOptions>) => C,
  address: string,
  ctx: Pick<CommandContext, "timeoutMs" | "security">,
  invoke: (
    client: C,
    metadata: Metadata,
    options: CallOptions,
    cb: (err: ServiceError | null, res?: Res) => void,
  ) => unknown,
): Promise<Res> {
  const client = new Ctor(address, ctx.security.credentials, ctx.security.clientOptions());
  try {
    return await unaryCall<Res>(address, ctx.timeoutMs, (md, opts, cb) => invoke(client, md, opts, cb));
  } finally {
    client.close();
  }
}

/** What a fan-out command says about one NameServer's success: table cells and JSON fields. */
export interface FanOutColumns<T> {
  /** Extra table columns after NAMESRV and RESULT. */
  readonly headers: readonly string[];
  readonly cells: (value: T) => readonly string[];
  /** Extra JSON fields of a success. */
  readonly json: (value: T) => Record<string, unknown>;
}

export interface FanOutCommandSpec<T> extends FanOutColumns<T> {
  readonly name: string;
  readonly synopsis: string;
  readonly summary: string;
  readonly options?: Readonly<Record<string, OptionSpec>>;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Checks arguments and flags before any call; throw UsageError to reject them. */
  readonly check?: (ctx: CommandContext) => void;
  /** The operation on one NameServer. */
  readonly call: (address: string, ctx: CommandContext) => Promise<T>;
}

/**
 * A command that applies one operation to every NameServer given and reports each outcome: a
 * table (NAMESRV, RESULT, the spec's columns, ERROR) or with --json {"results": [...]}; failures
 * also get one summary line on stderr. An admin command is one of these in one small file.
 */
export function fanOutCommand<T>(spec: FanOutCommandSpec<T>): Command {
  return {
    name: spec.name,
    synopsis: spec.synopsis,
    summary: spec.summary,
    options: spec.options,
    minArgs: spec.minArgs,
    maxArgs: spec.maxArgs,
    async run(ctx) {
      spec.check?.(ctx);
      const results = await fanOut(ctx.namesrvAddrs, (address) => spec.call(address, ctx));
      reportFanOut(ctx, spec, results);
      const failed = results.filter((r) => !r.ok);
      if (failed.length > 0) {
        ctx.io.err(
          `namesrvctl: ${spec.name}: failed on ${failed.length} of ${results.length} NameServers: ${failed
            .map((r) => (r.ok ? "" : errorLine(r.error)))
            .join("; ")}${hintOf(failed, ctx)}`,
        );
      }
      return fanOutExitCode(results);
    },
  };
}

/** Prints one row (or JSON object) per NameServer, in the order given. */
export function reportFanOut<T>(
  ctx: CommandContext,
  columns: FanOutColumns<T>,
  results: readonly FanOutResult<T>[],
): void {
  if (ctx.json) {
    const rows = results.map((r) =>
      r.ok
        ? { namesrv: r.address, ok: true, ...columns.json(r.value) }
        : { namesrv: r.address, ok: false, code: codeName(r.error), error: r.error.details },
    );
    ctx.io.out(jsonText({ results: rows }));
    return;
  }
  const headers = ["NAMESRV", "RESULT", ...columns.headers, "ERROR"];
  const rows = results.map((r) =>
    r.ok
      ? [r.address, "ok", ...columns.cells(r.value), ""]
      : [r.address, "FAILED", ...columns.headers.map(() => ""), `${codeName(r.error)}: ${r.error.details}`],
  );
  ctx.io.out(table(headers, rows));
}

/** The security hint of the first failure that has one, or "". */
function hintOf(failed: readonly FanOutResult<unknown>[], ctx: CommandContext): string {
  for (const r of failed) {
    const hint = r.ok ? "" : securityHint(r.error, ctx.security);
    if (hint !== "") return hint;
  }
  return "";
}

function codeName(err: NameServerError): string {
  return status[err.code] ?? String(err.code);
}
