#!/usr/bin/env bash
# The Java client (clients/java, io.namesrv:namesrv-client): `mvn verify` builds the jar from
# gen/java and src/main/java, runs the shared watch vectors (JUnit 5, surefire) and the interop
# tests against real `node dist/src/main.js` servers on 127.0.0.1:0 (failsafe), twice: with the
# oldest supported grpc-java and protobuf-java (1.70.0 and 3.25.5, -P protobuf-3.25,grpc-oldest)
# and with the newest (grpc-java 1.85.1, protobuf-java 4.36.2). See docs/clients/versions.md.
#
# Usage: scripts/test-java.sh   (npm run test:java). With CI_RESULTS set, writes
# "$CI_RESULTS/50-java.counts" ("passed failed skipped", summed over the Surefire and Failsafe
# reports of every run). Needs a JDK >= 17 and Maven (installed from Debian when missing) and
# Maven Central; the default ~/.m2 cache keeps later runs offline-fast.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

step() { printf '\n== java: %s\n' "$*"; }

if ! command -v mvn >/dev/null || ! command -v javac >/dev/null; then
  step "installing a JDK and Maven (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  apt() { flock /tmp/namesrv-apt.lock apt-get -o DPkg::Lock::Timeout=600 "$@"; }
  apt update -qq
  apt install -y -qq --no-install-recommends default-jdk-headless maven >/dev/null
fi

step "server build (npm run build)"
npm run -s build

# Maven's own JVM, sized for a 2-core machine shared with other jobs; test JVMs: pom.xml.
export MAVEN_OPTS="${MAVEN_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m -XX:ActiveProcessorCount=2}"

passed=0 failed=0 skipped=0
status=0
count() { # sums the JUnit XML reports of one run
  local p f s
  read -r p f s < <(node -e '
    const fs = require("fs"), path = require("path");
    let t = 0, f = 0, s = 0;
    for (const dir of process.argv.slice(1)) {
      if (!fs.existsSync(dir)) continue;
      for (const n of fs.readdirSync(dir)) {
        if (!/^TEST-.*\.xml$/.test(n)) continue;
        const head = fs.readFileSync(path.join(dir, n), "utf8").match(/<testsuite\b[^>]*>/)?.[0] ?? "";
        const a = (k) => Number(head.match(new RegExp(`\\b${k}="(\\d+)"`))?.[1] ?? 0);
        t += a("tests"); f += a("failures") + a("errors"); s += a("skipped");
      }
    }
    console.log(t - f - s, f, s);
  ' clients/java/target/surefire-reports clients/java/target/failsafe-reports)
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  echo "java $1: $p passed, $f failed, $s skipped"
}

run() { # label, maven args...
  local label=$1
  shift
  step "mvn verify ($label)"
  if ! (cd clients/java && mvn -B -q -Dstyle.color=never clean verify "$@"); then
    status=1
  fi
  count "$label"
  # A build that failed before any test ran still counts as a failure.
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
}

# The oldest supported runtimes first, so that target/ ends with the jar of the default build.
# protobuf-java 3.25 runs only protoc <= 25 output: protoc 26+ output calls RuntimeVersion (4.x).
if grep -rqs "RuntimeVersion.validateProtobufGencodeVersion" gen/java; then
  step "oldest: skipped (gen/java is protoc 26+ output, which needs protobuf-java 4.x)"
  run "oldest: grpc-java 1.70.0" -P grpc-oldest
else
  run "oldest: grpc-java 1.70.0, protobuf-java 3.25.5" -P protobuf-3.25,grpc-oldest
fi
run "newest: grpc-java 1.85.1, protobuf-java 4.36.2"

if [ -n "${CI_RESULTS:-}" ]; then
  echo "$passed $failed $skipped" >"$CI_RESULTS/50-java.counts"
fi
echo "java: $passed passed, $failed failed, $skipped skipped"
exit "$status"
