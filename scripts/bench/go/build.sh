#!/usr/bin/env bash
# Builds the bare Go gRPC baseline offline, in GOPATH mode, against Debian's grpc-go sources in
# /usr/share/gocode (scripts/bench/install-bench-deps.sh go). Only this folder is symlinked into
# .gopath, never the repository root (which contains .gopath: a cycle).
# Usage: scripts/bench/go/build.sh [OUTPUT]   (default .gopath/bin/namesrv-bench-bare)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
out=${1:-$repo/.gopath/bin/namesrv-bench-bare}
pkg=$repo/.gopath/src/namesrv-bench/bare
mkdir -p "$(dirname "$pkg")"
ln -sfn "$repo/scripts/bench/go" "$pkg"
export GO111MODULE=off GOPATH="$repo/.gopath:/usr/share/gocode" GOPROXY=off GOFLAGS=
go build -o "$out" namesrv-bench/bare
