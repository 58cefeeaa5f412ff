#!/usr/bin/env bash
# The Java client package (npm run test:java): mvn verify (jar, watch vectors, interop against real
# servers) with grpc-java and protobuf-java 4.x, and protobuf-java 3.25 where the stubs allow it.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run -s test:java
