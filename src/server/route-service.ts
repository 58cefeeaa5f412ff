import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
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
import { toServiceError } from "./status.js";

/** Thin handlers for namesrv.v1.RouteService's unary methods (WatchRoutes: watch-service.ts). */
export function routeService(registry: Registry, log: Logger): Omit<RouteServiceServer, "watchRoutes"> {
  return {
    getRouteInfoByTopic(
      call: ServerUnaryCall<GetRouteInfoByTopicRequest, GetRouteInfoByTopicResponse>,
      callback: sendUnaryData<GetRouteInfoByTopicResponse>,
    ) {
      try {
        const r = registry.route(call.request.topic);
        callback(null, {
          route: topicRouteData(r.route),
          epoch: r.epoch,
          revision: BigInt(r.revision),
          topicRevision: BigInt(r.topicRevision),
        });
      } catch (err) {
        callback(toServiceError(err, log, "GetRouteInfoByTopic"));
      }
    },

    getClusterInfo(
      _call: ServerUnaryCall<GetClusterInfoRequest, GetClusterInfoResponse>,
      callback: sendUnaryData<GetClusterInfoResponse>,
    ) {
      try {
        const r = registry.brokerGroups();
        const brokerAddrTable = new Map<string, BrokerDataMsg>();
        const clusters = new Map<string, string[]>();
        for (const g of r.groups) {
          brokerAddrTable.set(g.brokerName, brokerData(g));
          const names = clusters.get(g.cluster) ?? [];
          names.push(g.brokerName);
          clusters.set(g.cluster, names);
        }
        const clusterAddrTable = new Map([...clusters].map(([c, brokerNames]) => [c, { brokerNames }]));
        callback(null, { brokerAddrTable, clusterAddrTable, epoch: r.epoch, revision: BigInt(r.revision) });
      } catch (err) {
        callback(toServiceError(err, log, "GetClusterInfo"));
      }
    },

    listTopics(
      call: ServerUnaryCall<ListTopicsRequest, ListTopicsResponse>,
      callback: sendUnaryData<ListTopicsResponse>,
    ) {
      try {
        const r = registry.topicNames(call.request.clusterName);
        callback(null, { topics: r.topics, epoch: r.epoch, revision: BigInt(r.revision) });
      } catch (err) {
        callback(toServiceError(err, log, "ListTopics"));
      }
    },
  };
}
