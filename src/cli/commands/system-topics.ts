import {
  ListSystemTopicsRequest,
  type ListSystemTopicsResponse,
} from "../../../gen/ts/namesrv/v1/admin_service.js";
import { adminCall } from "../admin.js";
import { fanOutCommand } from "../fanout.js";

/**
 * `system-topics [--cluster C]` from every NameServer (ListSystemTopics): RocketMQ's system topic
 * list, the cluster and broker group names, and one broker to ask about them.
 */
export const systemTopicsCommand = fanOutCommand<ListSystemTopicsResponse>({
  name: "system-topics",
  synopsis: "",
  summary: "list the system topics (cluster and group names) as every NameServer holds them",
  options: {
    cluster: { type: "string", value: "CLUSTER", help: "only this cluster's name and its groups' names" },
  },
  minArgs: 0,
  maxArgs: 0,
  call: (address, ctx) =>
    adminCall<ListSystemTopicsResponse>(address, ctx, (c, md, o, cb) =>
      c.listSystemTopics(
        ListSystemTopicsRequest.fromPartial({
          clusterName: typeof ctx.values.cluster === "string" ? ctx.values.cluster : "",
        }),
        md,
        o,
        cb,
      ),
    ),
  headers: ["COUNT", "TOPICS", "BROKER_ADDR"],
  cells: (r) => [String(r.topics.length), r.topics.join(","), r.brokerAddr || "-"],
  json: (r) => ({
    topics: r.topics,
    brokerAddr: r.brokerAddr,
    epoch: String(r.epoch),
    revision: String(r.revision),
  }),
});
