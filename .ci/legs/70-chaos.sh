#!/usr/bin/env bash
# The fault harness, short form: a fixed set of seeds, each a 20 s fault schedule (kill -9, pause,
# graceful stop and restart of NameServers and brokers; latency, blackhole, half-open and reset on
# every client connection; KV puts, drains and topic deletes) with its history checked. About 2-3
# minutes on 2 cores. `npm run chaos:ci` alone. Counts: one passed (or failed) per seed. The
# history file of each seed is kept in $CI_RESULTS/chaos-histories (`npm run chaos -- --replay`).
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS="${CHAOS_SEEDS:-11,23,37,41}"
log=$(mktemp)
status=0
npm run -s chaos -- --seeds "$SEEDS" --duration 20s --history-dir "${CI_RESULTS:?}/chaos-histories" \
  | tee "$log" || status=$?
passed=$(grep -c '^seed [0-9]*: OK' "$log" || true)
failed=$(grep -c '^seed [0-9]*: [0-9]* VIOLATION' "$log" || true)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed $failed 0" > "${CI_RESULTS:?}/70-chaos.counts"
rm -f "$log"
exit "$status"
