import type { handleUnaryCall } from "@grpc/grpc-js";
import type { BrokerData as BrokerDataMsg } from "../../gen/ts/namesrv/v1/route.js";
import type {
  GetClusterInfoRequest,
  GetClusterInfoResponse,
  GetRouteInfoByTopicRequest,
  ListTopicsRequest,
  ListTopicsResponse,
  RouteServiceServer,
} from "../../gen/ts/namesrv/v1/route_service.js";
import type { Logger } from "../log/logger.js";
import type { Registry } from "../registry/registry.js";
import { brokerData } from "./codec.js";
import { pageOf } from "./name-pages.js";
import { RouteResponseEncoder } from "./route-response-encoder.js";
import { unary } from "./unary.js";

/**
 * Thin handlers for namesrv.v1.RouteService's unary methods (WatchRoutes: watch-service.ts).
 * GetRouteInfoByTopic answers with pre-encoded response bytes (see RouteResponseEncoder; the service
 * definition's serializer for it passes Buffers through).
 */
export function routeService(
  registry: Registry,
  log: Logger,
): Omit<RouteServiceServer, "watchRoutes" | "getRouteInfoByTopic"> & {
  getRouteInfoByTopic: handleUnaryCall<GetRouteInfoByTopicRequest, Buffer>;
} {
  const responses = new RouteResponseEncoder(registry.table, registry.epoch);
  return {
    getRouteInfoByTopic: unary<GetRouteInfoByTopicRequest, Buffer>(
      "GetRouteInfoByTopic",
      log,
      (req) =>
        responses.cached(req.topic, req.zoneName) ??
        responses.encode(req.topic, req.zoneName, registry.route(req.topic, req.zoneName)),
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
      const page = pageOf(r.topics, req.pageSize, req.pageToken);
      return {
        topics: page.names,
        epoch: r.epoch,
        revision: BigInt(r.revision),
        nextPageToken: page.nextPageToken,
      };
    }),
  };
}
