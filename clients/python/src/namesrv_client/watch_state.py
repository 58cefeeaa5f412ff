"""The client side of the WatchRoutes protocol, with no transport.

A local view of the watched topics' routes, the frames of an unfinished snapshot or change set,
and the resume point. RouteWatcher feeds it the frames of its streams; the shared conformance
vectors (test/vectors/watch/) feed it recorded ones, exactly as they feed the TypeScript, Go and
Java watchers, so that all four apply the protocol alike.

States of one stream (`start_stream` enters the first):
- live: `routes` frames collect into a pending change set until one has more = false, then the
  whole set applies at once;
- snapshot (after SNAPSHOT_BEGIN): `routes` frames fill a staging view that END_OF_SNAPSHOT swaps in.
The view and `position` change only at consistent points, so a reader never sees half a revision,
and a stream that dies in the middle of a set loses only the unfinished part (the resume re-sends it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Dict, List, Optional, Tuple, Union

from namesrv_client.v1.route_pb2 import TopicRouteData
from namesrv_client.v1.route_service_pb2 import TopicRouteUpdate, WatchRoutesResponse


@dataclass(frozen=True)
class WatchedRoute:
    """One topic in the view: its route and the revision of its last change."""

    route: TopicRouteData
    topic_revision: int


@dataclass(frozen=True)
class Position:
    """A consistent point: the server's routes as of `revision` in `epoch`."""

    epoch: int
    revision: int


@dataclass(frozen=True)
class Reset:
    """The server did not honour the resume point; a fresh snapshot follows."""

    type: ClassVar[str] = "reset"
    reason: str


@dataclass(frozen=True)
class Synced:
    """A snapshot completed: the view is the server's as of `revision` (a Change follows)."""

    type: ClassVar[str] = "synced"
    epoch: int
    revision: int


@dataclass(frozen=True)
class Change:
    """A consistent change was applied (a snapshot, or a complete change set)."""

    type: ClassVar[str] = "change"
    epoch: int
    revision: int
    #: Topics whose route is new or changed, in frame order.
    updated: Tuple[str, ...]
    #: Topics that are gone, in frame order.
    removed: Tuple[str, ...]


@dataclass(frozen=True)
class Progress:
    """A progress mark moved the resume point; nothing changed."""

    type: ClassVar[str] = "progress"
    epoch: int
    revision: int


@dataclass(frozen=True)
class ProtocolError:
    """The server broke the protocol; the stream is dropped and resumed (the view is untouched)."""

    type: ClassVar[str] = "protocolError"
    message: str


StateEvent = Union[Reset, Synced, Change, Progress, ProtocolError]


class WatchState:
    """The view and resume point of a route watch; see the module doc."""

    def __init__(self) -> None:
        self._view: Dict[str, WatchedRoute] = {}
        self._staging: Optional[Dict[str, WatchedRoute]] = None
        self._pending: List[TopicRouteUpdate] = []
        self._checkpoint: Optional[Position] = None
        self._last_frame: Optional[Position] = None

    def get(self, topic: str) -> Optional[WatchedRoute]:
        """The route of `topic` in the view, or None."""
        return self._view.get(topic)

    def topics(self) -> List[str]:
        """Topics in the view, sorted."""
        return sorted(self._view)

    @property
    def position(self) -> Optional[Position]:
        """The resume point: the last consistent (epoch, revision), or None before the first snapshot."""
        return self._checkpoint

    def start_stream(self) -> None:
        """A new stream starts: drops an unfinished snapshot or change set; the view stays."""
        self._staging = None
        self._pending = []
        self._last_frame = None

    def apply(self, frame: WatchRoutesResponse) -> List[StateEvent]:
        """Applies one frame of the current stream; returns what happened, in order."""
        last = self._last_frame
        if last is not None and last.epoch == frame.epoch and frame.revision < last.revision:
            return [ProtocolError(f"revision went back from {last.revision} to {frame.revision}")]
        self._last_frame = Position(frame.epoch, frame.revision)
        kind = frame.WhichOneof("event")
        if kind == "reset":
            return [Reset(frame.reset.reason)]
        if kind == "snapshot_begin":
            self._staging = {}
            return []
        if kind == "routes":
            if self._staging is not None:
                for u in frame.routes.updates:
                    _apply_update(self._staging, u)
                return []
            self._pending.extend(frame.routes.updates)
            return [] if frame.routes.more else [self._apply_pending(frame)]
        if kind == "end_of_snapshot":
            if self._staging is None:
                return [ProtocolError("END_OF_SNAPSHOT without SNAPSHOT_BEGIN")]
            events = self._replace_view(self._staging, frame)
            self._staging = None
            return events
        # A progress mark inside a snapshot or a change set is not a consistent point: ignore it.
        if kind == "progress" and self._staging is None and not self._pending:
            self._checkpoint = Position(frame.epoch, frame.revision)
            return [Progress(frame.epoch, frame.revision)]
        return []

    def _apply_pending(self, frame: WatchRoutesResponse) -> Change:
        updated: List[str] = []
        removed: List[str] = []
        for u in self._pending:
            _apply_update(self._view, u)
            (removed if u.removed else updated).append(u.topic)
        self._pending = []
        self._checkpoint = Position(frame.epoch, frame.revision)
        return Change(frame.epoch, frame.revision, tuple(updated), tuple(removed))

    def _replace_view(self, nxt: Dict[str, WatchedRoute], frame: WatchRoutesResponse) -> List[StateEvent]:
        # In another epoch topic revisions are not comparable: every topic counts as updated.
        same_epoch = self._checkpoint is not None and self._checkpoint.epoch == frame.epoch
        updated = [
            topic
            for topic, entry in nxt.items()
            if not same_epoch or _revision_of(self._view.get(topic)) != entry.topic_revision
        ]
        removed = [topic for topic in self._view if topic not in nxt]
        self._view = nxt
        self._checkpoint = Position(frame.epoch, frame.revision)
        return [
            Synced(frame.epoch, frame.revision),
            Change(frame.epoch, frame.revision, tuple(updated), tuple(removed)),
        ]


def _revision_of(entry: Optional[WatchedRoute]) -> Optional[int]:
    return None if entry is None else entry.topic_revision


def _apply_update(view: Dict[str, WatchedRoute], u: TopicRouteUpdate) -> None:
    if u.removed or not u.HasField("route"):
        view.pop(u.topic, None)
    else:
        route = TopicRouteData()
        route.CopyFrom(u.route)
        view[u.topic] = WatchedRoute(route, u.topic_revision)
