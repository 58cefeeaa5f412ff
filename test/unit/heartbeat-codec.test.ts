import { describe, expect, it } from "vitest";
import { HeartbeatAction, HeartbeatResponse } from "../../gen/ts/namesrv/v1/broker_service.js";
import type { HeartbeatVerdict } from "../../src/registry/registry.js";
import { heartbeatResponse, serializeHeartbeatResponse } from "../../src/server/codec.js";

const ok: HeartbeatVerdict = {
  epoch: 7n,
  revision: 3,
  action: "OK",
  reason: "",
  brokerAddr: "10.0.0.1:10911",
};

describe("heartbeat responses, made once per verdict", () => {
  it("encodes the verdict as the generated code does", () => {
    const bytes = serializeHeartbeatResponse(heartbeatResponse(ok));
    expect(HeartbeatResponse.decode(bytes)).toEqual({
      epoch: 7n,
      revision: 3n,
      action: HeartbeatAction.HEARTBEAT_ACTION_OK,
      reason: "",
      brokerAddr: "10.0.0.1:10911",
    });
  });

  it("hands out the same response and bytes for the same verdict object", () => {
    const response = heartbeatResponse(ok);
    expect(heartbeatResponse(ok)).toBe(response);
    expect(Object.isFrozen(response)).toBe(true);
    expect(serializeHeartbeatResponse(response)).toBe(serializeHeartbeatResponse(response));
  });

  it("makes new bytes for a new verdict, even one equal but for the revision", () => {
    const next: HeartbeatVerdict = { ...ok, revision: 4 };
    const bytes = serializeHeartbeatResponse(heartbeatResponse(next));
    expect(HeartbeatResponse.decode(bytes).revision).toBe(4n);
    const again: HeartbeatVerdict = { ...ok, action: "REGISTER_AGAIN", reason: "broker not registered" };
    expect(HeartbeatResponse.decode(serializeHeartbeatResponse(heartbeatResponse(again)))).toMatchObject({
      action: HeartbeatAction.HEARTBEAT_ACTION_REGISTER_AGAIN,
      reason: "broker not registered",
    });
  });

  it("does not keep the bytes of a response object that could still change", () => {
    const response: HeartbeatResponse = { ...heartbeatResponse(ok) };
    expect(HeartbeatResponse.decode(serializeHeartbeatResponse(response)).revision).toBe(3n);
    response.revision = 9n;
    expect(HeartbeatResponse.decode(serializeHeartbeatResponse(response)).revision).toBe(9n);
  });
});
