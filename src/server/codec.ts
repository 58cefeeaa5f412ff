import {
  HeartbeatAction,
  HeartbeatResponse,
  type RegisterBrokerResponse,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import type { BrokerData as BrokerDataMsg, TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import type { HeartbeatVerdict, RegisterResult, Versioned } from "../registry/results.js";
import type { BrokerData, TopicRoute } from "../route/types.js";

/**
 * Domain values -> generated messages, for the gRPC handlers. (Encoders that write bytes directly
 * for the hot paths live beside it: route-bytes-cache.ts, route-response.ts, watch-encoder.ts.)
 */

/** The version fields every response carries. */
export function versionFields(v: Versioned): { epoch: bigint; revision: bigint } {
  return { epoch: v.epoch, revision: BigInt(v.revision) };
}

export function registerResponse(r: RegisterResult): RegisterBrokerResponse {
  return {
    ...versionFields(r),
    changed: r.changed,
    masterAddr: r.masterAddr,
    haServerAddr: r.haServerAddr,
    heartbeatIntervalMs: BigInt(r.heartbeatIntervalMs),
    heartbeatTimeoutMs: BigInt(r.heartbeatTimeoutMs),
    orderTopicConfig: new Map(r.orderTopicConfig),
  };
}

/**
 * One heartbeat stream's answers as bytes (the service definition's serializer for Heartbeat
 * passes Buffers through). A steady stream is answered the same verdict beat after beat, so the
 * last answer's bytes are kept and reused while the verdict is equal, compared by value.
 */
export class HeartbeatAnswers {
  private last: HeartbeatVerdict | null = null;
  private bytes: Buffer = Buffer.alloc(0);

  encode(v: HeartbeatVerdict): Buffer {
    const last = this.last;
    if (
      last !== null &&
      (last === v ||
        (last.revision === v.revision &&
          last.action === v.action &&
          last.epoch === v.epoch &&
          last.brokerAddr === v.brokerAddr &&
          last.reason === v.reason))
    ) {
      return this.bytes;
    }
    const encoded = HeartbeatResponse.encode({
      ...versionFields(v),
      action:
        v.action === "OK"
          ? HeartbeatAction.HEARTBEAT_ACTION_OK
          : HeartbeatAction.HEARTBEAT_ACTION_REGISTER_AGAIN,
      reason: v.reason,
      brokerAddr: v.brokerAddr,
    }).finish();
    this.last = v;
    this.bytes = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    return this.bytes;
  }
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
