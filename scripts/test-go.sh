#!/usr/bin/env bash
# The Go module (go.mod at the root: gen/go stubs, clients/go): go vet, then go test (the shared
# watch vectors, and interop against real `node dist/src/main.js` servers on 127.0.0.1:0) twice:
# with the oldest supported grpc-go/protobuf-go (go.mod's requirements) and with the newest
# (clients/go/versions/newest.mod, via -modfile). Also builds the Go interop program and the bench
# baseline, which are packages of the same module.
#
# Usage: scripts/test-go.sh   (npm run test:go). With CI_RESULTS set, writes
# "$CI_RESULTS/30-go.counts" ("passed failed skipped", over both variants).
# Needs Go >= 1.22 on PATH (newest.mod may ask for a newer toolchain) and the Go module proxy;
# modules and builds are cached in Go's default GOMODCACHE and GOCACHE.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

step() { printf '\n== go: %s\n' "$*"; }

step "server build (npm run build)"
npm run -s build

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
for variant in oldest newest; do
  modfile=()
  [ "$variant" = newest ] && modfile=(-modfile=clients/go/versions/newest.mod)
  step "$variant: $(go list "${modfile[@]}" -m -f '{{.Path}} {{.Version}}' google.golang.org/grpc google.golang.org/protobuf | tr '\n' ' ')"
  go vet "${modfile[@]}" ./...
  out=$(mktemp)
  rc=0
  go test "${modfile[@]}" -count=1 -v ./... >"$out" 2>&1 || rc=$?
  cat "$out" >>"$log"
  if [ "$rc" -ne 0 ]; then
    cat "$out" # the whole output of a failing run
    status=1
  else
    grep -E '^(ok|FAIL|---)' "$out" || true
  fi
  rm -f "$out"
done

passed=$(grep -cE '^\s*--- PASS' "$log" || true)
failed=$(grep -cE '^\s*--- FAIL' "$log" || true)
skipped=$(grep -cE '^\s*--- SKIP' "$log" || true)
echo "go: $passed passed, $failed failed, $skipped skipped (both variants, subtests included)"
if [ -n "${CI_RESULTS:-}" ]; then echo "$passed $failed $skipped" >"$CI_RESULTS/30-go.counts"; fi
exit "$status"
