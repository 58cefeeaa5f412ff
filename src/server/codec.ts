import {
  HeartbeatAction,
  HeartbeatResponse,
  type RegisterBrokerResponse,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import type { BrokerData as BrokerDataMsg, TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import type { HeartbeatVerdict, RegisterResult } from "../registry/registry.js";
import type { BrokerData, TopicRoute } from "../route/types.js";

/**
 * Domain values -> generated messages for BrokerService answers and route data. Other adapters
 * translate their own messages: register-request-decoder.ts (RegisterBroker requests),
 * route-response-encoder.ts and watch-encoder.ts (route bytes), admin-service.ts (AdminService).
 */

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

/**
 * The response to a verdict. The registry hands out the same verdict object for as long as a
 * stream's heartbeats and the table stay unchanged, so the response object (frozen) and, through
 * `serializeHeartbeatResponse`, its bytes are made once per verdict, not once per heartbeat.
 */
export function heartbeatResponse(v: HeartbeatVerdict): HeartbeatResponse {
  let response = RESPONSES.get(v);
  if (response === undefined) {
    response = Object.freeze({
      epoch: v.epoch,
      revision: BigInt(v.revision),
      action:
        v.action === "OK"
          ? HeartbeatAction.HEARTBEAT_ACTION_OK
          : HeartbeatAction.HEARTBEAT_ACTION_REGISTER_AGAIN,
      reason: v.reason,
      brokerAddr: v.brokerAddr,
    });
    RESPONSES.set(v, response);
  }
  return response;
}

const RESPONSES = new WeakMap<HeartbeatVerdict, HeartbeatResponse>();
const ENCODED = new WeakMap<HeartbeatResponse, Buffer>();

/**
 * Heartbeat's response serializer for the service definition: the generated encoding, kept per
 * response object (frozen by `heartbeatResponse`, so its bytes cannot go stale), so that a steady
 * stream's answers are encoded once. grpc-js copies the bytes into each frame it writes.
 */
export function serializeHeartbeatResponse(response: HeartbeatResponse): Buffer {
  let bytes = ENCODED.get(response);
  if (bytes === undefined) {
    const encoded = HeartbeatResponse.encode(response).finish();
    bytes = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    if (Object.isFrozen(response)) ENCODED.set(response, bytes);
  }
  return bytes;
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
