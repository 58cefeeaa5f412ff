import { connect, type Socket } from "node:net";
import { RequestCode } from "../../../src/remoting/codes.js";
import { encodeCommand, type RemotingCommand } from "../../../src/remoting/command.js";
import { FrameDecoder } from "../../../src/remoting/frame-decoder.js";

/** Remoting helpers of `npm run bench:rocketmq`: a request/response connection and registrations. */

/** One remoting connection: requests answered by opaque. */
export class RemotingConn {
  private opaque = 0;
  private readonly waiting = new Map<number, (r: RemotingCommand) => void>();
  private readonly decoder = new FrameDecoder({ maxFrameBytes: 1 << 28, maxHeaderBytes: 1 << 20 });

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      for (const r of this.decoder.push(chunk)) {
        this.waiting.get(r.opaque)?.(r);
        this.waiting.delete(r.opaque);
      }
    });
  }

  static async open(address: string): Promise<RemotingConn> {
    const i = address.lastIndexOf(":");
    const socket = connect({ host: address.slice(0, i), port: Number(address.slice(i + 1)) });
    await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    return new RemotingConn(socket);
  }

  /** The opaque for the next request; build its frame with it, then `send`. */
  nextOpaque(): number {
    return ++this.opaque;
  }

  /** Sends a frame built with `opaque`; resolves with its response. */
  send(opaque: number, frame: Buffer): Promise<RemotingCommand> {
    const answer = new Promise<RemotingCommand>((resolve) => this.waiting.set(opaque, resolve));
    this.socket.write(frame);
    return answer;
  }

  lookup(topic: string): Promise<RemotingCommand> {
    const opaque = this.nextOpaque();
    return this.send(
      opaque,
      encodeCommand({
        code: RequestCode.GET_ROUTEINFO_BY_TOPIC,
        language: 0,
        version: 479,
        opaque,
        flag: 0,
        remark: undefined,
        extFields: new Map([["topic", topic]]),
        body: undefined,
        serialization: "JSON",
      }),
    );
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A REGISTER_BROKER frame with a JSON RegisterBrokerBody (as RocketMQ 5.x brokers send it). */
export function registration(
  brokerName: string,
  brokerAddr: string,
  topics: string[],
  counter: number,
  opaque = counter,
): Buffer {
  const topicConfigTable: Record<string, unknown> = {};
  for (const t of topics) {
    topicConfigTable[t] = {
      attributes: {},
      order: false,
      perm: 6,
      readQueueNums: 8,
      topicFilterType: "SINGLE_TAG",
      topicName: t,
      topicSysFlag: 0,
      writeQueueNums: 8,
    };
  }
  const body = JSON.stringify({
    filterServerList: [],
    topicConfigSerializeWrapper: {
      dataVersion: { counter, stateVersion: 0, timestamp: Date.now() },
      topicConfigTable,
    },
  });
  return encodeCommand({
    code: RequestCode.REGISTER_BROKER,
    language: 0,
    version: 479,
    opaque,
    flag: 0,
    remark: undefined,
    extFields: new Map([
      ["brokerName", brokerName],
      ["brokerAddr", brokerAddr],
      ["clusterName", "BenchCluster"],
      ["haServerAddr", ""],
      ["brokerId", "0"],
      ["compressed", "false"],
      ["bodyCrc32", "0"],
    ]),
    body: Buffer.from(body),
    serialization: "JSON",
  });
}
