import { NameServerError } from "../client/errors.js";
import { RouteClient } from "../client/route-client.js";
import type { CommandContext } from "./command.js";
import { exitCodeOf } from "./exit-codes.js";
import { errorLine } from "./format.js";
import { securityHint } from "./security-flags.js";

/**
 * Runs a read command with a RouteClient on the given NameServers (one chosen at random, failing
 * over to a random other one when unreachable). A NameServerError becomes one stderr line and its
 * exit code; the client is closed in every case.
 */
export async function withRouteClient(
  name: string,
  ctx: CommandContext,
  body: (client: RouteClient) => Promise<number>,
): Promise<number> {
  const client = new RouteClient({
    namesrvAddrs: ctx.namesrvAddrs,
    callTimeoutMs: ctx.timeoutMs,
    security: ctx.security,
  });
  try {
    return await body(client);
  } catch (err) {
    if (!(err instanceof NameServerError)) throw err;
    ctx.io.err(`namesrvctl: ${name}: ${errorLine(err)}${securityHint(err, ctx.security)}`);
    return exitCodeOf(err);
  } finally {
    client.close();
  }
}
