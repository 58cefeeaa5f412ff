/**
 * A grpc-js client that sends and receives message bytes as they are on the wire: the load
 * generators pre-encode their requests once, so the client's own encoding costs nothing per call.
 */
import { Client, type ClientReadableStream, credentials, type ServiceError } from "@grpc/grpc-js";

const identity = (b: Buffer): Buffer => b;

/** gRPC method paths used by the benchmarks. */
export const PATH = {
  getRoute: "/namesrv.v1.RouteService/GetRouteInfoByTopic",
  watchRoutes: "/namesrv.v1.RouteService/WatchRoutes",
  register: "/namesrv.v1.BrokerService/RegisterBroker",
  unregister: "/namesrv.v1.BrokerService/UnregisterBroker",
  heartbeat: "/namesrv.v1.BrokerService/Heartbeat",
  /** The bare server's trigger: push the change frame to every open watch stream. */
  barePush: "/bench.v1.Bare/Push",
} as const;

/** Channel options that give a client its own connection (no subchannel sharing). */
export function ownConnection(id: number | string): Record<string, string | number> {
  return {
    "grpc.use_local_subchannel_pool": 1,
    "grpc.max_receive_message_length": 256 * 1024 * 1024,
    "grpc.max_send_message_length": 256 * 1024 * 1024,
    "bench.connection": String(id),
  };
}

export class RawClient {
  readonly client: Client;

  constructor(address: string, connectionId: number | string = "raw") {
    this.client = new Client(address, credentials.createInsecure(), ownConnection(connectionId));
  }

  unary(path: string, body: Buffer, timeoutMs = 60_000): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        path,
        identity,
        identity,
        body,
        { deadline: Date.now() + timeoutMs },
        (err: ServiceError | null, res?: Buffer) => (err ? reject(err) : resolve(res as Buffer)),
      );
    });
  }

  serverStream(path: string, body: Buffer): ClientReadableStream<Buffer> {
    return this.client.makeServerStreamRequest(path, identity, identity, body);
  }

  close(): void {
    this.client.close();
  }
}

/** A message in gRPC's length-prefixed framing (uncompressed), as h2load sends it. */
export function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.byteLength);
  frame.writeUInt32BE(message.byteLength, 1);
  frame.set(message, 5);
  return frame;
}

/** Uint8Array -> Buffer without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The oneof field number of a WatchRoutesResponse's event (3 snapshot_begin, 4 routes,
 * 5 end_of_snapshot, 6 reset, 7 progress), read from the raw bytes without decoding: fields 1 and 2
 * are varints (epoch, revision); the first other field is the event. 0 when none.
 */
export function watchEventField(frame: Uint8Array): number {
  let i = 0;
  while (i < frame.length) {
    const tag = frame[i++] as number; // field numbers < 16: one-byte tags
    const field = tag >> 3;
    if (field !== 1 && field !== 2) return field;
    while (i < frame.length && ((frame[i++] as number) & 0x80) !== 0) {}
  }
  return 0;
}
