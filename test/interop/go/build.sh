#!/usr/bin/env bash
# Builds the Go interop program offline, in GOPATH mode, against the generated stubs in gen/go and
# Debian's grpc-go/protobuf-go sources in /usr/share/gocode (scripts/install-deps.sh go).
# Usage: test/interop/go/build.sh [OUTPUT]   (default .gopath/bin/namesrv-interop)
#
# The stubs' import path is github.com/namesrv/namesrv/gen/go/namesrv/v1 (go_package), so
# .gopath/src/github.com/namesrv/namesrv/{gen,test/interop/go} are symlinks into this repository.
# Only those two folders are linked, never the repository root (which contains .gopath: a cycle).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
out=${1:-$repo/.gopath/bin/namesrv-interop}
module=$repo/.gopath/src/github.com/namesrv/namesrv
mkdir -p "$module/test/interop"
ln -sfn "$repo/gen" "$module/gen"
ln -sfn "$repo/test/interop/go" "$module/test/interop/go"
export GO111MODULE=off GOPATH="$repo/.gopath:/usr/share/gocode" GOPROXY=off GOFLAGS=
go build -o "$out" github.com/namesrv/namesrv/test/interop/go
