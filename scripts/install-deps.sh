#!/usr/bin/env bash
# Installs the Debian packages that code generation and the polyglot interop tests use:
#   gen     protoc and the Python/Go/Java gRPC plugins that `npm run gen` (buf generate) runs
#   python  Debian's grpcio and protobuf for /usr/bin/python3 (test/interop/python)
#   go      Go 1.19 with grpc-go and protobuf-go, built offline in GOPATH mode (test/interop/go)
#   java    a JDK and Debian's grpc-java/protobuf-java jars (scripts/check-java.sh)
#   browser Debian's Chromium, driven headless by playwright-core in the dashboard tests
#           (npm run test:browser); Playwright's own browser download does not work here
# Usage: scripts/install-deps.sh [gen|python|go|java|browser]...   (no argument = gen python go java)
# Idempotent: when every package is already installed it returns at once, without apt.
set -euo pipefail

declare -A GROUP=(
  [gen]="protobuf-compiler protobuf-compiler-grpc protoc-gen-go protoc-gen-go-grpc protobuf-compiler-grpc-java-plugin"
  [python]="python3-grpcio python3-protobuf"
  [go]="golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev"
  [browser]="chromium fonts-liberation"
  [java]="default-jdk-headless libgrpc-java libprotobuf-java libguava-java libgeronimo-annotation-1.3-spec-java liberror-prone-java libnetty-java libperfmark-java libgoogle-gson-java"
)

groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(gen python go java)

wanted=()
for g in "${groups[@]}"; do
  [ -n "${GROUP[$g]:-}" ] || { echo "install-deps: unknown group '$g' (gen, python, go, java, browser)" >&2; exit 2; }
  # shellcheck disable=SC2206
  wanted+=(${GROUP[$g]})
done

missing=()
for p in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then missing+=("$p"); fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all present (${groups[*]})"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# One apt at a time on this machine: several scripts (and sessions' helpers) may install at once.
apt() { "${sudo[@]}" flock /tmp/namesrv-apt.lock apt-get -o DPkg::Lock::Timeout=600 "$@"; }
apt update -qq
apt install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
