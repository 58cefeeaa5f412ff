#!/usr/bin/env bash
# Compiles the generated Java stubs (gen/java) and the Java programs of test/interop/java against
# Debian's grpc-java 1.41 and protobuf-java 3.21 jars (scripts/install-deps.sh java), into
# build/java/classes, and writes build/java/classpath: the runtime class path (with grpc-java's
# Netty transport) that test/interop/java/run.sh uses.
set -euo pipefail
cd "$(dirname "$0")/.."
jars=/usr/share/java
# What the sources compile against, then what grpc-java needs at run time (transport and its deps).
compile=(protobuf protobuf-util gson grpc-api grpc-context grpc-stub grpc-protobuf grpc-protobuf-lite guava
  error_prone_annotations geronimo-annotation-1.3-spec)
runtime=(grpc-core grpc-netty perfmark-api netty-common netty-buffer netty-transport netty-resolver netty-codec
  netty-codec-http netty-codec-http2 netty-codec-socks netty-handler netty-handler-proxy jctools-core opencensus-api)
path_of() {
  local cp="" j
  for j in "$@"; do
    [ -f "$jars/$j.jar" ] || { echo "check-java: $jars/$j.jar missing; run scripts/install-deps.sh java" >&2; exit 1; }
    cp="$cp${cp:+:}$jars/$j.jar"
  done
  echo "$cp"
}
compile_cp=$(path_of "${compile[@]}")
runtime_cp=$(path_of "${runtime[@]}")
out=build/java
rm -rf "$out"
mkdir -p "$out/classes"
mapfile -t sources < <(find gen/java test/interop/java -name '*.java' | sort)
javac -Xlint:all,-processing,-serial,-rawtypes,-unchecked,-deprecation -Werror -d "$out/classes" \
  -cp "$compile_cp" "${sources[@]}"
echo "$compile_cp:$runtime_cp" > "$out/classpath"
classes=$(find "$out/classes" -name '*.class' | wc -l)
echo "check-java: compiled ${#sources[@]} sources ($classes classes) against Debian's grpc-java and protobuf-java"
