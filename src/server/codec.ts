import {
  HeartbeatAction,
  type HeartbeatResponse,
  type RegisterBrokerResponse,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import type { BrokerData as BrokerDataMsg, TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import type { HeartbeatVerdict, RegisterResult } from "../registry/registry.js";
import type { BrokerData, TopicRoute } from "../route/types.js";

/** Domain values -> generated messages. The only place that knows both shapes. */

/** `orderTopicConfig`: the KV namespace ORDER_TOPIC_CONFIG, returned to brokers as RocketMQ does. */
export function registerResponse(
  r: RegisterResult,
  orderTopicConfig: ReadonlyMap<string, string>,
): RegisterBrokerResponse {
  return {
    epoch: r.epoch,
    revision: BigInt(r.revision),
    changed: r.changed,
    masterAddr: r.masterAddr,
    haServerAddr: r.haServerAddr,
    heartbeatIntervalMs: BigInt(r.heartbeatIntervalMs),
    heartbeatTimeoutMs: BigInt(r.heartbeatTimeoutMs),
    orderTopicConfig: new Map(orderTopicConfig),
  };
}

export function heartbeatResponse(v: HeartbeatVerdict): HeartbeatResponse {
  return {
    epoch: v.epoch,
    revision: BigInt(v.revision),
    action:
      v.action === "OK"
        ? HeartbeatAction.HEARTBEAT_ACTION_OK
        : HeartbeatAction.HEARTBEAT_ACTION_REGISTER_AGAIN,
    reason: v.reason,
    brokerAddr: v.brokerAddr,
  };
}

export function topicRouteData(route: TopicRoute): TopicRouteData {
  return {
    queueDatas: route.queueDatas.map((q) => ({ ...q })),
    brokerDatas: route.brokerDatas.map(brokerData),
    orderTopicConf: route.orderTopicConf,
  };
}

export function brokerData(b: BrokerData): BrokerDataMsg {
  const addrs = new Map<bigint, string>();
  for (const [id, addr] of b.brokerAddrs) addrs.set(BigInt(id), addr);
  return {
    cluster: b.cluster,
    brokerName: b.brokerName,
    brokerAddrs: addrs,
    zoneName: b.zoneName,
    actingMaster: b.actingMaster === true,
  };
}
