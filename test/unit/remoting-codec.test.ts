import { deflateSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeHeader,
  encodeCommand,
  ProtocolError,
  type RemotingCommand,
  type Serialization,
} from "../../src/remoting/command.js";
import { IdMap, parseFastjson, writeFastjson } from "../../src/remoting/fastjson.js";
import { FrameDecoder } from "../../src/remoting/frame-decoder.js";
import { parseProperties } from "../../src/remoting/properties.js";
import { BodyError, decodeRegisterBody } from "../../src/remoting/register-body.js";
import { registerBody } from "../helpers/remoting-client.js";

const LIMITS = { maxFrameBytes: 1 << 20, maxHeaderBytes: 4096 };

const command = (over: Partial<RemotingCommand> = {}): RemotingCommand => ({
  code: 105,
  language: 0,
  version: 479,
  opaque: 7,
  flag: 0,
  remark: undefined,
  extFields: new Map([["topic", "T1"]]),
  body: undefined,
  serialization: "JSON",
  ...over,
});

/** A frame with a hand-made length, serialization type and header. */
function rawFrame(type: number, header: Buffer, body = Buffer.alloc(0), length?: number): Buffer {
  const prefix = Buffer.alloc(8);
  prefix.writeInt32BE(length ?? 4 + header.length + body.length, 0);
  prefix.writeUInt32BE(((type << 24) | header.length) >>> 0, 4);
  return Buffer.concat([prefix, header, body]);
}

const arbCommand = fc.record({
  code: fc.integer({ min: -32768, max: 32767 }),
  language: fc.integer({ min: 0, max: 13 }),
  version: fc.integer({ min: -32768, max: 32767 }),
  opaque: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  flag: fc.integer({ min: 0, max: 3 }),
  remark: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
  extFields: fc
    .dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.string(), { maxKeys: 8 })
    .map((d) => new Map(Object.entries(d))),
  body: fc.option(fc.uint8Array({ minLength: 1, maxLength: 300 }).map(Buffer.from), { nil: undefined }),
  serialization: fc.constantFrom<Serialization>("JSON", "ROCKETMQ"),
});

