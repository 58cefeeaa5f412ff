#!/usr/bin/env bash
# Installs the real Apache RocketMQ peers that `npm run test:rocketmq` and `npm run bench:rocketmq`
# run against: the broker, mqadmin (rocketmq-tools), the Java client and RocketMQ's own NameServer,
# pinned in scripts/rocketmq/pom.xml, copied from Maven Central into .rocketmq/lib (gitignored);
# and the Go client test program (test/rocketmq/go) built with rocketmq-client-go from the Go
# module proxy into .rocketmq/bin. Idempotent: returns at once when everything is there.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dest="$root/.rocketmq"
pom="$root/scripts/rocketmq/pom.xml"
stamp="$dest/lib/.complete-$(sha256sum "$pom" | cut -c1-16)"

command -v java >/dev/null && command -v mvn >/dev/null || "$root/scripts/install-deps.sh" java
command -v mvn >/dev/null || {
  flock /tmp/namesrv-apt.lock apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends maven >/dev/null
}

if [ ! -f "$stamp" ]; then
  echo "rocketmq: fetching jars (scripts/rocketmq/pom.xml) into .rocketmq/lib"
  rm -rf "$dest/lib"
  mkdir -p "$dest/lib"
  mvn -q -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$dest/lib"
  touch "$stamp"
fi

# Java helper programs of the tests (producer/consumer), compiled against those jars.
jsrc="$root/test/rocketmq/java"
jout="$dest/classes"
if [ -d "$jsrc" ]; then
  jstamp="$jout/.stamp-$(cat "$jsrc"/*.java | sha256sum | cut -c1-16)"
  if [ ! -f "$jstamp" ]; then
    rm -rf "$jout"
    mkdir -p "$jout"
    javac -nowarn -d "$jout" -cp "$dest/lib/*" "$jsrc"/*.java
    touch "$jstamp"
  fi
fi

# Go client test program.
gsrc="$root/test/rocketmq/go"
if [ -d "$gsrc" ]; then
  gbin="$dest/bin/rocketmq-go-client"
  gstamp="$dest/bin/.stamp-$(cat "$gsrc"/go.mod "$gsrc"/*.go | sha256sum | cut -c1-16)"
  if [ ! -f "$gstamp" ]; then
    mkdir -p "$dest/bin"
    (cd "$gsrc" && GOFLAGS=-mod=mod go build -o "$gbin" .)
    touch "$gstamp"
  fi
fi
echo "rocketmq: ready in .rocketmq"
