#!/usr/bin/env bash
# Regenerates everything under gen/ from proto/ with local plugins only. Deterministic: CI runs it
# and fails when `git diff -- gen` is not empty.
#   gen/ts          TypeScript (ts-proto, grpc-js)          from node_modules
#   gen/python      Python messages, .pyi stubs, gRPC       from Debian (protoc, grpc_python_plugin)
#   gen/go          Go messages and gRPC                    from Debian (protoc-gen-go, protoc-gen-go-grpc)
#   gen/java        Java messages and gRPC                  from Debian (protoc, grpc_java_plugin)
#   gen/descriptor  descriptor sets served by reflection and usable as grpcurl protosets
# The Debian plugins come from `scripts/install-deps.sh gen`.
set -euo pipefail
cd "$(dirname "$0")/.."
buf=node_modules/.bin/buf

missing=()
for tool in /usr/bin/protoc /usr/bin/grpc_python_plugin /usr/bin/protoc-gen-go /usr/bin/protoc-gen-go-grpc \
  /usr/bin/grpc_java_plugin; do
  [ -x "$tool" ] || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "gen: missing ${missing[*]}; run scripts/install-deps.sh gen (Debian packages)" >&2
  exit 1
fi

"$buf" generate
mkdir -p gen/descriptor
# Canonical descriptors served by server reflection (and usable by grpcurl as a protoset).
"$buf" build --as-file-descriptor-set -o gen/descriptor/namesrv.binpb
# The standard health service's descriptor, so reflection clients can call it too.
"$buf" build node_modules/grpc-health-check/proto --as-file-descriptor-set -o gen/descriptor/health.binpb
