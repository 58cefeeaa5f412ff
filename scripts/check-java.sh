#!/usr/bin/env bash
# Compiles the generated Java stubs (gen/java) and the example client (test/interop/java) against
# Debian's grpc-java 1.41 and protobuf-java 3.21 jars (scripts/install-deps.sh java). Compile only:
# Debian ships no usable gRPC transport for Java, so no Java call reaches a server here.
set -euo pipefail
cd "$(dirname "$0")/.."
jars=/usr/share/java
cp=""
for j in protobuf grpc-api grpc-context grpc-stub grpc-protobuf grpc-protobuf-lite guava error_prone_annotations geronimo-annotation-1.3-spec; do
  [ -f "$jars/$j.jar" ] || { echo "check-java: $jars/$j.jar missing; run scripts/install-deps.sh java" >&2; exit 1; }
  cp="$cp${cp:+:}$jars/$j.jar"
done
out=build/java
rm -rf "$out"
mkdir -p "$out"
mapfile -t sources < <(find gen/java test/interop/java -name '*.java' | sort)
javac -Xlint:all,-processing,-serial,-rawtypes,-unchecked,-deprecation -Werror -d "$out" -cp "$cp" "${sources[@]}"
classes=$(find "$out" -name '*.class' | wc -l)
echo "check-java: compiled ${#sources[@]} sources ($classes classes) against Debian's grpc-java and protobuf-java"
