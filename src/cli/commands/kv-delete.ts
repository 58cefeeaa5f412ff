import {
  DeleteKVConfigRequest,
  type DeleteKVConfigResponse,
} from "../../../gen/ts/namesrv/v1/admin_service.js";
import { adminCall } from "../admin.js";
import { fanOutCommand } from "../fanout.js";

/** `kv-delete NAMESPACE KEY` on every NameServer (DeleteKVConfig; deleting a missing entry succeeds). */
export const kvDeleteCommand = fanOutCommand<DeleteKVConfigResponse>({
  name: "kv-delete",
  synopsis: "NAMESPACE KEY",
  summary: "delete a KV config entry on every NameServer",
  minArgs: 2,
  maxArgs: 2,
  call: (address, ctx) => {
    const [namespace, key] = ctx.args as [string, string];
    return adminCall<DeleteKVConfigResponse>(address, ctx, (c, md, o, cb) =>
      c.deleteKvConfig(DeleteKVConfigRequest.fromPartial({ namespace, key }), md, o, cb),
    );
  },
  headers: ["DELETED", "REVISION"],
  cells: (r) => [String(r.deleted), String(r.revision)],
  json: (r) => ({ deleted: r.deleted, epoch: String(r.epoch), revision: String(r.revision) }),
});
