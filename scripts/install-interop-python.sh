#!/usr/bin/env bash
# Creates .tools/interop-venv (gitignored) with the grpcio and protobuf that the Python interop
# program (test/interop/python) runs on, pinned in scripts/tool-versions.sh (INTEROP_PYTHON_PINS).
# Guarded: returns at once when the venv already has those pins.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tool-versions.sh
source scripts/tool-versions.sh
venv=.tools/interop-venv
stamp="$venv/.pins"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$INTEROP_PYTHON_PINS" ]; then
  exit 0
fi
rm -rf "$venv"
python3 -m venv "$venv"
# shellcheck disable=SC2086
"$venv/bin/pip" install -q --disable-pip-version-check $INTEROP_PYTHON_PINS
echo "$INTEROP_PYTHON_PINS" >"$stamp"
echo "install-interop-python: $venv ($INTEROP_PYTHON_PINS)"
