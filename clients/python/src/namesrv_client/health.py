"""The standard gRPC health check (grpc.health.v1), typed.

The messages come from the grpcio-health-checking dependency (`grpc_health.v1.health_pb2`); its
`HealthStub` has no typed methods, so this module calls the method itself.
"""

from __future__ import annotations

from typing import Optional, Tuple

import grpc
from grpc_health.v1.health_pb2 import HealthCheckRequest, HealthCheckResponse

#: A NameServer reports "" (the whole server) and the names of its services.
SERVING = HealthCheckResponse.SERVING


def health_check(
    channel: grpc.Channel,
    service: str = "",
    *,
    timeout: float = 3.0,
    metadata: Optional[Tuple[Tuple[str, str], ...]] = None,
) -> HealthCheckResponse:
    """Calls grpc.health.v1.Health/Check for `service` ("" = the server); raises grpc.RpcError
    (NOT_FOUND for an unknown service name)."""
    check = channel.unary_unary(
        "/grpc.health.v1.Health/Check",
        request_serializer=HealthCheckRequest.SerializeToString,
        response_deserializer=HealthCheckResponse.FromString,
    )
    response: HealthCheckResponse = check(HealthCheckRequest(service=service), timeout=timeout, metadata=metadata)
    return response
