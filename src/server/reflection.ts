import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import type { Server } from "@grpc/grpc-js";
import { ReflectionService } from "@grpc/reflection";
import { service as healthService } from "grpc-health-check";

/**
 * The canonical descriptor set of our protos, written by `npm run gen` (buf build) and copied next
 * to the build output. Relative to this file it is the same path in src/ and in dist/src/.
 */
export const DESCRIPTOR_SET_PATH = fileURLToPath(new URL("../../gen/descriptor/namesrv.binpb", import.meta.url));

/**
 * Adds gRPC server reflection (v1 and v1alpha) so grpcurl and `buf curl` can list, describe and
 * call our services without local .proto files.
 *
 * Why not the stock path: @grpc/reflection fed from proto-loader serves file descriptors with empty
 * dependency lists and merged well-known types, so describe/invoke fail in reflection clients
 * (grpc/grpc-node issues 2595 and 3034). We hand it buf's canonical FileDescriptorProtos instead,
 * plus the health service's descriptor so `grpc.health.v1.Health` is reflectable too.
 */
export function addReflection(server: Server): void {
  const set = fromBinary(FileDescriptorSetSchema, readFileSync(DESCRIPTOR_SET_PATH));
  const files = set.file.map((f) => Buffer.from(toBinary(FileDescriptorProtoSchema, f)));
  const healthFiles = healthService.Check?.requestType.fileDescriptorProtos ?? [];
  // ReflectionService only reads `fileDescriptorProtos` from each entry of the package definition.
  const pkg = { namesrv: { fileDescriptorProtos: files }, health: { fileDescriptorProtos: healthFiles } };
  new ReflectionService(pkg as unknown as ConstructorParameters<typeof ReflectionService>[0]).addToServer(server);
}
