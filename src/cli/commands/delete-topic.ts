import { DeleteTopicRequest, type DeleteTopicResponse } from "../../../gen/ts/namesrv/v1/admin_service.js";
import { adminCall } from "../admin.js";
import { fanOutCommand } from "../fanout.js";

/** `delete-topic TOPIC [--cluster C]` on every NameServer (DeleteTopic; idempotent). */
export const deleteTopicCommand = fanOutCommand<DeleteTopicResponse>({
  name: "delete-topic",
  synopsis: "TOPIC",
  summary: "delete a topic's queues, all or one cluster's, on every NameServer",
  options: {
    cluster: { type: "string", value: "CLUSTER", help: "only the queues on this cluster's broker groups" },
  },
  minArgs: 1,
  maxArgs: 1,
  call: (address, ctx) =>
    adminCall<DeleteTopicResponse>(address, ctx, (c, md, o, cb) =>
      c.deleteTopic(
        DeleteTopicRequest.fromPartial({
          topic: ctx.args[0] as string,
          clusterName: typeof ctx.values.cluster === "string" ? ctx.values.cluster : "",
        }),
        md,
        o,
        cb,
      ),
    ),
  headers: ["REMOVED_FROM", "TOPIC_GONE", "REVISION"],
  cells: (r) => [r.removedBrokerNames.join(","), String(r.topicRemoved), String(r.revision)],
  json: (r) => ({
    removedBrokerNames: r.removedBrokerNames,
    topicRemoved: r.topicRemoved,
    epoch: String(r.epoch),
    revision: String(r.revision),
  }),
});
