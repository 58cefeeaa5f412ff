#!/usr/bin/env bash
# Go: go vet and go test of the Go module (watch vectors, interop against live servers) with the
# oldest and the newest supported grpc-go/protobuf-go (npm run test:go).
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${CI_RESULTS:?}"
npm run -s test:go
