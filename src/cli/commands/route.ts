import { GetRouteInfoByTopicResponse } from "../../../gen/ts/namesrv/v1/route_service.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { jsonText, ROUTE_HEADERS, routeRows, table } from "../format.js";
import { withRouteClient } from "../with-route-client.js";

/** `route TOPIC`: the topic's queue datas and broker addresses (GetRouteInfoByTopic). */
export const routeCommand: Command = {
  name: "route",
  synopsis: "TOPIC",
  summary: "show the broker groups serving TOPIC: queues, permissions, addresses",
  options: {
    zone: { type: "string", value: "ZONE", help: "only this zone's groups (and groups without a master)" },
  },
  minArgs: 1,
  maxArgs: 1,
  run: (ctx) =>
    withRouteClient("route", ctx, async (client) => {
      const topic = ctx.args[0] as string;
      const zoneName = typeof ctx.values.zone === "string" ? ctx.values.zone : "";
      const r = await client.getRoute(topic, { zoneName });
      if (ctx.json) {
        const response = GetRouteInfoByTopicResponse.fromPartial({
          route: r.route,
          epoch: r.epoch,
          revision: r.revision,
          topicRevision: r.topicRevision,
        });
        ctx.io.out(
          jsonText({ namesrv: r.namesrv, ...(GetRouteInfoByTopicResponse.toJSON(response) as object) }),
        );
        return EXIT.OK;
      }
      ctx.io.out(
        `topic ${topic}  revision ${r.revision}  topic-revision ${r.topicRevision}  epoch ${r.epoch}  namesrv ${r.namesrv}`,
      );
      if (r.route.orderTopicConf !== "") ctx.io.out(`order-topic-conf ${r.route.orderTopicConf}`);
      ctx.io.out(table(ROUTE_HEADERS, routeRows(r.route)));
      return EXIT.OK;
    }),
};
