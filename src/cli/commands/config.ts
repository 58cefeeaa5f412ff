import { status } from "@grpc/grpc-js";
import {
  GetRuntimeConfigRequest,
  type GetRuntimeConfigResponse,
  UpdateRuntimeConfigRequest,
  type UpdateRuntimeConfigResponse,
} from "../../../gen/ts/namesrv/v1/admin_service.js";
import { NameServerError } from "../../client/errors.js";
import { adminCall } from "../admin.js";
import { UsageError } from "../command.js";
import { fanOutCommand } from "../fanout.js";

const sortedEntries = (values: ReadonlyMap<string, string>, keys?: readonly string[]) =>
  (keys !== undefined && keys.length > 0 ? [...keys] : [...values.keys()].sort()).map(
    (k) => [k, values.get(k) ?? ""] as const,
  );

/**
 * `config-get [KEY...]` from every NameServer (GetRuntimeConfig): the effective configuration, or
 * the keys named. A key a NameServer does not have fails that NameServer's row.
 */
export const configGetCommand = fanOutCommand<GetRuntimeConfigResponse & { keys: readonly string[] }>({
  name: "config-get",
  synopsis: "[KEY...]",
  summary: "show the effective runtime config (all keys, or those named) of every NameServer",
  minArgs: 0,
  maxArgs: Number.POSITIVE_INFINITY,
  call: async (address, ctx) => {
    const r = await adminCall<GetRuntimeConfigResponse>(address, ctx, (c, md, o, cb) =>
      c.getRuntimeConfig(GetRuntimeConfigRequest.fromPartial({}), md, o, cb),
    );
    const unknown = ctx.args.filter((k) => !r.values.has(k));
    if (unknown.length > 0) {
      throw new NameServerError(
        status.INVALID_ARGUMENT,
        `unknown config key ${unknown.join(", ")} (keys: ${[...r.values.keys()].sort().join(", ")})`,
        address,
      );
    }
    return { ...r, keys: ctx.args };
  },
  headers: ["VALUES"],
  cells: (r) => [
    sortedEntries(r.values, r.keys)
      .map(([k, v]) => `${k}=${v}`)
      .join(" "),
  ],
  json: (r) => ({
    values: Object.fromEntries(sortedEntries(r.values, r.keys)),
    updatableKeys: r.updatableKeys,
    epoch: String(r.epoch),
    revision: String(r.revision),
  }),
});

/** KEY=VALUE arguments as a map; a malformed or repeated one is a usage error. */
function assignments(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of args) {
    const eq = a.indexOf("=");
    if (eq <= 0) throw new UsageError(`want KEY=VALUE, got ${JSON.stringify(a)}`);
    const key = a.slice(0, eq);
    if (out.has(key)) throw new UsageError(`${key} given twice`);
    out.set(key, a.slice(eq + 1));
  }
  return out;
}

/**
 * `config-set KEY=VALUE...` on every NameServer (UpdateRuntimeConfig): changes runtime-safe keys,
 * in memory (a restart goes back to files, env and flags). All or nothing per NameServer.
 */
export const configSetCommand = fanOutCommand<UpdateRuntimeConfigResponse>({
  name: "config-set",
  synopsis: "KEY=VALUE...",
  summary: "change runtime-safe config keys on every NameServer (in memory)",
  minArgs: 1,
  maxArgs: Number.POSITIVE_INFINITY,
  check: (ctx) => {
    assignments(ctx.args);
  },
  call: (address, ctx) =>
    adminCall<UpdateRuntimeConfigResponse>(address, ctx, (c, md, o, cb) =>
      c.updateRuntimeConfig(
        UpdateRuntimeConfigRequest.fromPartial({ values: assignments(ctx.args) }),
        md,
        o,
        cb,
      ),
    ),
  headers: ["UPDATED", "VALUES"],
  cells: (r) => [
    r.updatedKeys.join(",") || "-",
    [...r.values]
      .filter(([k]) => r.updatedKeys.includes(k))
      .map(([k, v]) => `${k}=${v}`)
      .join(" "),
  ],
  json: (r) => ({
    updatedKeys: r.updatedKeys,
    values: Object.fromEntries(sortedEntries(r.values)),
    epoch: String(r.epoch),
    revision: String(r.revision),
  }),
});
