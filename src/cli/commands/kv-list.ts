import { ListKVConfigRequest, type ListKVConfigResponse } from "../../../gen/ts/namesrv/v1/admin_service.js";
import { adminCall } from "../admin.js";
import { fanOutCommand } from "../fanout.js";

/** `kv-list NAMESPACE` from every NameServer (ListKVConfig): count and entries per NameServer. */
export const kvListCommand = fanOutCommand<ListKVConfigResponse>({
  name: "kv-list",
  synopsis: "NAMESPACE",
  summary: "list a KV namespace's entries as every NameServer holds them",
  minArgs: 1,
  maxArgs: 1,
  call: (address, ctx) =>
    adminCall<ListKVConfigResponse>(address, ctx, (c, md, o, cb) =>
      c.listKvConfig(ListKVConfigRequest.fromPartial({ namespace: ctx.args[0] as string }), md, o, cb),
    ),
  headers: ["COUNT", "ENTRIES"],
  cells: (r) => {
    const keys = [...r.entries.keys()].sort();
    return [String(keys.length), keys.map((k) => `${k}=${r.entries.get(k)}`).join(",")];
  },
  json: (r) => ({
    entries: Object.fromEntries([...r.entries].sort(([a], [b]) => (a < b ? -1 : 1))),
    epoch: String(r.epoch),
    revision: String(r.revision),
  }),
});
