#!/usr/bin/env bash
# Installs the Debian packages that the interop tests still take from Debian (the polyglot machine
# usually has them already; then this returns at once):
#   java    a JDK and Maven: scripts/check-java.sh compiles gen/java and test/interop/java against
#           grpc-java and protobuf-java from Maven Central
#   browser Debian's Chromium, driven headless by playwright-core in the dashboard tests
#           (npm run test:browser); Playwright's own browser download does not work here
# Everything else comes from the language registries, at versions pinned in the project:
# generators (scripts/install-gen-tools.sh), the Python interop venv
# (scripts/install-interop-python.sh), Go modules (go.mod), Java jars (Maven).
# Usage: scripts/install-deps.sh [java|browser]...   (no argument = java)
# Idempotent: when every package is already installed it returns at once, without apt.
set -euo pipefail

declare -A GROUP=(
  [java]="default-jdk-headless maven"
  [browser]="chromium fonts-liberation"
)

groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(java)

wanted=()
for g in "${groups[@]}"; do
  [ -n "${GROUP[$g]:-}" ] || { echo "install-deps: unknown group '$g' (java, browser)" >&2; exit 2; }
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