describe("remoting frames", () => {
  it("round-trip in both serializations, however the bytes are split", () => {
    fc.assert(
      fc.property(
        fc.array(arbCommand, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 50 }),
        (cmds, step) => {
          const bytes = Buffer.concat(cmds.map(encodeCommand));
          const decoder = new FrameDecoder(LIMITS);
          const out: RemotingCommand[] = [];
          for (let i = 0; i < bytes.length; i += step) out.push(...decoder.push(bytes.subarray(i, i + step)));
          expect(decoder.pending).toBe(0);
          expect(out).toEqual(cmds);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("writes the JSON header RocketMQ's Java client reads", () => {
    const frame = encodeCommand(command({ flag: 1, remark: "r" }));
    expect(frame.readInt32BE(0)).toBe(frame.length - 4);
    expect(frame[4]).toBe(0);
    const header = JSON.parse(frame.subarray(8).toString());
    expect(header).toEqual({
      code: 105,
      extFields: { topic: "T1" },
      flag: 1,
      language: "JAVA",
      opaque: 7,
      remark: "r",
      serializeTypeCurrentRPC: "JSON",
      version: 479,
    });
  });

  it("refuses a frame over the limit as soon as its length is read", () => {
    const d = new FrameDecoder(LIMITS);
    const head = Buffer.alloc(4);
    head.writeInt32BE(LIMITS.maxFrameBytes + 1);
    expect(() => d.push(head)).toThrow(/larger than the limit/);
  });

  it.each([
    ["a length below 4", rawFrame(0, Buffer.from("{}"), undefined, 3), /at least 4/],
    ["a negative length", rawFrame(0, Buffer.from("{}"), undefined, -5), /at least 4/],
    [
      "a header over the limit",
      rawFrame(0, Buffer.alloc(5000, 0x20)),
      /header length 5000: larger than the limit/,
    ],
    ["a header longer than its frame", rawFrame(0, Buffer.from("{}"), undefined, 5), /longer than its frame/],
    ["an unknown serialization", rawFrame(7, Buffer.from("{}")), /serialization type 7: unknown/],
    ["broken JSON", rawFrame(0, Buffer.from('{"code":')), /not valid JSON/],
    ["a JSON array", rawFrame(0, Buffer.from("[1]")), /must be a JSON object/],
    ["a code out of range", rawFrame(0, Buffer.from('{"code":99999}')), /header.code/],
    ["no code", rawFrame(0, Buffer.from('{"opaque":1}')), /header.code/],
    ["extFields not an object", rawFrame(0, Buffer.from('{"code":1,"extFields":[1]}')), /extFields/],
    ["a truncated binary header", rawFrame(1, Buffer.from([0, 105, 0])), /announced/],
    [
      "a binary remark past the header",
      rawFrame(1, Buffer.from([0, 105, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0x7f, 0, 0, 0])),
      /remark/,
    ],
  ])("refuses %s with a ProtocolError naming the rule", (_name, frame, rule) => {
    const d = new FrameDecoder(LIMITS);
    expect(() => d.push(frame)).toThrow(ProtocolError);
    expect(() => new FrameDecoder(LIMITS).push(frame)).toThrow(rule);
  });

  it("survives any bytes: commands or a ProtocolError, nothing else", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        try {
          new FrameDecoder(LIMITS).push(Buffer.from(bytes));
        } catch (err) {
          expect(err).toBeInstanceOf(ProtocolError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("survives any binary header", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeHeader("ROCKETMQ", Buffer.from(bytes), undefined);
        } catch (err) {
          expect(err).toBeInstanceOf(ProtocolError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("fastjson dialect", () => {
  const value = {
    brokerAddrs: new IdMap(
      new Map([
        [1, "b:2"],
        [0, "a:1"],
      ]),
    ),
    name: "x",
  };

  it("writes numeric map keys unquoted, or quoted for standard JSON", () => {
    expect(writeFastjson(value, false)).toBe('{"brokerAddrs":{0:"a:1",1:"b:2"},"name":"x"}');
    expect(writeFastjson(value, true)).toBe('{"brokerAddrs":{"0":"a:1","1":"b:2"},"name":"x"}');
  });

  it("reads what it writes, and leaves strings that look like keys alone", () => {
    expect(parseFastjson(writeFastjson(value, false))).toEqual({
      brokerAddrs: { 0: "a:1", 1: "b:2" },
      name: "x",
    });
    expect(parseFastjson('{"a":"{1:2}","b":[{3:"x"}]}')).toEqual({ a: "{1:2}", b: [{ 3: "x" }] });
    expect(parseFastjson('{"a":"q\\"{1:","b":{ -1 :"y"}}')).toEqual({ a: 'q"{1:', b: { "-1": "y" } });
  });

  it("omits undefined fields like fastjson omits nulls", () => {
    expect(writeFastjson({ a: undefined, b: 1 }, false)).toBe('{"b":1}');
  });
});

describe("register body", () => {
  it("decodes the JSON form", () => {
    const body = decodeRegisterBody(
      Buffer.from(registerBody([{ name: "T1", queues: 8, perm: 4, sysFlag: 1 }])),
      false,
      1 << 20,
    );
    expect(body.dataVersion).toEqual({ stateVersion: 0n, timestamp: 1700000000000n, counter: 1n });
    expect(body.topicConfigs).toEqual([
      { topicName: "T1", readQueueNums: 8, writeQueueNums: 8, perm: 4, topicSysFlag: 1 },
    ]);
  });

  /** RocketMQ's compressed RegisterBrokerBody: zlib of length-prefixed parts. */
  function compressed(topics: string[], extraCount = 0): Buffer {
    const part = (s: string) => {
      const b = Buffer.from(s);
      const len = Buffer.alloc(4);
      len.writeInt32BE(b.length);
      return Buffer.concat([len, b]);
    };
    const count = Buffer.alloc(4);
    count.writeInt32BE(topics.length + extraCount);
    return deflateSync(
      Buffer.concat([
        part('{"counter":3,"stateVersion":0,"timestamp":5}'),
        count,
        ...topics.map(part),
        part("[]"),
        Buffer.alloc(4),
      ]),
    );
  }

  it("decodes the compressed form, detected by its zlib header even when the flag says otherwise", () => {
    const body = compressed(["T1 8 8 6 SINGLE_TAG {}", "T2 1 2 4 SINGLE_TAG"]);
    for (const flag of [true, false]) {
      const r = decodeRegisterBody(body, flag, 1 << 20);
      expect(r.dataVersion.counter).toBe(3n);
      expect(r.topicConfigs.map((t) => [t.topicName, t.readQueueNums, t.writeQueueNums, t.perm])).toEqual([
        ["T1", 8, 8, 6],
        ["T2", 1, 2, 4],
      ]);
    }
  });

  it.each([
    [
      "a count beyond the data",
      compressed(["T1 1 1 6 SINGLE_TAG"], 5),
      /topics\[1\]|truncated|impossible|past the end/,
    ],
    ["a malformed topic line", compressed(["T1 x 1 6 SINGLE_TAG"]), /not "name read write perm filterType"/],
    ["garbage after the zlib byte", Buffer.from([0x78, 1, 2, 3]), /not valid zlib/],
    ["broken JSON", Buffer.from('{"topicConfigSerializeWrapper":'), /not valid JSON/],
    ["no wrapper", Buffer.from("{}"), /topicConfigSerializeWrapper: required/],
    [
      "a non-integer queue count",
      Buffer.from(registerBody([{ name: "T1" }]).replace('"readQueueNums":4', '"readQueueNums":"x"')),
      /readQueueNums/,
    ],
  ])("refuses %s with a BodyError", (_name, bytes, rule) => {
    expect(() => decodeRegisterBody(bytes, false, 1 << 20)).toThrow(BodyError);
    expect(() => decodeRegisterBody(bytes, false, 1 << 20)).toThrow(rule);
  });

  it("caps what a compressed body may inflate to", () => {
    const bomb = deflateSync(Buffer.alloc(5 << 20));
    expect(() => decodeRegisterBody(bomb, true, 1 << 20)).toThrow(/inflates past the limit/);
  });
});

describe("properties", () => {
  it("reads key=value lines as RocketMQ's admin sends them", () => {
    expect([...parseProperties("# c\nheartbeatTimeoutMs=20000\n\nlogLevel : debug\r\n")]).toEqual([
      ["heartbeatTimeoutMs", "20000"],
      ["logLevel", "debug"],
    ]);
  });
});
