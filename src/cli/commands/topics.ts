import { ListTopicsResponse } from "../../../gen/ts/namesrv/v1/route_service.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { jsonText, table } from "../format.js";
import { withRouteClient } from "../with-route-client.js";

/** `topics [--cluster C]`: topic names, all or one cluster's (ListTopics). */
export const topicsCommand: Command = {
  name: "topics",
  synopsis: "",
  summary: "list topic names, all or those served by one cluster",
  options: {
    cluster: { type: "string", value: "CLUSTER", help: "only topics with queues on this cluster's groups" },
  },
  minArgs: 0,
  maxArgs: 0,
  run: (ctx) =>
    withRouteClient("topics", ctx, async (client) => {
      const cluster = typeof ctx.values.cluster === "string" ? ctx.values.cluster : "";
      const r = await client.listTopics(cluster);
      if (ctx.json) {
        const { namesrv, ...response } = r;
        ctx.io.out(jsonText({ namesrv, topics: [], ...(ListTopicsResponse.toJSON(response) as object) }));
        return EXIT.OK;
      }
      ctx.io.out(
        table(
          ["TOPIC"],
          r.topics.map((t) => [t]),
        ),
      );
      return EXIT.OK;
    }),
};
