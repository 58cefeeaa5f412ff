#!/usr/bin/env bash
# The Python client (clients/python, distribution namesrv-client): builds its sdist and wheel,
# installs the wheel into two fresh virtual environments, one with the newest and one with the
# oldest supported grpcio/protobuf (clients/python/constraints/), and in each runs pytest (shared
# watch vectors, interop against real `node dist/src/main.js` servers on 127.0.0.1:0, the
# examples) and mypy --strict on the examples and tests.
#
# Usage: scripts/test-python.sh   (npm run test:python). With CI_RESULTS set, writes
# "$CI_RESULTS/40-python.counts" ("passed failed skipped", summed over both environments).
# Needs python3 (>= 3.9) on PATH and PyPI; venvs and artifacts go to build/python/ (ignored by git).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
pkg=clients/python
out=build/python
PYTHON=${PYTHON:-python3}
mkdir -p "$out"

step() { printf '\n== python: %s\n' "$*"; }

if ! command -v "$PYTHON" >/dev/null || ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
  step "installing python3 with venv (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  apt() { flock /tmp/namesrv-apt.lock apt-get -o DPkg::Lock::Timeout=600 "$@"; }
  apt update -qq
  apt install -y -qq --no-install-recommends python3 python3-venv python3-pip >/dev/null
fi

step "server build (npm run build)"
npm run -s build

step "build tools"
tools="$out/tools"
stamp="$tools/.constraints"
if ! cmp -s "$pkg/constraints/tools.txt" "$stamp" 2>/dev/null; then
  rm -rf "$tools"
  "$PYTHON" -m venv "$tools"
  "$tools/bin/pip" install -q --disable-pip-version-check -r "$pkg/constraints/tools.txt"
  cp "$pkg/constraints/tools.txt" "$stamp"
fi

step "sdist and wheel (the wheel is built from the sdist, which must carry the stubs)"
rm -rf "$out/dist"
"$tools/bin/python" -m build -q --outdir "$out/dist" "$pkg"
wheel=$(ls "$out"/dist/namesrv_client-*.whl)
sdist=$(ls "$out"/dist/namesrv_client-*.tar.gz)
# The wheel holds py.typed, the .pyi stubs and no top-level `namesrv` package.
"$tools/bin/python" - "$wheel" "$sdist" <<'PY'
import sys, tarfile, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
for need in ("namesrv_client/py.typed", "namesrv_client/v1/route_service_pb2.pyi",
             "namesrv_client/v1/route_service_pb2_grpc.pyi", "namesrv_client/v1/route_service_pb2_grpc.py"):
    assert need in names, f"wheel lacks {need}"
assert not any(n.startswith("namesrv/") for n in names), "wheel installs a top-level namesrv package"
sdist = tarfile.open(sys.argv[2]).getnames()
assert any(n.endswith("src/namesrv_client/v1/route_pb2.py") for n in sdist), "sdist lacks the stubs"
print(f"wheel: {len(names)} files; sdist: {len(sdist)} files")
PY

# The "oldest" pins must be the package's declared floors, or the oldest run tests nothing real.
"$tools/bin/python" - "$pkg" <<'PY'
import re, sys, tomllib
from pathlib import Path
pkg = Path(sys.argv[1])
floors = {}
for dep in tomllib.loads((pkg / "pyproject.toml").read_text())["project"]["dependencies"]:
    m = re.match(r"([\w.-]+)\s*>=\s*([\w.]+)", dep)
    if m:
        floors[m[1]] = m[2]
pins = dict(l.split("==") for l in (pkg / "constraints/oldest.txt").read_text().split() if "==" in l)
assert floors == pins, f"pyproject.toml floors {floors} != constraints/oldest.txt {pins}"
PY

passed=0 failed=0 skipped=0
status=0
for flavor in newest oldest; do
  step "venv $flavor ($(grep -v '^#' "$pkg/constraints/$flavor.txt" | tr '\n' ' '))"
  venv="$out/venv-$flavor"
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "$wheel" \
    -c "$pkg/constraints/$flavor.txt" -r "$pkg/constraints/$flavor.txt" -r "$pkg/constraints/tools.txt"
  # pip must not have moved a pinned runtime (pip check: consistent dependencies).
  "$venv/bin/pip" check
  "$venv/bin/python" -c 'import grpc, google.protobuf as p; print("grpcio", grpc.__version__, "protobuf", p.__version__)'

  report="$out/junit-$flavor.xml"
  rm -f "$report"
  # Run from the tests folder: `namesrv_client` must come from the installed wheel, not src/.
  (cd "$pkg" && NAMESRV_REPO="$repo" NAMESRV_REQUIRE_INSTALLED=1 "$repo/$venv/bin/python" -m pytest -p no:cacheprovider -q \
    --junitxml "$repo/$report" -o junit_suite_name="python-$flavor" tests) || status=1
  if [ -f "$report" ]; then
    read -r p f s < <("$venv/bin/python" - "$report" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root)
t = sum(int(x.get("tests", 0)) for x in suites)
f = sum(int(x.get("failures", 0)) + int(x.get("errors", 0)) for x in suites)
s = sum(int(x.get("skipped", 0)) for x in suites)
print(t - f - s, f, s)
PY
)
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  else
    failed=$((failed + 1))
  fi

  step "mypy --strict (examples, tests) against the installed package, $flavor"
  (cd "$pkg" && "$repo/$venv/bin/mypy" --strict --no-incremental examples tests) || { status=1; failed=$((failed + 1)); }
done

if [ -n "${CI_RESULTS:-}" ]; then
  echo "$passed $failed $skipped" >"$CI_RESULTS/40-python.counts"
fi
echo "python: $passed passed, $failed failed, $skipped skipped"
exit "$status"
