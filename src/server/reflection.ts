import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import type { Server } from "@grpc/grpc-js";
import { ReflectionService } from "@grpc/reflection";

/**
 * Canonical descriptor sets written by `npm run gen` (buf build) and copied next to the build
 * output; relative to this file the path is the same in src/ and in dist/src/. namesrv.binpb is
 * our API; health.binpb is the standard grpc.health.v1 service.
 */
export const DESCRIPTOR_SETS = ["namesrv.binpb", "health.binpb"].map((f) =>
  fileURLToPath(new URL(`../../gen/descriptor/${f}`, import.meta.url)),
);

/**
 * Adds gRPC server reflection (v1 and v1alpha) so grpcurl and `buf curl` can list, describe and
 * call our services without local .proto files.
 *
 * Why not the stock path: @grpc/reflection fed from proto-loader serves file descriptors with empty
 * dependency lists, relative type names and merged well-known types, so describe/invoke fail in
 * reflection clients (grpc/grpc-node issues 2595 and 3034). We hand it buf's canonical
 * FileDescriptorProtos instead.
 */
export function addReflection(server: Server): void {
  const files = DESCRIPTOR_SETS.flatMap((path) =>
    fromBinary(FileDescriptorSetSchema, readFileSync(path)).file.map((f) =>
      Buffer.from(toBinary(FileDescriptorProtoSchema, f)),
    ),
  );
  // ReflectionService reads only `fileDescriptorProtos` from each entry of the package definition.
  const pkg = { descriptors: { fileDescriptorProtos: files } };
  new ReflectionService(pkg as unknown as ConstructorParameters<typeof ReflectionService>[0]).addToServer(
    server,
  );
}
