#!/usr/bin/env bash
# Regenerates the TLS fixtures of the security tests in test/fixtures/tls/ (committed, so that
# `npm test` needs no openssl). Test-only keys: never use them anywhere else.
#   ca.crt                          the test CA every server and client certificate below chains to
#   other-ca.crt                    an unrelated CA ("wrong CA" cases)
#   server.{crt,key}                CN=namesrv-server-1, SAN localhost, 127.0.0.1, ::1 (by ca)
#   server2.{crt,key}               CN=namesrv-server-2, same SANs (by ca): the rotation target
#   client-admin.{crt,key}          CN=ops-admin (by ca)
#   client-broker.{crt,key}         CN=broker-a (by ca)
#   other-client-admin.{crt,key}    CN=ops-admin, but by other-ca
# Usage: scripts/make-test-certs.sh   (valid for 100 years; P-256 keys)
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/test/fixtures/tls"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
days=36500

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

ca() { # name CN
  key "$tmp/$1.key"
  openssl req -x509 -new -key "$tmp/$1.key" -out "$out/$1.crt" -days "$days" -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}

leaf() { # name CN ca extensions
  key "$out/$1.key"
  openssl req -new -key "$out/$1.key" -out "$tmp/$1.csr" -subj "/CN=$2"
  printf '%s\n' "$4" >"$tmp/$1.ext"
  openssl x509 -req -in "$tmp/$1.csr" -CA "$out/$3.crt" -CAkey "$tmp/$3.key" -CAcreateserial \
    -CAserial "$tmp/$3.srl" -out "$out/$1.crt" -days "$days" -extfile "$tmp/$1.ext" 2>/dev/null
}

server_ext='subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
extendedKeyUsage=serverAuth'
client_ext='extendedKeyUsage=clientAuth'

ca ca "namesrv test CA"
ca other-ca "other test CA"
leaf server namesrv-server-1 ca "$server_ext"
leaf server2 namesrv-server-2 ca "$server_ext"
leaf client-admin ops-admin ca "$client_ext"
leaf client-broker broker-a ca "$client_ext"
leaf other-client-admin ops-admin other-ca "$client_ext"
echo "make-test-certs: wrote $(ls "$out" | wc -l) files to $out"
