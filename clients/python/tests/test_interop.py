"""The installed namesrv-client against a real NameServer (node dist/src/main.js on 127.0.0.1:0):
lookups and their errors, health, TLS with a bearer token, and the RouteWatcher through broker
changes, a server restart (RESET) and a failover to another NameServer."""

from __future__ import annotations

import functools
import queue
import threading
from typing import Callable, Iterator, List, Optional

import grpc
import pytest
from grpc_health.v1 import health_pb2

from namesrv_client import Change, Disconnected, Reset, RouteWatcher, WatchEvent, connect, health_check
from namesrv_client.v1 import broker_service_pb2, broker_service_pb2_grpc, route_pb2, route_service_pb2
from namesrv_client.v1.route_service_pb2_grpc import RouteServiceStub

from conftest import QUIET_BROKERS, TLS, Server, start_secure_server, start_server

RPC_TIMEOUT_S = 10.0
EVENT_TIMEOUT_S = 20.0


def register(channel: grpc.Channel, broker: str, addr: str, *topics: str, token: Optional[str] = None) -> None:
    """Registers broker `broker` (master, cluster DefaultCluster) serving `topics` (4 queues, RW)."""
    stub = broker_service_pb2_grpc.BrokerServiceStub(channel)
    stub.RegisterBroker(
        broker_service_pb2.RegisterBrokerRequest(
            cluster_name="DefaultCluster",
            broker_name=broker,
            broker_id=0,
            broker_addr=addr,
            topic_configs=[
                route_pb2.TopicConfig(topic_name=t, read_queue_nums=4, write_queue_nums=4, perm=6) for t in topics
            ],
            data_version=route_pb2.DataVersion(state_version=1, timestamp=1000, counter=1),
        ),
        timeout=RPC_TIMEOUT_S,
    )


def unregister(channel: grpc.Channel, broker: str, addr: str) -> None:
    broker_service_pb2_grpc.BrokerServiceStub(channel).UnregisterBroker(
        broker_service_pb2.UnregisterBrokerRequest(
            cluster_name="DefaultCluster", broker_name=broker, broker_id=0, broker_addr=addr
        ),
        timeout=RPC_TIMEOUT_S,
    )


class Events:
    """Runs a RouteWatcher's events() in a thread and hands its events to the test."""

    def __init__(self, watcher: RouteWatcher) -> None:
        self.watcher = watcher
        self.queue: "queue.Queue[WatchEvent]" = queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for e in self.watcher.events():
            self.queue.put(e)

    def until(self, what: str, ok: Callable[[WatchEvent], bool]) -> List[WatchEvent]:
        """Events up to and including the first for which `ok` holds (fails after EVENT_TIMEOUT_S)."""
        seen: List[WatchEvent] = []
        while True:
            try:
                e = self.queue.get(timeout=EVENT_TIMEOUT_S)
            except queue.Empty:
                raise AssertionError(f"no event for {what}; saw {seen}") from None
            seen.append(e)
            if ok(e):
                return seen

    def close(self) -> None:
        self.watcher.close()
        self.thread.join(timeout=10)
        assert not self.thread.is_alive(), "events() did not return after close()"


@pytest.fixture
def server(servers: List[Server]) -> Server:
    s = start_server(*QUIET_BROKERS)
    servers.append(s)
    return s


@pytest.fixture
def channel(server: Server) -> Iterator[grpc.Channel]:
    with connect(server.address) as ch:
        yield ch


def test_lookup_returns_the_route_with_epoch_and_revision(server: Server, channel: grpc.Channel) -> None:
    register(channel, "broker-a", "127.0.0.1:10911", "TopicA")
    res = RouteServiceStub(channel).GetRouteInfoByTopic(
        route_service_pb2.GetRouteInfoByTopicRequest(topic="TopicA"), timeout=RPC_TIMEOUT_S
    )
    assert res.epoch == server.epoch
    assert res.revision >= 1 and res.topic_revision <= res.revision
    assert [(q.broker_name, q.read_queue_nums, q.perm) for q in res.route.queue_datas] == [("broker-a", 4, 6)]
    assert [(b.broker_name, dict(b.broker_addrs)) for b in res.route.broker_datas] == [
        ("broker-a", {0: "127.0.0.1:10911"})
    ]


def test_errors_are_status_codes_that_name_the_problem(channel: grpc.Channel) -> None:
    stub = RouteServiceStub(channel)
    with pytest.raises(grpc.RpcError) as missing:
        stub.GetRouteInfoByTopic(route_service_pb2.GetRouteInfoByTopicRequest(topic="NoSuchTopic"), timeout=RPC_TIMEOUT_S)
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as bad:
        stub.GetRouteInfoByTopic(route_service_pb2.GetRouteInfoByTopicRequest(topic="no spaces"), timeout=RPC_TIMEOUT_S)
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "topic" in (bad.value.details() or "")


