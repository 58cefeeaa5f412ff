#!/usr/bin/env bash
# Installs the Debian packages the benchmarks use (idempotent; returns at once when all are present):
#   h2load  nghttp2-client: the HTTP/2 load generator that drives the lookup and registration scenarios
# (The bare Go gRPC baseline needs only Go on PATH: it is built in the root Go module, with grpc-go
# from the module proxy; scripts/bench/go/build.sh.)
# Usage: scripts/bench/install-bench-deps.sh [h2load]...   (no argument = h2load)
set -euo pipefail

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
    *)
      echo "install-bench-deps: unknown group '$g' (h2load)" >&2
      exit 2
      ;;
  esac
done
