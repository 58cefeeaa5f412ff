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
import { brokerData, versionFields } from "./codec.js";
import { pageOf } from "./name-pages.js";
import type { RouteBytesCache } from "./route-bytes-cache.js";
import { RouteResponseWriter } from "./route-response.js";
import { unary } from "./unary.js";

/** What GetClusterInfo says about the process answering (namesrvctl status shows it). */
export interface ServerFacts {
  readonly version: string;
  /** Milliseconds since the process started. */
  uptimeMs(): number;
}

/**
 * Thin handlers for namesrv.v1.RouteService's unary methods (WatchRoutes: watch-service.ts).
 * GetRouteInfoByTopic answers with response bytes around the route's cached encoding (the service
 * definition's serializer for it passes Buffers through).
 */
export function routeService(
  registry: Registry,
  routeBytes: RouteBytesCache,
  log: Logger,
  facts: ServerFacts = { version: "", uptimeMs: () => 0 },
): Omit<RouteServiceServer, "watchRoutes" | "getRouteInfoByTopic"> & {
  getRouteInfoByTopic: handleUnaryCall<GetRouteInfoByTopicRequest, Buffer>;
} {
  const responses = new RouteResponseWriter(registry.epoch);
  return {
    getRouteInfoByTopic: unary<GetRouteInfoByTopicRequest, Buffer>("GetRouteInfoByTopic", log, (req) => {
      const at = registry.locate(req.topic, req.zoneName);
      // locate found the topic in this same synchronous step, so its bytes exist.
      const route = routeBytes.route(at.topic, at.zone) as { bytes: Uint8Array };
      return responses.response(route.bytes, at.revision, at.topicRevision);
    }),

    getClusterInfo: unary<GetClusterInfoRequest, GetClusterInfoResponse>("GetClusterInfo", log, () => {
      const r = registry.queries.brokerGroups();
      const brokerAddrTable = new Map<string, BrokerDataMsg>();
      const clusterAddrTable = new Map<string, { brokerNames: string[] }>();
      for (const g of r.groups) {
        brokerAddrTable.set(g.brokerName, brokerData(g));
        const names = clusterAddrTable.get(g.cluster)?.brokerNames ?? [];
        names.push(g.brokerName);
        clusterAddrTable.set(g.cluster, { brokerNames: names });
      }
      return {
        brokerAddrTable,
        clusterAddrTable,
        ...versionFields(r),
        serverVersion: facts.version,
        uptimeMs: BigInt(Math.max(0, Math.round(facts.uptimeMs()))),
      };
    }),

    listTopics: unary<ListTopicsRequest, ListTopicsResponse>("ListTopics", log, (req) => {
      const r = registry.queries.topicNames(req.clusterName);
      const page = pageOf(r.topics, req.pageSize, req.pageToken);
      return { topics: page.names, ...versionFields(r), nextPageToken: page.nextPageToken };
    }),
  };
}
