"""The shared WatchRoutes conformance vectors (test/vectors/README.md) run against WatchState,
the frame applier that RouteWatcher uses: the same files the TypeScript, Go and Java watchers run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
from google.protobuf import json_format

from namesrv_client import Change, Progress, ProtocolError, Reset, StateEvent, WatchState
from namesrv_client.v1.route_pb2 import TopicRouteData
from namesrv_client.v1.route_service_pb2 import WatchRoutesResponse

from conftest import REPO

VECTORS = REPO / "test" / "vectors" / "watch"
CASES = sorted(VECTORS.glob("*.json"))


def test_finds_the_vectors() -> None:
    assert len(CASES) >= 13, f"vectors not found under {VECTORS}"


def as_json(e: StateEvent) -> Optional[Dict[str, Any]]:
    """An event in the vectors' form (None for kinds the vectors do not compare, e.g. Synced)."""
    if isinstance(e, Change):
        return {
            "type": "change",
            "epoch": str(e.epoch),
            "revision": str(e.revision),
            "updated": sorted(e.updated),
            "removed": sorted(e.removed),
        }
    if isinstance(e, Progress):
        return {"type": "progress", "epoch": str(e.epoch), "revision": str(e.revision)}
    if isinstance(e, Reset):
        return {"type": "reset", "reason": e.reason}
    if isinstance(e, ProtocolError):
        return {"type": "protocolError"}
    return None


def check_state(state: WatchState, want: Dict[str, Any], where: str) -> None:
    pos = state.position
    got_pos = None if pos is None else {"epoch": str(pos.epoch), "revision": str(pos.revision)}
    assert got_pos == want["position"], f"{where}: position"
    view = want.get("view")
    if view is None:
        return
    assert state.topics() == sorted(view), f"{where}: topics"
    for topic, w in view.items():
        got = state.get(topic)
        assert got is not None
        assert str(got.topic_revision) == w["topicRevision"], f"{where}: {topic} topicRevision"
        assert got.route == json_format.ParseDict(w["route"], TopicRouteData()), f"{where}: {topic} route"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_vector(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    state = WatchState()
    connected = False
    for i, step in enumerate(case["steps"]):
        where = f"{case['name']} step {i} ({step['op']})"
        if step["op"] == "connect":
            assert not connected, f"{where}: connect while a stream is open"
            pos = state.position
            sent = {"epoch": str(pos.epoch if pos else 0), "revision": str(pos.revision if pos else 0)}
            assert sent == step["resume"], f"{where}: resume point sent"
            state.start_stream()
            connected = True
            continue
        assert connected, f"{where}: no open stream"
        if step["op"] == "end":
            connected = False
        else:
            events = state.apply(json_format.ParseDict(step["frame"], WatchRoutesResponse()))
            got: List[Dict[str, Any]] = [j for j in map(as_json, events) if j is not None]
            assert got == step["expect"]["events"], f"{where}: events"
            if any(isinstance(e, ProtocolError) for e in events):
                connected = False
        check_state(state, step["expect"], where)


def test_runs_the_installed_package() -> None:
    """scripts/test-python.sh sets NAMESRV_REQUIRE_INSTALLED: the wheel is under test, not src/."""
    import os

    import namesrv_client

    if os.environ.get("NAMESRV_REQUIRE_INSTALLED"):
        assert "site-packages" in namesrv_client.__file__, namesrv_client.__file__
