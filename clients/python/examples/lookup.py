"""Looks up one topic's route: python lookup.py 127.0.0.1:9876 TopicA"""

from __future__ import annotations

import sys

import grpc

from namesrv_client import connect
from namesrv_client.v1.route_service_pb2 import GetRouteInfoByTopicRequest
from namesrv_client.v1.route_service_pb2_grpc import RouteServiceStub


def main(target: str, topic: str) -> int:
    with connect(target) as channel:
        stub = RouteServiceStub(channel)
        try:
            res = stub.GetRouteInfoByTopic(GetRouteInfoByTopicRequest(topic=topic), timeout=3.0)
        except grpc.RpcError as err:
            # NOT_FOUND: no live broker serves the topic; INVALID_ARGUMENT: a bad name;
            # UNAVAILABLE: unreachable or warming up (ask another NameServer).
            print(f"{err.code().name}: {err.details()}", file=sys.stderr)
            return 1
    print(f"epoch={res.epoch} revision={res.revision}")
    for q in res.route.queue_datas:
        print(f"queues {q.broker_name} read={q.read_queue_nums} write={q.write_queue_nums} perm={q.perm}")
    for b in res.route.broker_datas:
        print(f"broker {b.broker_name} master={b.broker_addrs.get(0, '-')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
