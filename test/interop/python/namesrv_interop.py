"""A namesrv broker, route client and route watcher in Python, on the generated stubs in gen/python.

Run with Debian's interpreter, which has Debian's grpcio and protobuf (scripts/install-deps.sh):

    /usr/bin/python3 test/interop/python/namesrv_interop.py broker --target 127.0.0.1:9876 \
        --cluster DefaultCluster --name broker-a --addr 127.0.0.1:10911 --topic TopicA:4:4:6
    /usr/bin/python3 test/interop/python/namesrv_interop.py route --target 127.0.0.1:9876 --topic TopicA
    /usr/bin/python3 test/interop/python/namesrv_interop.py watch --target 127.0.0.1:9876 --topic TopicA
    /usr/bin/python3 test/interop/python/namesrv_interop.py invalid --target 127.0.0.1:9876

Every observation is one JSON line on stdout ({"event": ...}); messages are printed in the canonical
protobuf JSON mapping (camelCase names, 64-bit integers as strings, enums by name), the same as the
Go program prints, so test/interop/interop.test.ts checks both with one set of assertions.

`broker` registers, then keeps a Heartbeat stream open (one heartbeat at once, then one every
heartbeat_interval_ms). It reads commands on stdin: "unregister" unregisters the broker, half-closes
the stream and exits 0. EOF on stdin exits too (so it never outlives the test that started it);
SIGKILL is a crash: the server sees the stream break. `watch` prints every WatchRoutes frame until
the stream ends or stdin closes.
"""

import argparse
import json
import os
import queue
import sys
import threading

sys.dont_write_bytecode = True  # keep __pycache__ out of gen/python
# The generated modules import each other as `namesrv.v1.<name>_pb2`: gen/python is the import root.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "gen", "python"))

import grpc  # noqa: E402
from google.protobuf import json_format  # noqa: E402

from namesrv.v1 import broker_service_pb2 as broker_pb  # noqa: E402
from namesrv.v1 import broker_service_pb2_grpc as broker_grpc  # noqa: E402
from namesrv.v1 import route_pb2  # noqa: E402
from namesrv.v1 import route_service_pb2 as route_service_pb  # noqa: E402
from namesrv.v1 import route_service_pb2_grpc as route_grpc  # noqa: E402

RPC_TIMEOUT_S = 10

_out_lock = threading.Lock()


def emit(event, **fields):
    """Prints one observation as a JSON line (thread-safe, flushed at once)."""
    with _out_lock:
        sys.stdout.write(json.dumps({"event": event, **fields}) + "\n")
        sys.stdout.flush()


def to_json(message):
    return json_format.MessageToDict(message)


def rpc_error(err):
    """The status of a failed call, as {"code": "INVALID_ARGUMENT", "details": "..."}."""
    return {"code": err.code().name, "details": err.details() or ""}


def exit_on_stdin_eof():
    """Ends the process when stdin closes, so a crashed test never leaves it running."""

    def wait():
        for _ in sys.stdin:
            pass
        os._exit(0)

    threading.Thread(target=wait, daemon=True).start()


def parse_topic(spec):
    """"name:read:write:perm" (the numbers default to 4, 4 and 6 = READ|WRITE)."""
    parts = spec.split(":")
    nums = [int(p) for p in parts[1:]] + [4, 4, 6][len(parts) - 1 :]
    return route_pb2.TopicConfig(
        topic_name=parts[0], read_queue_nums=nums[0], write_queue_nums=nums[1], perm=nums[2]
    )


