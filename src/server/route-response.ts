import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { varintSize, writeVarint } from "./varint.js";

/** Wire tags of GetRouteInfoByTopicResponse fields (field number << 3 | wire type). */
const TAG = {
  route: (1 << 3) | 2,
  epoch: (2 << 3) | 0,
  revision: (3 << 3) | 0,
  topicRevision: (4 << 3) | 0,
} as const;

/**
 * GetRouteInfoByTopicResponse bytes around an encoded route (from the RouteBytesCache): only the
 * three version fields are written per call (the service definition's serializer for this method
 * passes Buffers through). Profiled under h2load: building and encoding the route objects on every
 * call cost about as much CPU as grpc-js's own work per call.
 */
export class RouteResponseWriter {
  /** The epoch field, the same in every response. */
  private readonly epochField: Uint8Array;

  constructor(epoch: bigint) {
    this.epochField = new BinaryWriter().uint32(TAG.epoch).uint64(epoch).finish();
  }

  response(route: Uint8Array, revision: number, topicRevision: number): Buffer {
    const out = Buffer.allocUnsafe(
      1 +
        varintSize(route.byteLength) +
        route.byteLength +
        this.epochField.byteLength +
        1 +
        varintSize(revision) +
        1 +
        varintSize(topicRevision),
    );
    out[0] = TAG.route;
    let pos = writeVarint(out, 1, route.byteLength);
    out.set(route, pos);
    pos += route.byteLength;
    out.set(this.epochField, pos);
    pos += this.epochField.byteLength;
    out[pos++] = TAG.revision;
    pos = writeVarint(out, pos, revision);
    out[pos++] = TAG.topicRevision;
    writeVarint(out, pos, topicRevision);
    return out;
  }
}
