#!/usr/bin/env bash
# Builds the bare Go gRPC baseline, a package of the root Go module (go.mod), with the module's
# grpc-go from the Go module proxy (cached in GOMODCACHE after the first build).
# Usage: scripts/bench/go/build.sh [OUTPUT]   (default .tools/bin/namesrv-bench-bare)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
out=${1:-$repo/.tools/bin/namesrv-bench-bare}
cd "$repo"
go build -o "$out" ./scripts/bench/go
