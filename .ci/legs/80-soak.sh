#!/usr/bin/env bash
# The soak run, 2-minute form. Scaled down from the full run's 1,000 brokers and 10,000 watchers
# to 250 and 2,500 so that 2 shared cores carry it next to the load generators (the full load is
# `npm run soak -- --duration 10m`). Fails on RSS/fd growth after warm-up, failed streams or p99
# drift. `npm run soak:ci` alone. Counts: one passed or failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
status=0
npm run -s soak -- --duration 2m --brokers 250 --watchers 2500 --lookup-rate 100 --churn-every 15s --warm-up 40s || status=$?
if [ "$status" -eq 0 ]; then echo "1 0 0"; else echo "0 1 0"; fi > "${CI_RESULTS:?}/80-soak.counts"
exit "$status"
