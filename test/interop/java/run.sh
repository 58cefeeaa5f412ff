#!/usr/bin/env bash
# Runs the Java interop program (io.namesrv.interop.NamesrvInterop) compiled by scripts/check-java.sh,
# with grpc-java (Maven Central, scripts/check-java.sh) and its shaded Netty transport on the class path.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
[ -f "$repo/build/java/classpath" ] || { echo "run.sh: run scripts/check-java.sh first" >&2; exit 1; }
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
  -cp "$repo/build/java/classes:$(cat "$repo/build/java/classpath")" io.namesrv.interop.NamesrvInterop "$@"
