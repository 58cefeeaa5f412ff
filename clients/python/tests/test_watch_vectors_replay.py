"""The shared WatchRoutes vectors run through RouteWatcher itself: a real gRPC server on
127.0.0.1:0 replays each case's frames and stream ends, and the test checks the resume point of
every connect, the events, the position and the view (test/vectors/README.md, replaying runner)."""

from __future__ import annotations

import json
import queue
import threading
from concurrent import futures
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import grpc
import pytest
from google.protobuf import json_format

from namesrv_client import RouteWatcher, WatchEvent
from namesrv_client.v1 import route_service_pb2_grpc
from namesrv_client.v1.route_service_pb2 import WatchRoutesRequest, WatchRoutesResponse

from test_watch_vectors import CASES, as_json, check_state

WAIT_S = 10.0
CODES = {c.value[0]: c for c in grpc.StatusCode}
# What the test tells the stream being replayed: send a frame, or end with (code, message).
Command = Tuple[str, Any]


class Replayer(route_service_pb2_grpc.RouteServiceServicer):
    """Each WatchRoutes call hands its request and its own command queue to the test, then does
    what the test says until it ends or the client cancels."""

    def __init__(self) -> None:
        self.connects: "queue.Queue[Tuple[WatchRoutesRequest, queue.Queue[Command]]]" = queue.Queue()

    def WatchRoutes(self, request: WatchRoutesRequest, context: grpc.ServicerContext) -> Iterator[WatchRoutesResponse]:
        commands: "queue.Queue[Command]" = queue.Queue()
        self.connects.put((request, commands))
        while context.is_active():
            try:
                kind, arg = commands.get(timeout=0.05)
            except queue.Empty:
                continue
            if kind == "frame":
                yield arg
            else:
                code, message = arg
                if code != grpc.StatusCode.OK:
                    context.abort(code, message)
                return

    # Not part of the replay.
    def GetRouteInfoByTopic(self, request: Any, context: grpc.ServicerContext) -> Any:
        context.abort(grpc.StatusCode.UNIMPLEMENTED, "replayer")

    def GetClusterInfo(self, request: Any, context: grpc.ServicerContext) -> Any:
        context.abort(grpc.StatusCode.UNIMPLEMENTED, "replayer")

    def ListTopics(self, request: Any, context: grpc.ServicerContext) -> Any:
        context.abort(grpc.StatusCode.UNIMPLEMENTED, "replayer")


@pytest.fixture
def replayer() -> Iterator[Tuple[Replayer, str]]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    r = Replayer()
    route_service_pb2_grpc.add_RouteServiceServicer_to_server(r, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield r, f"127.0.0.1:{port}"
    server.stop(grace=None)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_vector_through_the_watcher(path: Path, replayer: Tuple[Replayer, str]) -> None:
    r, address = replayer
    case = json.loads(path.read_text(encoding="utf-8"))
    watch = case.get("watch", {})
    topics: Optional[List[str]] = None if watch.get("allTopics") else list(watch["topics"])
    # random() = 0: every backoff is 0, so a reconnect follows at once.
    watcher = RouteWatcher([address], topics, random=lambda: 0.0)
    events: "queue.Queue[WatchEvent]" = queue.Queue()

    def run() -> None:
        for e in watcher.events():
            events.put(e)

    consumer = threading.Thread(target=run, daemon=True)
    consumer.start()
    stream: Optional["queue.Queue[Command]"] = None
    try:
        for i, step in enumerate(case["steps"]):
            where = f"{case['name']} step {i} ({step['op']})"
            if step["op"] == "connect":
                request, stream = r.connects.get(timeout=WAIT_S)
                sent = {"epoch": str(request.resume_epoch), "revision": str(request.resume_revision)}
                assert sent == step["resume"], f"{where}: resume point sent"
                assert request.all_topics == (topics is None) and list(request.topics) == (topics or [])
                continue
            assert stream is not None, f"{where}: no open stream"
            want: Dict[str, Any] = step["expect"]
            if step["op"] == "end":
                stream.put(("end", (CODES[step["status"]["code"]], step["status"]["message"])))
                stream = None
            else:
                stream.put(("frame", json_format.ParseDict(step["frame"], WatchRoutesResponse())))
                got: List[Dict[str, Any]] = []
                while len(got) < len(want["events"]):
                    try:
                        e = events.get(timeout=WAIT_S)
                    except queue.Empty:
                        raise AssertionError(f"{where}: events so far {got}, want {want['events']}") from None
                    j = as_json(e)  # type: ignore[arg-type]  # Disconnected is not a StateEvent: None
                    if j is not None:
                        got.append(j)
                assert got == want["events"], f"{where}: events"
                if any(e["type"] == "protocolError" for e in want["events"]):
                    stream = None  # the watcher cancelled it; a connect follows
            check_state(watcher._state, want, where)  # the watcher's own view and position
    finally:
        watcher.close()
        consumer.join(timeout=WAIT_S)
    assert not consumer.is_alive(), "events() did not return after close()"
