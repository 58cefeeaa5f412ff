import { once } from "node:events";
import { connect as netConnect, type Socket } from "node:net";
import { type ConnectionOptions, connect as tlsConnect } from "node:tls";
import { encodeCommand, type RemotingCommand, type Serialization } from "../../src/remoting/command.js";
import { FrameDecoder } from "../../src/remoting/frame-decoder.js";

/**
 * A minimal RocketMQ remoting client for tests: sends requests, matches responses by opaque. The
 * real Java and Go clients are exercised in test/rocketmq; this one drives the edge cases.
 */
export class RemotingClient {
  private opaque = 1;
  private readonly waiting = new Map<number, (r: RemotingCommand) => void>();
  private readonly decoder = new FrameDecoder({ maxFrameBytes: 1 << 30, maxHeaderBytes: 1 << 24 });
  readonly closed: Promise<unknown>;

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      try {
        for (const r of this.decoder.push(chunk)) this.waiting.get(r.opaque)?.(r);
      } catch {
        socket.destroy(); // not remoting (an HTTP/2 server's frames, when remoting is off)
      }
    });
    socket.on("error", () => {});
    this.closed = once(socket, "close");
  }

  static async connect(address: string, tls?: ConnectionOptions): Promise<RemotingClient> {
    const i = address.lastIndexOf(":");
    const host = address.slice(0, i);
    const port = Number(address.slice(i + 1));
    const socket =
      tls === undefined
        ? netConnect({ host, port })
        : tlsConnect({ host, port, servername: "localhost", ...tls });
    await once(socket, tls === undefined ? "connect" : "secureConnect");
    return new RemotingClient(socket);
  }

  /** Sends a request and awaits its response. */
  request(
    code: number,
    extFields: Record<string, string> = {},
    body?: Buffer | string,
    opts: { serialization?: Serialization; version?: number; flag?: number } = {},
  ): Promise<RemotingCommand> {
    const opaque = this.opaque++;
    const answer = new Promise<RemotingCommand>((resolve, reject) => {
      this.waiting.set(opaque, resolve);
      this.closed.then(() => reject(new Error(`connection closed before the answer to opaque ${opaque}`)));
    });
    this.socket.write(
      encodeCommand({
        code,
        language: 0,
        version: opts.version ?? 479,
        opaque,
        flag: opts.flag ?? 0,
        remark: undefined,
        extFields: new Map(Object.entries(extFields)),
        body: typeof body === "string" ? Buffer.from(body, "utf8") : body,
        serialization: opts.serialization ?? "JSON",
      }),
    );
    return answer;
  }

  /** A oneway request: no answer expected. */
  oneway(code: number, extFields: Record<string, string>, body?: Buffer): void {
    this.socket.write(
      encodeCommand({
        code,
        language: 0,
        version: 479,
        opaque: this.opaque++,
        flag: 2,
        remark: undefined,
        extFields: new Map(Object.entries(extFields)),
        body,
        serialization: "JSON",
      }),
    );
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A JSON RegisterBrokerBody as RocketMQ brokers send it. */
export function registerBody(
  topics: Array<{ name: string; queues?: number; perm?: number; sysFlag?: number }>,
  dataVersion = { counter: 1, stateVersion: 0, timestamp: 1700000000000 },
): string {
  const topicConfigTable = Object.fromEntries(
    topics.map((t) => [
      t.name,
      {
        attributes: {},
        order: false,
        perm: t.perm ?? 6,
        readQueueNums: t.queues ?? 4,
        topicFilterType: "SINGLE_TAG",
        topicName: t.name,
        topicSysFlag: t.sysFlag ?? 0,
        writeQueueNums: t.queues ?? 4,
      },
    ]),
  );
  return JSON.stringify({
    filterServerList: [],
    topicConfigSerializeWrapper: { dataVersion, topicConfigTable },
  });
}

/** Header fields of REGISTER_BROKER for broker-a of cluster C1 at `addr`. */
export function registerHeader(
  addr = "127.0.0.1:10911",
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    brokerName: "broker-a",
    brokerAddr: addr,
    clusterName: "C1",
    haServerAddr: "127.0.0.1:10912",
    brokerId: "0",
    compressed: "false",
    bodyCrc32: "0",
    ...extra,
  };
}
