import { status } from "@grpc/grpc-js";
import { RouteServiceClient } from "../../gen/ts/namesrv/v1/route_service.js";
import { sdkChannelOptions } from "./channel.js";
import { NameServerError } from "./errors.js";
import type { ChannelSecurity } from "./security.js";

/**
 * The unary RouteService clients of a RouteClient: one channel per NameServer, opened on first
 * use and kept for the next calls (failover usually comes back to the same few addresses).
 */
export class RouteChannels {
  private readonly clients = new Map<string, RouteServiceClient>();
  private closed = false;

  constructor(private readonly security: ChannelSecurity) {}

  /** The client of `address`. Throws CANCELLED after `close()`, so that a late failover opens no channel nobody closes. */
  get(address: string): RouteServiceClient {
    if (this.closed) throw new NameServerError(status.CANCELLED, "RouteClient is closed", address);
    let c = this.clients.get(address);
    if (c === undefined) {
      c = new RouteServiceClient(
        address,
        this.security.credentials,
        this.security.clientOptions(sdkChannelOptions(100)),
      );
      this.clients.set(address, c);
    }
    return c;
  }

  /** Closes every channel; calls in flight fail with CANCELLED. Idempotent. */
  close(): void {
    this.closed = true;
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
