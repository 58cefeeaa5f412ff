import type { RegistrationResult, Registry } from "../registry/registry.js";

/** Why a broker left the table (label `reason` of namesrv_broker_removals_total). */
export type RemovalReason = "unregister" | "stream_loss" | "timeout" | "admin";

export const REMOVAL_REASONS: readonly RemovalReason[] = ["unregister", "stream_loss", "timeout", "admin"];
export const REGISTRATION_RESULTS: readonly RegistrationResult[] = ["changed", "unchanged", "refused"];

/**
 * Broker liveness counters, fed by the registry's events. `admin` stays 0: no admin operation
 * removes a broker today (drains keep it); the series exists so that dashboards need no change
 * when one does.
 */
export class LivenessStats {
  heartbeats = 0;
  readonly registrations = new Map<RegistrationResult, number>(REGISTRATION_RESULTS.map((r) => [r, 0]));
  readonly removals = new Map<RemovalReason, number>(REMOVAL_REASONS.map((r) => [r, 0]));
  private readonly detach: () => void;

  constructor(registry: Registry) {
    const events = registry.events;
    const onHeartbeat = () => {
      this.heartbeats++;
    };
    const onRegistration = (result: RegistrationResult) => {
      this.registrations.set(result, (this.registrations.get(result) ?? 0) + 1);
    };
    const onUnregistered = () => this.removed("unregister", 1);
    const onExpired = (expiries: { reason: "silent" | "stream-lost" }[]) => {
      for (const e of expiries) this.removed(e.reason === "stream-lost" ? "stream_loss" : "timeout", 1);
    };
    events.on("heartbeat", onHeartbeat);
    events.on("registration", onRegistration);
    events.on("unregistered", onUnregistered);
    events.on("expired", onExpired);
    this.detach = () => {
      events.off("heartbeat", onHeartbeat);
      events.off("registration", onRegistration);
      events.off("unregistered", onUnregistered);
      events.off("expired", onExpired);
    };
  }

  private removed(reason: RemovalReason, n: number): void {
    this.removals.set(reason, (this.removals.get(reason) ?? 0) + n);
  }

  /** Stops listening. Idempotent. */
  close(): void {
    this.detach();
  }
}
