#!/usr/bin/env bash
# The Python client package (npm run test:python): sdist + wheel, fresh venvs at the newest and the
# oldest supported grpcio/protobuf, pytest (vectors, interop, examples) and mypy --strict in each.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run -s test:python
