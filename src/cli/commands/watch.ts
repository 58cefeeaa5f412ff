import { status } from "@grpc/grpc-js";
import { TopicRouteData } from "../../../gen/ts/namesrv/v1/route.js";
import type { NameServerError } from "../../client/errors.js";
import { type RouteCacheChange, RouteClient } from "../../client/route-client.js";
import { type Command, UsageError } from "../command.js";
import { EXIT, exitCodeOf } from "../exit-codes.js";
import { errorLine, jsonText, routeSummary } from "../format.js";
import { securityHint } from "../security-flags.js";

/**
 * `watch [TOPIC...]`: prints every route change as it arrives (WatchRoutes through the SDK's
 * route cache), until interrupted or after --count change sets (a snapshot is one). Human output:
 * a "#" line per snapshot (with the server's reason when a reset caused it), then one line per
 * changed topic, "REVISION TOPIC ROUTE" or "REVISION TOPIC removed". JSON output: one object per
 * consistent change set (one line each; `resetReason` on a snapshot after a reset).
 */
export const watchCommand: Command = {
  name: "watch",
  synopsis: "[TOPIC...]",
  summary: "print route changes live (all topics, or the ones named)",
  options: {
    count: {
      type: "string",
      value: "N",
      help: "exit 0 after N change sets; each snapshot counts as one (the first, and one after a reset)",
    },
    poll: { type: "boolean", help: "poll every --poll-interval-ms instead of streaming (old NameServers)" },
    "poll-interval-ms": { type: "string", value: "N", help: "poll period when polling, ms (default 5000)" },
  },
  minArgs: 0,
  maxArgs: Number.POSITIVE_INFINITY,
  async run(ctx) {
    const count = positiveInt(ctx.values.count, "--count");
    const pollIntervalMs = positiveInt(ctx.values["poll-interval-ms"], "--poll-interval-ms") ?? 5000;
    const client = new RouteClient({
      namesrvAddrs: ctx.namesrvAddrs,
      callTimeoutMs: ctx.timeoutMs,
      security: ctx.security,
      cache: {
        topics: ctx.args.length === 0 ? "all" : [...ctx.args],
        mode: ctx.values.poll === true ? "poll" : "watch",
        pollIntervalMs,
      },
    });
    let seen = 0;
    let finish: (code: number) => void = () => {};
    const finished = new Promise<number>((resolve) => {
      finish = resolve;
    });
    client.on("change", (c) => {
      print(ctx.json, c, client, ctx.io.out);
      seen++;
      if (count !== undefined && seen >= count) finish(EXIT.OK);
    });
    let ready = false;
    let lastError: NameServerError | null = null;
    client.on("disconnected", (namesrv, err) => {
      lastError = err;
      if (REFUSED.has(err.code)) {
        // Retrying cannot help: the request itself is bad (e.g. a topic name), or not allowed.
        ctx.io.err(`namesrvctl: watch: ${errorLine(err)}${securityHint(err, ctx.security)}`);
        finish(exitCodeOf(err));
      } else if (ready) {
        ctx.io.err(`namesrvctl: watch: lost ${namesrv}: ${errorLine(err)}; retrying`);
      }
    });
    client.on("fallback", (reason) => ctx.io.err(`namesrvctl: watch: ${reason}; polling instead`));
    const synced = client.ready(ctx.timeoutMs).then(
      () => {
        ready = true;
        return null;
      },
      (err: NameServerError) => {
        const cause = lastError ?? err;
        ctx.io.err(
          `namesrvctl: watch: no routes from any NameServer within ${ctx.timeoutMs} ms: ${errorLine(cause)}`,
        );
        return cause.unreachable || cause === err ? EXIT.UNREACHABLE : exitCodeOf(cause);
      },
    );
    const early = await Promise.race([synced, finished, ctx.io.stopped.then(() => EXIT.OK)]);
    if (early !== null) {
      client.close();
      return early;
    }
    const code = await Promise.race([finished, ctx.io.stopped.then(() => EXIT.OK)]);
    client.close();
    return code;
  },
};

/** Stream ends that retrying cannot fix: watch exits with the error at once. */
const REFUSED: ReadonlySet<status> = new Set([
  status.INVALID_ARGUMENT,
  status.UNAUTHENTICATED,
  status.PERMISSION_DENIED,
]);

function print(json: boolean, c: RouteCacheChange, client: RouteClient, out: (line: string) => void): void {
  if (json) {
    const updated: Record<string, unknown> = {};
    for (const t of c.updated) {
      const route = client.cached(t);
      if (route !== undefined) updated[t] = TopicRouteData.toJSON(route);
    }
    out(
      jsonText({
        namesrv: c.namesrv,
        epoch: c.epoch,
        revision: c.revision,
        snapshot: c.snapshot,
        ...(c.resetReason !== undefined ? { resetReason: c.resetReason } : {}),
        updated,
        removed: c.removed,
      }),
    );
    return;
  }
  if (c.snapshot) {
    out(
      `# snapshot from ${c.namesrv} at revision ${c.revision} (epoch ${c.epoch}), topics: ${client.cachedTopics().length}` +
        (c.resetReason !== undefined ? `, after a reset: ${c.resetReason}` : ""),
    );
  }
  for (const t of c.updated) {
    const route = client.cached(t);
    if (route !== undefined) out(`${c.revision}  ${t}  ${routeSummary(route)}`);
  }
  for (const t of c.removed) out(`${c.revision}  ${t}  removed`);
}

function positiveInt(v: string | boolean | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !/^\d+$/.test(v) || n < 1 || n > 2 ** 31) {
    throw new UsageError(`${flag}: want a whole number >= 1, got ${JSON.stringify(v)}`);
  }
  return n;
}
