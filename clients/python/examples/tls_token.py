"""Lookup over TLS with a bearer token: python tls_token.py HOST:PORT ca.crt TOKEN TopicA"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from namesrv_client import Change, RouteWatcher, connect
from namesrv_client.v1.route_service_pb2 import GetRouteInfoByTopicRequest
from namesrv_client.v1.route_service_pb2_grpc import RouteServiceStub


def main(target: str, ca_file: str, token: str, topic: str) -> None:
    ca = Path(ca_file).read_bytes()
    with connect(target, root_certificates=ca, token=token) as channel:
        res = RouteServiceStub(channel).GetRouteInfoByTopic(GetRouteInfoByTopicRequest(topic=topic), timeout=3.0)
        print(f"lookup: {[q.broker_name for q in res.route.queue_datas]}")

    # A watcher opens its channels with the same settings.
    secure = functools.partial(connect, root_certificates=ca, token=token)
    with RouteWatcher([target], [topic], channel_factory=secure) as watcher:
        for event in watcher.events():
            if isinstance(event, Change):
                print(f"watch: {watcher.topics()} at revision {event.revision}")
                break


if __name__ == "__main__":
    main(*sys.argv[1:5])
