"""RouteWatcher: a local copy of some topics' routes, kept fresh by a WatchRoutes stream."""

from __future__ import annotations

import random as _random
import threading
from dataclasses import dataclass
from typing import Callable, ClassVar, Iterator, List, Optional, Sequence, Union

import grpc

from namesrv_client.channel import connect
from namesrv_client.v1.route_pb2 import TopicRouteData
from namesrv_client.v1.route_service_pb2 import WatchRoutesRequest
from namesrv_client.v1.route_service_pb2_grpc import RouteServiceStub
from namesrv_client.watch_state import (
    Change,
    Position,
    Progress,
    ProtocolError,
    Reset,
    StateEvent,
    Synced,
    WatchState,
)


@dataclass(frozen=True)
class Disconnected:
    """The stream ended (`code`, `details`); the watcher reconnects after `delay_s`."""

    type: ClassVar[str] = "disconnected"
    target: str
    code: grpc.StatusCode
    details: str
    delay_s: float


WatchEvent = Union[Reset, Synced, Change, Progress, ProtocolError, Disconnected]


def backoff_delay(attempt: int, initial_s: float, max_s: float, rnd: Callable[[], float]) -> float:
    """Full jitter: uniform in [0, min(max_s, initial_s * 2**attempt)), attempt counting from 0.

    Spreads the reconnects of many clients after a NameServer restart instead of synchronising them.
    """
    return rnd() * min(max_s, initial_s * (1 << min(attempt, 30)))


class RouteWatcher:
    """Watches the routes of `topics` (None = every topic) on one of the NameServers `targets`.

    Iterate `events()` (in one thread) to run it: each yielded event has been applied, so `get` and
    `topics` read the view it describes. The view changes only at consistent points (the end of a
    snapshot, the last frame of a change set), so it never mixes two revisions.

    The last consistent (epoch, revision) is the resume point. When a stream ends for any reason,
    the watcher waits a full-jitter backoff (`initial_backoff_s` doubling up to `max_backoff_s`)
    and resumes there: the server continues with no gap, or sends RESET and a fresh snapshot that
    replaces the view (never a silent jump). After `failover_after` connects in a row that did not
    bring the view up to date, it moves to a random other target (a new epoch, so a RESET and a
    snapshot follow). It starts on a random target.

    `channel_factory` opens the channel to a target; default `connect(target)` (plaintext). Pass
    e.g. `functools.partial(connect, root_certificates=ca, token=token)` for TLS and a token.
    `close()` may be called from any thread; `events()` then returns.
    """

    def __init__(
        self,
        targets: Sequence[str],
        topics: Optional[Sequence[str]] = None,
        *,
        channel_factory: Callable[[str], grpc.Channel] = connect,
        initial_backoff_s: float = 0.1,
        max_backoff_s: float = 10.0,
        failover_after: int = 2,
        random: Callable[[], float] = _random.random,
    ) -> None:
        if not targets:
            raise ValueError("targets: at least one NameServer address is required")
        if topics is not None and not topics:
            raise ValueError("topics: give at least one topic, or None to watch every topic")
        self._targets = list(dict.fromkeys(targets))
        self._topics = None if topics is None else list(topics)
        self._channel_factory = channel_factory
        self._initial_backoff_s = initial_backoff_s
        self._max_backoff_s = max_backoff_s
        self._failover_after = max(1, failover_after)
        self._random = random
        self._state = WatchState()
        self._target = self._pick(exclude=None)
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._call: Optional[grpc.Call] = None
        self._channel: Optional[grpc.Channel] = None

    def get(self, topic: str) -> Optional[TopicRouteData]:
        """The route of `topic` in the view, or None (no such topic, or not watched)."""
        entry = self._state.get(topic)
        return None if entry is None else entry.route

    def topic_revision(self, topic: str) -> Optional[int]:
        """Revision of the last change of `topic`, or None like `get`."""
        entry = self._state.get(topic)
        return None if entry is None else entry.topic_revision

    def topics(self) -> List[str]:
        """Topics in the view, sorted."""
        return self._state.topics()

    @property
    def position(self) -> Optional[Position]:
        """The (epoch, revision) the view is consistent at, or None before the first snapshot."""
        return self._state.position

    @property
    def target(self) -> str:
        """The NameServer the watcher streams from (or reconnects to next)."""
        return self._target

    def events(self) -> Iterator[WatchEvent]:
        """Runs the watch, yielding every event until `close()` (or until the caller stops iterating)."""
        attempt = 0
        try:
            while not self._closed.is_set():
                code, details = grpc.StatusCode.OK, "stream ended"
                for item in self._stream():
                    if isinstance(item, tuple):
                        code, details = item
                        break
                    if isinstance(item, (Synced, Change, Progress)):
                        attempt = 0  # the view is up to date again
                    yield item
                if self._closed.is_set():
                    return
                delay = backoff_delay(attempt, self._initial_backoff_s, self._max_backoff_s, self._random)
                attempt += 1
                yield Disconnected(self._target, code, details, delay)
                if self._closed.wait(delay):
                    return
                if attempt >= self._failover_after and len(self._targets) > 1:
                    self._move(self._pick(exclude=self._target))
        finally:
            self._drop_call()
            self._close_channel()

    def close(self) -> None:
        """Stops watching: cancels the stream and any pending reconnect. Idempotent, thread-safe."""
        self._closed.set()
        self._drop_call()

    def __enter__(self) -> RouteWatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _stream(self) -> Iterator[Union[StateEvent, tuple[grpc.StatusCode, str]]]:
        """One stream: its applied events, then (code, details) of its end."""
        pos = self._state.position
        request = WatchRoutesRequest(
            topics=self._topics or [],
            all_topics=self._topics is None,
            resume_epoch=0 if pos is None else pos.epoch,
            resume_revision=0 if pos is None else pos.revision,
        )
        with self._lock:
            if self._closed.is_set():
                return
            if self._channel is None:
                self._channel = self._channel_factory(self._target)
            call = RouteServiceStub(self._channel).WatchRoutes(request)
            self._call = call
        self._state.start_stream()
        try:
            for frame in call:
                for event in self._state.apply(frame):
                    yield event
                    if isinstance(event, ProtocolError):
                        call.cancel()
                        yield (grpc.StatusCode.INTERNAL, event.message)
                        return
            yield (grpc.StatusCode.OK, "stream ended by the server")
        except grpc.RpcError as err:
            yield (err.code(), err.details() or "")
        finally:
            self._drop_call(call)

    def _pick(self, exclude: Optional[str]) -> str:
        """A uniformly random target other than `exclude`: clients of a dead NameServer spread out."""
        candidates = [t for t in self._targets if t != exclude] or self._targets
        return candidates[min(len(candidates) - 1, int(self._random() * len(candidates)))]

    def _move(self, target: str) -> None:
        self._close_channel()
        self._target = target

    def _drop_call(self, only: Optional[grpc.Call] = None) -> None:
        with self._lock:
            call = self._call
            if call is None or (only is not None and call is not only):
                return
            self._call = None
        call.cancel()

    def _close_channel(self) -> None:
        with self._lock:
            channel, self._channel = self._channel, None
        if channel is not None:
            channel.close()
