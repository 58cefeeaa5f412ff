import { GetClusterInfoResponse } from "../../../gen/ts/namesrv/v1/route_service.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { jsonText, table } from "../format.js";
import { withRouteClient } from "../with-route-client.js";

/** `clusters`: every live broker group by cluster, one row per broker (GetClusterInfo). */
export const clustersCommand: Command = {
  name: "clusters",
  synopsis: "",
  summary: "list every live broker: cluster, group, zone, id, address",
  minArgs: 0,
  maxArgs: 0,
  run: (ctx) =>
    withRouteClient("clusters", ctx, async (client) => {
      const info = await client.getClusterInfo();
      if (ctx.json) {
        const { namesrv, ...response } = info;
        ctx.io.out(
          jsonText({
            namesrv,
            brokerAddrTable: {},
            clusterAddrTable: {},
            ...(GetClusterInfoResponse.toJSON(response) as object),
          }),
        );
        return EXIT.OK;
      }
      const rows: string[][] = [];
      for (const cluster of [...info.clusterAddrTable.keys()].sort()) {
        for (const name of info.clusterAddrTable.get(cluster)?.brokerNames ?? []) {
          const group = info.brokerAddrTable.get(name);
          const addrs = [...(group?.brokerAddrs ?? new Map<bigint, string>())].sort((a, b) =>
            a[0] < b[0] ? -1 : 1,
          );
          for (const [id, addr] of addrs) rows.push([cluster, name, group?.zoneName ?? "", String(id), addr]);
        }
      }
      ctx.io.out(table(["CLUSTER", "BROKER", "ZONE", "ID", "ADDRESS"], rows));
      return EXIT.OK;
    }),
};