def run_broker(args, channel):
    stub = broker_grpc.BrokerServiceStub(channel)
    identity = dict(
        cluster_name=args.cluster, broker_name=args.name, broker_id=args.id, broker_addr=args.addr
    )
    version = route_pb2.DataVersion(state_version=1, timestamp=1000, counter=1)
    reg = stub.RegisterBroker(
        broker_pb.RegisterBrokerRequest(
            **identity,
            topic_configs=[parse_topic(t) for t in args.topic],
            data_version=version,
        ),
        timeout=RPC_TIMEOUT_S,
    )
    emit("registered", response=to_json(reg))

    outbox = queue.Queue()
    stop = threading.Event()

    def requests():
        while True:
            item = outbox.get()
            if item is None:
                return  # half-close
            yield item

    def tick():
        interval_s = max(reg.heartbeat_interval_ms, 100) / 1000
        while True:
            outbox.put(broker_pb.HeartbeatRequest(**identity, data_version=version))
            if stop.wait(interval_s):
                return

    stream = stub.Heartbeat(requests())
    ended = threading.Event()

    def read():
        try:
            for res in stream:
                emit("heartbeat", response=to_json(res))
            emit("stream_end", code="OK")
        except grpc.RpcError as err:
            emit("stream_end", **rpc_error(err))
        finally:
            ended.set()

    threading.Thread(target=read, daemon=True).start()
    threading.Thread(target=tick, daemon=True).start()

    for line in sys.stdin:
        if line.strip() == "unregister":
            res = stub.UnregisterBroker(broker_pb.UnregisterBrokerRequest(**identity), timeout=RPC_TIMEOUT_S)
            emit("unregistered", response=to_json(res))
            break
    # Orderly end (or stdin closed): stop beating and half-close the stream.
    stop.set()
    outbox.put(None)
    ended.wait(RPC_TIMEOUT_S)


def run_route(args, channel):
    stub = route_grpc.RouteServiceStub(channel)
    try:
        res = stub.GetRouteInfoByTopic(
            route_service_pb.GetRouteInfoByTopicRequest(topic=args.topic), timeout=RPC_TIMEOUT_S
        )
        emit("route", response=to_json(res))
    except grpc.RpcError as err:
        emit("error", **rpc_error(err))


def run_watch(args, channel):
    exit_on_stdin_eof()
    stub = route_grpc.RouteServiceStub(channel)
    try:
        for frame in stub.WatchRoutes(route_service_pb.WatchRoutesRequest(topics=args.topic)):
            emit("frame", frame=to_json(frame))
        emit("end", code="OK")
    except grpc.RpcError as err:
        emit("end", **rpc_error(err))


def run_invalid(args, channel):
    """Sends requests that break documented rules and prints the status of each."""
    brokers = broker_grpc.BrokerServiceStub(channel)
    routes = route_grpc.RouteServiceStub(channel)

    def case(name, call):
        try:
            call()
            emit("result", case=name, code="OK", details="")
        except grpc.RpcError as err:
            emit("result", case=name, **rpc_error(err))

    case(
        "register_perm",
        lambda: brokers.RegisterBroker(
            broker_pb.RegisterBrokerRequest(
                cluster_name="DefaultCluster",
                broker_name="broker-bad",
                broker_id=0,
                broker_addr="127.0.0.1:10999",
                topic_configs=[route_pb2.TopicConfig(topic_name="TopicBad", read_queue_nums=4, perm=9)],
            ),
            timeout=RPC_TIMEOUT_S,
        ),
    )
    case(
        "route_topic",
        lambda: routes.GetRouteInfoByTopic(
            route_service_pb.GetRouteInfoByTopicRequest(topic="no spaces allowed"), timeout=RPC_TIMEOUT_S
        ),
    )

    def bad_heartbeat():
        bad = broker_pb.HeartbeatRequest(
            cluster_name="DefaultCluster", broker_name="broker-bad", broker_id=0, broker_addr="no-port"
        )
        for _ in brokers.Heartbeat(iter([bad]), timeout=RPC_TIMEOUT_S):
            pass

    case("heartbeat_addr", bad_heartbeat)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    broker = sub.add_parser("broker", help="register and keep a heartbeat stream")
    broker.add_argument("--cluster", default="DefaultCluster")
    broker.add_argument("--name", required=True)
    broker.add_argument("--id", type=int, default=0)
    broker.add_argument("--addr", required=True)
    broker.add_argument("--topic", action="append", default=[], help="name[:read:write:perm]")
    route = sub.add_parser("route", help="read one topic's route")
    route.add_argument("--topic", required=True)
    watch = sub.add_parser("watch", help="print every WatchRoutes frame")
    watch.add_argument("--topic", action="append", required=True)
    sub.add_parser("invalid", help="send bad requests, print each status")
    for p in (broker, route, watch, sub.choices["invalid"]):
        p.add_argument("--target", required=True, help="host:port of a NameServer")
    args = parser.parse_args()

    with grpc.insecure_channel(args.target) as channel:
        {"broker": run_broker, "route": run_route, "watch": run_watch, "invalid": run_invalid}[args.command](
            args, channel
        )


if __name__ == "__main__":
    main()
