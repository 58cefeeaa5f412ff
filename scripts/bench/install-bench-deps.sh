#!/usr/bin/env bash
# Installs the Debian packages the benchmarks use (idempotent; returns at once when all are present):
#   h2load  nghttp2-client: the HTTP/2 load generator that drives the lookup and registration scenarios
#   go      Debian Go and grpc-go (scripts/install-deps.sh go): the optional bare Go gRPC baseline
# Usage: scripts/bench/install-bench-deps.sh [h2load|go]...   (no argument = h2load only; Go is optional)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)

groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(h2load)

for g in "${groups[@]}"; do
  case "$g" in
    h2load)
      if command -v h2load >/dev/null; then continue; fi
      echo "install-bench-deps: installing nghttp2-client"
      sudo=()
      if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "install-bench-deps: not root and no sudo; install nghttp2-client" >&2; exit 1; }
        sudo=(sudo)
      fi
      export DEBIAN_FRONTEND=noninteractive
      "${sudo[@]}" apt-get update -qq
      "${sudo[@]}" apt-get install -y -qq --no-install-recommends nghttp2-client >/dev/null
      ;;
    go)
      "$repo/scripts/install-deps.sh" go
      ;;
    *)
      echo "install-bench-deps: unknown group '$g' (h2load, go)" >&2
      exit 2
      ;;
  esac
done
