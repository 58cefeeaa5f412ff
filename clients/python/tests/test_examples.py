"""The programs in examples/ (also type-checked with mypy --strict) run against a real NameServer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Dict, List

from namesrv_client import connect

from conftest import QUIET_BROKERS, TLS, Server, register_broker_a, start_secure_server, start_server

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TIMEOUT_S = 30


def run(*args: str) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL
    )


def test_lookup_and_watch_examples(servers: List[Server]) -> None:
    s = start_server(*QUIET_BROKERS)
    servers.append(s)
    with connect(s.address) as ch:
        register_broker_a(ch, "TopicA")
    ok = run(str(EXAMPLES / "lookup.py"), s.address, "TopicA")
    assert ok.returncode == 0, ok.stderr
    assert "queues broker-a read=4 write=4 perm=6" in ok.stdout
    assert "broker broker-a master=127.0.0.1:10911" in ok.stdout
    missing = run(str(EXAMPLES / "lookup.py"), s.address, "NoSuchTopic")
    assert missing.returncode == 1 and missing.stderr.startswith("NOT_FOUND: ")
    watch = run(str(EXAMPLES / "watch.py"), s.address, "TopicA", "--changes", "1")
    assert watch.returncode == 0, watch.stderr
    assert watch.stdout.strip().endswith(": TopicA -> ['broker-a']")


def test_tls_token_example(servers: List[Server], token_auth: Dict[str, str]) -> None:
    s = start_secure_server(token_auth["file"])
    servers.append(s)
    ca = (TLS / "ca.crt").read_bytes()
    with connect(s.address, root_certificates=ca, token=token_auth["broker"]) as ch:
        register_broker_a(ch, "TopicA")
    out = run(str(EXAMPLES / "tls_token.py"), s.address, str(TLS / "ca.crt"), token_auth["client"], "TopicA")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["lookup: ['broker-a']", "watch: ['TopicA'] at revision 1"]
