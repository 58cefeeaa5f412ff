import { GetKVConfigRequest, type GetKVConfigResponse } from "../../../gen/ts/namesrv/v1/admin_service.js";
import { adminCall } from "../admin.js";
import { fanOutCommand } from "../fanout.js";

/**
 * `kv-get NAMESPACE KEY` from every NameServer (GetKVConfig). NameServers share nothing, so each
 * has its own KV config: the report shows where a value differs or is missing (NOT_FOUND).
 */
export const kvGetCommand = fanOutCommand<GetKVConfigResponse>({
  name: "kv-get",
  synopsis: "NAMESPACE KEY",
  summary: "show a KV config entry as every NameServer holds it",
  minArgs: 2,
  maxArgs: 2,
  call: (address, ctx) => {
    const [namespace, key] = ctx.args as [string, string];
    return adminCall<GetKVConfigResponse>(address, ctx, (c, md, o, cb) =>
      c.getKvConfig(GetKVConfigRequest.fromPartial({ namespace, key }), md, o, cb),
    );
  },
  headers: ["VALUE"],
  cells: (r) => [r.value],
  json: (r) => ({ value: r.value, epoch: String(r.epoch), revision: String(r.revision) }),
});
