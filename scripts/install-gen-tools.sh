#!/usr/bin/env bash
# Installs the code generators that `npm run gen` (buf generate) runs, at the versions pinned in
# scripts/tool-versions.sh, into .tools/ (gitignored, project-local):
#   .tools/bin/protoc, protoc-gen-grpc-java    Maven Central (mvn dependency:copy)
#   .tools/bin/protoc-gen-go, protoc-gen-go-grpc  go install (Go module proxy)
#   .tools/grpc-venv, .tools/mypy-venv           grpcio-tools, mypy-protobuf (PyPI)
# Needs go, python3 (with venv) and mvn on PATH (the polyglot machine has them).
# Guarded: a stamp per tool and version makes a second run return at once.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tool-versions.sh
source scripts/tool-versions.sh
tools=$PWD/.tools
mkdir -p "$tools/bin" "$tools/stamps"

done_already() { [ -e "$tools/stamps/$1" ]; }
stamp() { touch "$tools/stamps/$1"; }

# One Maven artifact (a native executable) copied to .tools/bin/NAME.
maven_exe() {
  local name=$1 coords=$2 key=$3
  done_already "$key" && [ -x "$tools/bin/$name" ] && return 0
  local dir
  dir=$(mktemp -d)
  mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="$coords" -DoutputDirectory="$dir" -Dmdep.stripVersion=false >&2
  install -m 0755 "$dir"/*.exe "$tools/bin/$name"
  rm -rf "$dir"
  stamp "$key"
  echo "install-gen-tools: $name ($coords)"
}

go_tool() {
  local name=$1 pkg=$2 version=$3
  done_already "$name-$version" && [ -x "$tools/bin/$name" ] && return 0
  GOBIN="$tools/bin" GOFLAGS=-mod=mod go install "$pkg@$version"
  stamp "$name-$version"
  echo "install-gen-tools: $name $version"
}

maven_exe protoc "com.google.protobuf:protoc:$PROTOC_VERSION:exe:linux-x86_64" "protoc-$PROTOC_VERSION"
maven_exe protoc-gen-grpc-java "io.grpc:protoc-gen-grpc-java:$GRPC_JAVA_PLUGIN_VERSION:exe:linux-x86_64" \
  "protoc-gen-grpc-java-$GRPC_JAVA_PLUGIN_VERSION"
go_tool protoc-gen-go google.golang.org/protobuf/cmd/protoc-gen-go "$PROTOC_GEN_GO_VERSION"
go_tool protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc "$PROTOC_GEN_GO_GRPC_VERSION"

# A venv under .tools/NAME with exact pins; rebuilt when the pins change.
venv() {
  local name=$1
  shift
  local key
  key="$name-$(echo "$*" | tr ' =' '_-')"
  done_already "$key" && [ -x "$tools/$name/bin/python" ] && return 0
  rm -rf "${tools:?}/$name"
  python3 -m venv "$tools/$name"
  "$tools/$name/bin/pip" install -q --disable-pip-version-check "$@"
  stamp "$key"
  echo "install-gen-tools: $name ($*)"
}
# shellcheck disable=SC2086
venv grpc-venv "grpcio-tools==$GRPCIO_TOOLS_VERSION" $GRPC_VENV_PINS
# shellcheck disable=SC2086
venv mypy-venv "mypy-protobuf==$MYPY_PROTOBUF_VERSION" $MYPY_VENV_PINS
echo "install-gen-tools: all present in .tools/"
