"""namesrv-client: the gRPC stubs of the namesrv NameServer and a route watcher.

- `namesrv_client.v1`: generated messages (`route_pb2`, `route_service_pb2`, ...) and stubs
  (`route_service_pb2_grpc.RouteServiceStub`, ...), with type stubs (.pyi).
- `connect(target, ...)`: a channel, plaintext or TLS, with an optional bearer token.
- `RouteWatcher`: a local copy of topics' routes kept fresh by WatchRoutes (snapshot, resume,
  reset, reconnect with full-jitter backoff, failover to a random other NameServer).
- `health_check(channel)`: the standard gRPC health check, typed (messages from the
  grpcio-health-checking dependency, `grpc_health.v1`).
"""

from namesrv_client.channel import connect
from namesrv_client.health import SERVING, health_check
from namesrv_client.route_watcher import Disconnected, RouteWatcher, WatchEvent, backoff_delay
from namesrv_client.watch_state import (
    Change,
    Position,
    Progress,
    ProtocolError,
    Reset,
    StateEvent,
    Synced,
    WatchedRoute,
    WatchState,
)

__all__ = [
    "Change",
    "Disconnected",
    "Position",
    "Progress",
    "SERVING",
    "ProtocolError",
    "Reset",
    "RouteWatcher",
    "StateEvent",
    "Synced",
    "WatchEvent",
    "WatchState",
    "WatchedRoute",
    "backoff_delay",
    "connect",
    "health_check",
]
