#!/usr/bin/env bash
# Regenerates everything under gen/ from proto/ with local plugins only. Deterministic: CI runs it
# and fails when `git diff -- gen` is not empty.
#   gen/ts          TypeScript (ts-proto, grpc-js)          from node_modules
#   gen/python      Python messages, gRPC stubs, .pyi      protoc 25.9, grpcio-tools, mypy-protobuf
#   gen/go          Go messages and gRPC                    protoc-gen-go, protoc-gen-go-grpc
#   gen/java        Java messages and gRPC                  protoc 25.9, protoc-gen-grpc-java
#   gen/descriptor  descriptor sets served by reflection and usable as grpcurl protosets
# All but ts-proto are installed into .tools/ by scripts/install-gen-tools.sh (versions pinned in
# scripts/tool-versions.sh); this runs it first (it returns at once when they are present).
set -euo pipefail
cd "$(dirname "$0")/.."
buf=node_modules/.bin/buf

scripts/install-gen-tools.sh >/dev/null
"$buf" generate
mkdir -p gen/descriptor
# Canonical descriptors served by server reflection (and usable by grpcurl as a protoset).
"$buf" build --as-file-descriptor-set -o gen/descriptor/namesrv.binpb
# The standard health service's descriptor, so reflection clients can call it too.
"$buf" build node_modules/grpc-health-check/proto --as-file-descriptor-set -o gen/descriptor/health.binpb
