import { describe, expect, it } from "vitest";
import { HeartbeatMemo } from "../../src/registry/heartbeat-memo.js";
import type { BrokerMember } from "../../src/route/types.js";
import { dataVersionInput, expectDomainError, heartbeatOf, registerInput } from "./fixtures.js";

const beat = heartbeatOf(registerInput());
const member: BrokerMember = {
  clusterName: beat.clusterName,
  brokerName: beat.brokerName,
  brokerId: 0,
  brokerAddr: beat.brokerAddr,
  haServerAddr: "",
  zoneName: "",
  dataVersion: { stateVersion: 0n, timestamp: 0n, counter: 1n },
};

describe("HeartbeatMemo", () => {
  it("returns the previous validated heartbeat for an equal one, a new one for any changed field", () => {
    const memo = new HeartbeatMemo<string>();
    const first = memo.parse(beat);
    expect(memo.parse({ ...beat, dataVersion: dataVersionInput(1) })).toBe(first);
    for (const change of [
      { brokerAddr: "10.0.0.2:10911" },
      { brokerName: "broker-b" },
      { clusterName: "other" },
      { brokerId: 1n },
      { dataVersion: dataVersionInput(2) },
      { dataVersion: dataVersionInput(1, 1) },
      { dataVersion: { ...dataVersionInput(1), timestamp: 5n } },
      { dataVersion: undefined },
    ]) {
      const parsed = memo.parse({ ...beat, ...change });
      expect(parsed).not.toBe(first);
      expect(memo.parse(beat)).not.toBe(parsed);
    }
  });

  it("validates a changed heartbeat again and keeps the last valid one when it is invalid", () => {
    const memo = new HeartbeatMemo<string>();
    const first = memo.parse(beat);
    expectDomainError(() => memo.parse({ ...beat, brokerAddr: "nohost" }), "invalid-argument");
    expectDomainError(() => memo.parse({ ...beat, brokerId: -1n }), "invalid-argument");
    expect(memo.parse(beat)).toBe(first);
  });

  it("is not fooled by a caller changing the object it parsed", () => {
    const memo = new HeartbeatMemo<string>();
    const input = { ...beat };
    memo.parse(input);
    input.brokerAddr = "nohost";
    expectDomainError(() => memo.parse(input), "invalid-argument");
  });

  it("answers only for the same heartbeat, member object and revision", () => {
    const memo = new HeartbeatMemo<string>();
    const signal = memo.parse(beat);
    expect(memo.answer(signal, member, 1)).toBeUndefined();
    memo.remember(signal, member, 1, "ok@1");
    expect(memo.answer(signal, member, 1)).toBe("ok@1");
    expect(memo.answer(signal, member, 2)).toBeUndefined();
    expect(memo.answer(signal, { ...member }, 1)).toBeUndefined();
    expect(memo.answer(signal, undefined, 1)).toBeUndefined();
    expect(memo.answer(memo.parse({ ...beat, brokerId: 1n }), member, 1)).toBeUndefined();
  });
});
