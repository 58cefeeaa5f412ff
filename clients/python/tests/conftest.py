"""Shared fixtures: the repository root and real NameServer processes (node dist/src/main.js)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import grpc
import pytest

#: The repository: test/vectors, dist/src/main.js and the TLS fixtures are found from it.
REPO = Path(os.environ.get("NAMESRV_REPO", Path(__file__).resolve().parents[3]))
MAIN = REPO / "dist" / "src" / "main.js"
TLS = REPO / "test" / "fixtures" / "tls"
READY_TIMEOUT_S = 30.0


@dataclass
class Server:
    """A NameServer child process, bound to 127.0.0.1 on a port the OS chose."""

    proc: "subprocess.Popen[str]"
    address: str
    epoch: int
    logs: List[Dict[str, object]] = field(default_factory=list)

    def kill(self) -> None:
        """Kills the process (SIGKILL, by its PID) and waits for it; idempotent."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


def start_server(*args: str) -> Server:
    """Starts `node dist/src/main.js --listen 127.0.0.1:0 ARGS` and waits for its ready line."""
    if not MAIN.exists():
        raise RuntimeError(f"{MAIN} not found: run `npm run build` in {REPO}")
    data_dir = tempfile.mkdtemp(prefix="namesrv-py-test-")
    proc = subprocess.Popen(
        ["node", str(MAIN), "--listen", "127.0.0.1:0", "--http-listen", "off", "--data-dir", data_dir, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    ready: Dict[str, object] = {}
    logs: List[Dict[str, object]] = []
    got_ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                entry = json.loads(line)
            except ValueError:
                entry = {"raw": line}
            logs.append(entry)
            if entry.get("msg") == "namesrv ready" and not got_ready.is_set():
                ready.update(entry)
                got_ready.set()
        got_ready.set()  # exited: wake the waiter

    threading.Thread(target=read, daemon=True).start()
    if not got_ready.wait(READY_TIMEOUT_S) or not ready:
        proc.kill()
        proc.wait()
        raise RuntimeError(f"server did not become ready: {logs[-5:]}")
    return Server(proc, str(ready["address"]), int(str(ready["epoch"])), logs)


#: Server flags that keep registered brokers without heartbeats for longer than any test.
QUIET_BROKERS = ("--heartbeat-timeout-ms", "600000")


def start_secure_server(auth_file: str) -> Server:
    """A server with QUIET_BROKERS, TLS enforced (test/fixtures/tls) and `auth_file`'s principals."""
    return start_server(
        *QUIET_BROKERS,
        "--tls-mode",
        "enforcing",
        "--tls-cert-file",
        str(TLS / "server.crt"),
        "--tls-key-file",
        str(TLS / "server.key"),
        "--auth-file",
        auth_file,
    )


def register_broker_a(channel: "grpc.Channel", topic: str = "TopicA") -> None:
    """Registers broker-a (DefaultCluster, 127.0.0.1:10911) serving `topic` with 4+4 queues."""
    from namesrv_client.v1 import broker_service_pb2, broker_service_pb2_grpc, route_pb2

    broker_service_pb2_grpc.BrokerServiceStub(channel).RegisterBroker(
        broker_service_pb2.RegisterBrokerRequest(
            cluster_name="DefaultCluster",
            broker_name="broker-a",
            broker_id=0,
            broker_addr="127.0.0.1:10911",
            topic_configs=[route_pb2.TopicConfig(topic_name=topic, read_queue_nums=4, write_queue_nums=4, perm=6)],
        ),
        timeout=10,
    )


@pytest.fixture
def servers() -> Iterator[List[Server]]:
    """Servers started by a test with `servers.append(start_server(...))`, killed at its end."""
    started: List[Server] = []
    yield started
    for s in started:
        s.kill()


@pytest.fixture(scope="session")
def token_auth(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, str]:
    """An auth file with one client principal and one broker principal, and their tokens."""
    d = tmp_path_factory.mktemp("auth")
    tokens = {"client": "client-token-1234567890", "broker": "broker-token-1234567890"}
    principals = [
        {"name": "apps", "roles": ["client"], "tokenSha256": hashlib.sha256(tokens["client"].encode()).hexdigest()},
        {
            "name": "broker-a",
            "roles": ["broker"],
            "tokenSha256": hashlib.sha256(tokens["broker"].encode()).hexdigest(),
        },
    ]
    path = d / "auth.json"
    path.write_text(json.dumps({"principals": principals}), encoding="utf-8")
    return {"file": str(path), **tokens}


def pytest_report_header() -> Optional[str]:
    import google.protobuf
    import grpc

    import namesrv_client

    return (
        f"namesrv_client from {Path(namesrv_client.__file__).parent}; grpcio {grpc.__version__}; "
        f"protobuf {google.protobuf.__version__}; python {sys.version.split()[0]}"
    )
