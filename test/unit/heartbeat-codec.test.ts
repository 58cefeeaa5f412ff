import { describe, expect, it } from "vitest";
import { HeartbeatAction, HeartbeatResponse } from "../../gen/ts/namesrv/v1/broker_service.js";
import type { HeartbeatVerdict } from "../../src/registry/registry.js";
import { HeartbeatAnswers } from "../../src/server/codec.js";

const ok: HeartbeatVerdict = {
  epoch: 7n,
  revision: 3,
  action: "OK",
  reason: "",
  brokerAddr: "10.0.0.1:10911",
};

describe("HeartbeatAnswers: one stream's answers, encoded once per distinct verdict", () => {
  it("encodes the verdict as the generated code does", () => {
    expect(HeartbeatResponse.decode(new HeartbeatAnswers().encode(ok))).toEqual({
      epoch: 7n,
      revision: 3n,
      action: HeartbeatAction.HEARTBEAT_ACTION_OK,
      reason: "",
      brokerAddr: "10.0.0.1:10911",
    });
  });

  it("reuses the bytes for an equal verdict, compared by value (not by object identity)", () => {
    const answers = new HeartbeatAnswers();
    const first = answers.encode(ok);
    expect(answers.encode({ ...ok })).toBe(first);
  });

  it("makes new bytes for a verdict that differs in any field", () => {
    const answers = new HeartbeatAnswers();
    const first = answers.encode(ok);
    const next = answers.encode({ ...ok, revision: 4 });
    expect(next).not.toBe(first);
    expect(HeartbeatResponse.decode(next).revision).toBe(4n);
    const again = answers.encode({ ...ok, action: "REGISTER_AGAIN", reason: "broker not registered" });
    expect(HeartbeatResponse.decode(again)).toMatchObject({
      action: HeartbeatAction.HEARTBEAT_ACTION_REGISTER_AGAIN,
      reason: "broker not registered",
    });
    for (const change of [{ epoch: 8n }, { brokerAddr: "10.0.0.2:10911" }, { reason: "x" }]) {
      const bytes = answers.encode({ ...ok, ...change });
      expect(HeartbeatResponse.decode(bytes)).toMatchObject(
        "epoch" in change ? { epoch: 8n } : "brokerAddr" in change ? change : { reason: "x" },
      );
    }
  });
});
