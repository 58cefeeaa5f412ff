#!/usr/bin/env bash
# The dashboard in Debian's Chromium, driven by playwright-core (npm run test:browser). Installs
# chromium through scripts/install-deps.sh; screenshots land in test-results/browser/.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run -s test:browser -- --reporter=default --reporter=json --outputFile.json="${CI_RESULTS:?}/30-browser.json"
