import type { ChannelOptions } from "@grpc/grpc-js";

/**
 * Channel options of the SDK's clients. grpc-js paces reconnects itself (1 s growing to 120 s,
 * ±20 % jitter) and fails calls fast meanwhile, so after a long outage a NameServer that is back
 * would stay unreached for up to two minutes whatever the caller's backoff says. Capping its
 * backoff at `reconnectMs` hands the pacing to the SDK: a connection is attempted when the SDK's
 * full-jitter backoff retries (or a call is made), and not on grpc-js's schedule.
 */
export function sdkChannelOptions(reconnectMs: number): ChannelOptions {
  const ms = Math.max(1, Math.floor(reconnectMs));
  return { "grpc.initial_reconnect_backoff_ms": ms, "grpc.max_reconnect_backoff_ms": ms };
}