def test_health_check_serves(channel: grpc.Channel) -> None:
    assert health_check(channel).status == health_pb2.HealthCheckResponse.SERVING
    assert health_check(channel, "namesrv.v1.RouteService").status == health_pb2.HealthCheckResponse.SERVING
    with pytest.raises(grpc.RpcError) as err:
        health_check(channel, "no.such.Service")
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def test_tls_with_a_bearer_token(servers: List[Server], token_auth: dict[str, str]) -> None:
    s = start_secure_server(token_auth["file"])
    servers.append(s)
    ca = (TLS / "ca.crt").read_bytes()
    with connect(s.address, root_certificates=ca, token=token_auth["broker"]) as broker:
        register(broker, "broker-a", "127.0.0.1:10911", "TopicA")
    with connect(s.address, root_certificates=ca, token=token_auth["client"]) as ch:
        res = RouteServiceStub(ch).GetRouteInfoByTopic(
            route_service_pb2.GetRouteInfoByTopicRequest(topic="TopicA"), timeout=RPC_TIMEOUT_S
        )
        assert res.route.queue_datas[0].broker_name == "broker-a"
        # The watcher takes the same channel settings.
        w = Events(RouteWatcher([s.address], ["TopicA"], channel_factory=functools.partial(connect, root_certificates=ca, token=token_auth["client"])))
        try:
            w.until("snapshot", lambda e: isinstance(e, Change))
            assert w.watcher.topics() == ["TopicA"]
        finally:
            w.close()
    with connect(s.address, root_certificates=ca) as anonymous:
        with pytest.raises(grpc.RpcError) as err:
            RouteServiceStub(anonymous).GetRouteInfoByTopic(
                route_service_pb2.GetRouteInfoByTopicRequest(topic="TopicA"), timeout=RPC_TIMEOUT_S
            )
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    with connect(s.address, token=None) as plaintext:
        with pytest.raises(grpc.RpcError) as err:
            RouteServiceStub(plaintext).GetRouteInfoByTopic(
                route_service_pb2.GetRouteInfoByTopicRequest(topic="TopicA"), timeout=RPC_TIMEOUT_S
            )
        assert err.value.code() in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.UNAVAILABLE)


def test_watcher_applies_snapshot_and_change_sets(server: Server, channel: grpc.Channel) -> None:
    register(channel, "broker-a", "127.0.0.1:10911", "TopicA", "TopicB")
    w = Events(RouteWatcher([server.address], ["TopicA", "TopicB", "TopicC"]))
    try:
        snap = w.until("snapshot", lambda e: isinstance(e, Change))[-1]
        assert isinstance(snap, Change) and snap.epoch == server.epoch
        assert sorted(snap.updated) == ["TopicA", "TopicB"] and snap.removed == ()
        assert w.watcher.topics() == ["TopicA", "TopicB"]

        # One registration touching three topics arrives as one change set, at one revision.
        register(channel, "broker-b", "127.0.0.1:10921", "TopicA", "TopicB", "TopicC")
        change = w.until("broker-b", lambda e: isinstance(e, Change))[-1]
        assert isinstance(change, Change) and sorted(change.updated) == ["TopicA", "TopicB", "TopicC"]
        assert w.watcher.position is not None and w.watcher.position.revision == change.revision
        route = w.watcher.get("TopicC")
        assert route is not None and [q.broker_name for q in route.queue_datas] == ["broker-b"]

        # broker-b leaves: TopicC is removed, TopicA and TopicB lose its queues, in one set.
        unregister(channel, "broker-b", "127.0.0.1:10921")
        change = w.until("unregister", lambda e: isinstance(e, Change))[-1]
        assert isinstance(change, Change)
        assert change.removed == ("TopicC",) and sorted(change.updated) == ["TopicA", "TopicB"]
        assert w.watcher.get("TopicC") is None
        route = w.watcher.get("TopicA")
        assert route is not None and [q.broker_name for q in route.queue_datas] == ["broker-a"]
    finally:
        w.close()


def test_watcher_resets_after_a_restart_and_fails_over(servers: List[Server]) -> None:
    a = start_server(*QUIET_BROKERS)
    b = start_server(*QUIET_BROKERS)
    servers.extend([a, b])
    for s in (a, b):
        with connect(s.address) as ch:
            register(ch, "broker-a", "127.0.0.1:10911", "TopicA")
    # random() = 0.0 picks the first target and makes every backoff 0; failover after 2 failures.
    w = Events(RouteWatcher([a.address, b.address], ["TopicA"], random=lambda: 0.0, failover_after=2))
    try:
        first = w.until("snapshot on a", lambda e: isinstance(e, Change))[-1]
        assert isinstance(first, Change) and first.epoch == a.epoch and w.watcher.target == a.address

        a.kill()
        seen = w.until("snapshot on b", lambda e: isinstance(e, Change))
        assert any(isinstance(e, Disconnected) and e.code == grpc.StatusCode.UNAVAILABLE for e in seen)
        # b has another epoch: it does not honour a's resume point; RESET, then a fresh snapshot.
        resets = [e for e in seen if isinstance(e, Reset)]
        assert resets and "epoch" in resets[0].reason
        last = seen[-1]
        assert isinstance(last, Change) and last.epoch == b.epoch and last.updated == ("TopicA",)
        assert w.watcher.target == b.address and w.watcher.get("TopicA") is not None
    finally:
        w.close()
