#!/usr/bin/env bash
# Compiles the generated Java stubs (gen/java) and the Java interop program (test/interop/java)
# with javac against grpc-java and protobuf-java from Maven Central (the dependency list is
# test/interop/java/pom.xml; Maven caches the jars in ~/.m2), into build/java/classes, and writes
# build/java/classpath: the class path (with grpc-java's shaded Netty transport) that
# test/interop/java/run.sh uses.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/java
rm -rf "$out"
mkdir -p "$out/classes"
mvn -q -B -Dstyle.color=never -f test/interop/java/pom.xml dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$out/classpath" >&2
mapfile -t sources < <(find gen/java test/interop/java -name '*.java' | sort)
javac -Xlint:all,-processing,-serial,-rawtypes,-unchecked,-deprecation -Werror -d "$out/classes" \
  -cp "$(cat "$out/classpath")" "${sources[@]}"
classes=$(find "$out/classes" -name '*.class' | wc -l)
echo "check-java: compiled ${#sources[@]} sources ($classes classes) against Maven Central's grpc-java and protobuf-java"
