import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import { RegisterBrokerRequest } from "../../gen/ts/namesrv/v1/broker_service.js";
import {
  type DecodedRegistration,
  decodeRegisterBrokerRequest,
} from "../../src/server/register-request-decoder.js";

const topicA = { topicName: "A", readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 };

const request: RegisterBrokerRequest = {
  clusterName: "DefaultCluster",
  brokerName: "broker-a",
  brokerId: 1n,
  brokerAddr: "10.0.0.1:10911",
  haServerAddr: "10.0.0.1:10912",
  zoneName: "z1",
  topicConfigs: [topicA, { topicName: "B", readQueueNums: 8, writeQueueNums: 2, perm: 4, topicSysFlag: 1 }],
  dataVersion: { stateVersion: 3n, timestamp: 1700000000000n, counter: 9n },
  heartbeatTimeoutMs: 5000n,
};

/** The request as the generated decoder would give it: the fields and the table read. */
function whole(d: DecodedRegistration): RegisterBrokerRequest {
  const topics = d.topicTable.read();
  if ("rule" in topics) throw new Error(`${topics.field}: ${topics.rule}`);
  return { ...d.message, topicConfigs: [...topics] };
}

function topicNames(d: DecodedRegistration): string[] {
  return whole(d).topicConfigs.map((t) => t.topicName);
}

describe("decodeRegisterBrokerRequest", () => {
  it("decodes exactly what the generated decoder does", () => {
    const bytes = RegisterBrokerRequest.encode(request).finish();
    const lazy = decodeRegisterBrokerRequest(bytes);
    expect(lazy.message.topicConfigs).toEqual([]);
    expect(whole(lazy)).toEqual(RegisterBrokerRequest.decode(bytes));
  });

  it("digests the topic table: equal tables, equal digests, whatever the other fields", () => {
    const digest = (r: RegisterBrokerRequest) =>
      decodeRegisterBrokerRequest(RegisterBrokerRequest.encode(r).finish()).topicTable.digest;
    const base = digest(request);
    expect(
      digest({ ...request, dataVersion: { stateVersion: 3n, timestamp: 1700000000000n, counter: 10n } }),
    ).toBe(base);
    expect(digest({ ...request, topicConfigs: [topicA] })).not.toBe(base);
    expect(
      digest({ ...request, topicConfigs: [...request.topicConfigs, { ...topicA, topicName: "C" }] }),
    ).not.toBe(base);
  });

  it("keeps topic entries found anywhere in the message, in order", () => {
    // Fields in an unusual order: a topic entry, then the name, then another entry.
    const w = new BinaryWriter();
    RegisterBrokerRequest.encode({ ...request, topicConfigs: [topicA] }, w);
    w.uint32((2 << 3) | 2).string("renamed");
    w.uint32((7 << 3) | 2).bytes(new BinaryWriter().uint32(10).string("C").finish());
    const lazy = decodeRegisterBrokerRequest(w.finish());
    expect(lazy.message.brokerName).toBe("renamed");
    expect(topicNames(lazy)).toEqual(["A", "C"]);
  });

  it("reports a malformed topic entry as a fault naming it, only when the table is read", () => {
    const w = new BinaryWriter();
    RegisterBrokerRequest.encode({ ...request, topicConfigs: [] }, w);
    w.uint32((7 << 3) | 2).bytes(Uint8Array.of(0x0a, 0x05, 0x41)); // string field claims 5 bytes, has 1
    const lazy = decodeRegisterBrokerRequest(w.finish());
    expect(lazy.message.brokerAddr).toBe("10.0.0.1:10911");
    expect(lazy.topicTable.read()).toEqual({
      field: "topic_configs[0]",
      rule: "malformed TopicConfig message",
    });
  });

  it("hops over many entries, with lengths of one to three varint bytes, as the generated decoder reads them", () => {
    const topicConfigs = [];
    for (let i = 0; i < 300; i++) {
      const name = `T${i}-${"x".repeat(i % 3 === 0 ? 5 : i % 3 === 1 ? 200 : 20_000)}`;
      topicConfigs.push({
        topicName: name,
        readQueueNums: i % 17,
        writeQueueNums: 3,
        perm: 6,
        topicSysFlag: i,
      });
    }
    const bytes = RegisterBrokerRequest.encode({ ...request, topicConfigs }).finish();
    const lazy = decodeRegisterBrokerRequest(bytes);
    expect(lazy.message.dataVersion).toEqual(request.dataVersion);
    expect(whole(lazy)).toEqual(RegisterBrokerRequest.decode(bytes));
  });

  it("reads an entry whose length is written in an unusual (overlong) varint", () => {
    const w = new BinaryWriter();
    RegisterBrokerRequest.encode({ ...request, topicConfigs: [topicA] }, w);
    const entry = new BinaryWriter().uint32(10).string("C").finish();
    // Length 3 as a 5-byte varint: 0x83 0x80 0x80 0x80 0x00.
    w.raw(Uint8Array.of((7 << 3) | 2, 0x83, 0x80, 0x80, 0x80, 0x00, ...entry));
    w.uint32((7 << 3) | 2).bytes(new BinaryWriter().uint32(10).string("D").finish());
    const lazy = decodeRegisterBrokerRequest(w.finish());
    expect(topicNames(lazy)).toEqual(["A", "C", "D"]);
  });

  it("fails like the generated decoder on an entry that runs past the end of the message", () => {
    const w = new BinaryWriter();
    RegisterBrokerRequest.encode({ ...request, topicConfigs: [topicA] }, w);
    w.raw(Uint8Array.of((7 << 3) | 2, 0x10, 0x0a, 0x01)); // claims 16 bytes, has 2
    const bytes = w.finish();
    expect(() => RegisterBrokerRequest.decode(bytes)).toThrow(RangeError);
    expect(() => decodeRegisterBrokerRequest(bytes)).toThrow(RangeError);
  });

  it("reports an entry whose content runs into the next entry as malformed, naming it", () => {
    const w = new BinaryWriter();
    RegisterBrokerRequest.encode({ ...request, topicConfigs: [topicA] }, w);
    // Entry 1 claims 3 bytes; its string field claims 5, which would run into entry 2.
    w.raw(Uint8Array.of((7 << 3) | 2, 0x03, 0x0a, 0x05, 0x41));
    w.uint32((7 << 3) | 2).bytes(new BinaryWriter().uint32(10).string("CDEFG").finish());
    const lazy = decodeRegisterBrokerRequest(w.finish());
    expect(lazy.topicTable.read()).toEqual({
      field: "topic_configs[1]",
      rule: "malformed TopicConfig message",
    });
  });
});
