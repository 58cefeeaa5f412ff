"""Every ```python snippet of docs/clients/python.md runs, as it is, against a real NameServer
(NAMESRV_ADDR), and passes mypy --strict."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

from namesrv_client import connect

from conftest import QUIET_BROKERS, REPO, TLS, Server, register_broker_a, start_secure_server, start_server

DOC = REPO / "docs" / "clients" / "python.md"
SNIPPETS = re.findall(r"^```python\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
TIMEOUT_S = 30


def write_snippets(tmp: Path) -> List[Path]:
    files = []
    for i, code in enumerate(SNIPPETS):
        f = tmp / f"snippet_{i}.py"
        f.write_text(code, encoding="utf-8")
        files.append(f)
    return files


def test_the_doc_has_snippets() -> None:
    assert len(SNIPPETS) >= 5


def test_snippets_pass_mypy_strict(tmp_path: Path) -> None:
    files = write_snippets(tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_snippets_run_against_a_server(tmp_path: Path, servers: List[Server], token_auth: Dict[str, str]) -> None:
    plain = start_server(*QUIET_BROKERS)
    secure = start_secure_server(token_auth["file"])
    servers.extend([plain, secure])
    with connect(plain.address) as ch:
        register_broker_a(ch)
    with connect(secure.address, root_certificates=(TLS / "ca.crt").read_bytes(), token=token_auth["broker"]) as ch:
        register_broker_a(ch)
    for f in write_snippets(tmp_path):
        code = f.read_text(encoding="utf-8")
        tls = "NAMESRV_CA_FILE" in code
        env = {
            **os.environ,
            "NAMESRV_ADDR": secure.address if tls else plain.address,
            "NAMESRV_CA_FILE": str(TLS / "ca.crt"),
            "NAMESRV_TOKEN": token_auth["client"],
        }
        out = subprocess.run(
            [sys.executable, str(f)], capture_output=True, text=True, timeout=TIMEOUT_S, env=env, stdin=subprocess.DEVNULL
        )
        assert out.returncode == 0, f"{code}\n---\n{out.stdout}{out.stderr}"
        assert out.stdout.strip(), f"snippet printed nothing:\n{code}"
        if "NoSuchTopic" in code:
            assert "NoSuchTopic -> NOT_FOUND" in out.stdout and "INVALID_ARGUMENT" in out.stdout
        elif "health_check" in code:
            assert out.stdout.split() == ["True", "True"]
        else:
            assert "broker-a" in out.stdout or "TopicA" in out.stdout, out.stdout
