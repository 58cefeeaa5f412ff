#!/usr/bin/env bash
# Real Apache RocketMQ peers (npm run test:rocketmq): a 5.x broker, mqadmin and the Java and Go
# clients against this NameServer over RocketMQ's remoting protocol. Installs them first
# (scripts/rocketmq/install.sh: ~85 MB of jars from Maven Central, the Go client from the module
# proxy; a no-op when present: cold, about 1.7 min for Maven and 0.6 min for the Go build). The
# tests take about 2-4 minutes on 2 cores (JVM starts dominate).
#
# No retry: the one flake this leg had ("restart of this NameServer", 2 of 5 runs) was a race in
# the test (mqadmin created the topic before the restarted broker had registered), fixed; each
# step of that test is bounded and fails naming itself, with the broker's logs.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run -s test:rocketmq -- --reporter=default --reporter=json --outputFile.json="${CI_RESULTS:?}/60-rocketmq.json"
