#!/usr/bin/env bash
# Interop: Python, Go and Java clients on gen/, buf curl (npm run test:interop).
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run -s test:interop -- --reporter=default --reporter=json --outputFile.json="${CI_RESULTS:?}/20-interop.json"
