#!/usr/bin/env bash
# The main test suite (npm test): unit and integration tests against real servers on loopback.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm test -- --reporter=default --reporter=json --outputFile.json="${CI_RESULTS:?}/10-tests.json"
