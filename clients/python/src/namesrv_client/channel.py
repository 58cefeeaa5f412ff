"""Opening a channel to a NameServer: plaintext, or TLS, with an optional bearer token."""

from __future__ import annotations

from typing import Optional, Sequence, Tuple

import grpc

ChannelOptions = Sequence[Tuple[str, object]]


def connect(
    target: str,
    *,
    tls: bool = False,
    root_certificates: Optional[bytes] = None,
    certificate_chain: Optional[bytes] = None,
    private_key: Optional[bytes] = None,
    token: Optional[str] = None,
    options: ChannelOptions = (),
) -> grpc.Channel:
    """A channel to the NameServer at `target` ("host:port").

    tls: use TLS; implied by `root_certificates` (PEM of the CA that signed the server's certificate;
    None = the system's roots). `certificate_chain` and `private_key` (PEM) present a client
    certificate for mutual TLS.

    token: sent as "authorization: Bearer <token>" with every call. gRPC sends call credentials
    only over a secure channel, so without TLS a token is accepted only for a loopback target
    (local channel credentials); anything else raises ValueError rather than send it in clear.
    """
    use_tls = tls or root_certificates is not None or certificate_chain is not None
    if use_tls:
        creds = grpc.ssl_channel_credentials(root_certificates, private_key, certificate_chain)
    elif token is not None:
        if not _is_loopback(target):
            raise ValueError(f"a token without TLS is only sent to a loopback address, not {target!r}")
        creds = grpc.local_channel_credentials(grpc.LocalConnectionType.LOCAL_TCP)
    else:
        return grpc.insecure_channel(target, options=options)
    if token is not None:
        creds = grpc.composite_channel_credentials(creds, grpc.access_token_call_credentials(token))
    return grpc.secure_channel(target, creds, options=options)


def _is_loopback(target: str) -> bool:
    host = target.rsplit(":", 1)[0].strip("[]")
    return host == "localhost" or host == "::1" or host.startswith("127.")
