import type { BrokerData as BrokerDataMsg } from "../../gen/ts/namesrv/v1/route.js";
import type {
  GetClusterInfoRequest,
  GetClusterInfoResponse,
  GetRouteInfoByTopicRequest,
  GetRouteInfoByTopicResponse,
  ListTopicsRequest,
  ListTopicsResponse,
  RouteServiceServer,
} from "../../gen/ts/namesrv/v1/route_service.js";
import type { Logger } from "../log/logger.js";
import type { Registry } from "../registry/registry.js";
import { brokerData, topicRouteData } from "./codec.js";
import { unary } from "./unary.js";

/** Thin handlers for namesrv.v1.RouteService's unary methods (WatchRoutes: watch-service.ts). */
export function routeService(registry: Registry, log: Logger): Omit<RouteServiceServer, "watchRoutes"> {
  return {
    getRouteInfoByTopic: unary<GetRouteInfoByTopicRequest, GetRouteInfoByTopicResponse>(
      "GetRouteInfoByTopic",
      log,
      (req) => {
        const r = registry.route(req.topic, req.zoneName);
        return {
          route: topicRouteData(r.route),
          epoch: r.epoch,
          revision: BigInt(r.revision),
          topicRevision: BigInt(r.topicRevision),
        };
      },
    ),

    getClusterInfo: unary<GetClusterInfoRequest, GetClusterInfoResponse>("GetClusterInfo", log, () => {
      const r = registry.brokerGroups();
      const brokerAddrTable = new Map<string, BrokerDataMsg>();
      const clusterAddrTable = new Map<string, { brokerNames: string[] }>();
      for (const g of r.groups) {
        brokerAddrTable.set(g.brokerName, brokerData(g));
        const names = clusterAddrTable.get(g.cluster)?.brokerNames ?? [];
        names.push(g.brokerName);
        clusterAddrTable.set(g.cluster, { brokerNames: names });
      }
      return { brokerAddrTable, clusterAddrTable, epoch: r.epoch, revision: BigInt(r.revision) };
    }),

    listTopics: unary<ListTopicsRequest, ListTopicsResponse>("ListTopics", log, (req) => {
      const r = registry.topicNames(req.clusterName);
      return { topics: r.topics, epoch: r.epoch, revision: BigInt(r.revision) };
    }),
  };
}
