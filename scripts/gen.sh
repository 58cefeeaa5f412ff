#!/usr/bin/env bash
# Regenerates everything under gen/ from proto/ with local plugins only. Deterministic: CI runs it
# and fails when `git diff -- gen` is not empty.
set -euo pipefail
cd "$(dirname "$0")/.."
buf=node_modules/.bin/buf
"$buf" generate
mkdir -p gen/descriptor
# Canonical descriptors served by server reflection (and usable by grpcurl as a protoset).
"$buf" build --as-file-descriptor-set -o gen/descriptor/namesrv.binpb
# The standard health service's descriptor, so reflection clients can call it too.
"$buf" build node_modules/grpc-health-check/proto --as-file-descriptor-set -o gen/descriptor/health.binpb
