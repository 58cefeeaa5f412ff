import { PutKVConfigRequest, type PutKVConfigResponse } from "../../../gen/ts/namesrv/v1/admin_service.js";
import { adminCall } from "../admin.js";
import { fanOutCommand } from "../fanout.js";

/** `kv-put NAMESPACE KEY VALUE` on every NameServer (PutKVConfig; persisted by each). */
export const kvPutCommand = fanOutCommand<PutKVConfigResponse>({
  name: "kv-put",
  synopsis: "NAMESPACE KEY VALUE",
  summary: "set a KV config entry on every NameServer",
  minArgs: 3,
  maxArgs: 3,
  call: (address, ctx) => {
    const [namespace, key, value] = ctx.args as [string, string, string];
    return adminCall<PutKVConfigResponse>(address, ctx, (c, md, o, cb) =>
      c.putKvConfig(PutKVConfigRequest.fromPartial({ namespace, key, value }), md, o, cb),
    );
  },
  headers: ["CREATED", "REVISION"],
  cells: (r) => [String(r.created), String(r.revision)],
  json: (r) => ({ created: r.created, epoch: String(r.epoch), revision: String(r.revision) }),
});
