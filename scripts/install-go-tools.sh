#!/usr/bin/env bash
# Installs grpcurl (generic gRPC client; test/interop/grpcurl.test.ts) and ghz (gRPC load generator;
# npm run bench:lookup) by `go install` at the versions pinned in scripts/tool-versions.sh, into
# .tools/bin (gitignored). Needs Go on PATH and the Go module proxy.
# Usage: scripts/install-go-tools.sh [grpcurl|ghz]...   (no argument = both)
# Guarded: a stamp per tool and version makes a second run return at once.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tool-versions.sh
source scripts/tool-versions.sh
tools=$PWD/.tools
mkdir -p "$tools/bin" "$tools/stamps"

install_one() {
  local name=$1 pkg=$2 version=$3
  [ -e "$tools/stamps/$name-$version" ] && [ -x "$tools/bin/$name" ] && return 0
  GOBIN="$tools/bin" GOFLAGS=-mod=mod go install "$pkg@$version"
  touch "$tools/stamps/$name-$version"
  echo "install-go-tools: $name $version"
}

wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(grpcurl ghz)
for t in "${wanted[@]}"; do
  case "$t" in
    grpcurl) install_one grpcurl github.com/fullstorydev/grpcurl/cmd/grpcurl "$GRPCURL_VERSION" ;;
    ghz) install_one ghz github.com/bojand/ghz/cmd/ghz "$GHZ_VERSION" ;;
    *) echo "install-go-tools: unknown tool '$t' (grpcurl, ghz)" >&2; exit 2 ;;
  esac
done
