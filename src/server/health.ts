import type { Server } from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";

/** Service names reported by the standard health service ("" is the whole server). */
export const HEALTH_SERVICES = ["", "namesrv.v1.BrokerService", "namesrv.v1.RouteService"] as const;

/**
 * The standard grpc.health.v1.Health service. Everything is SERVING while the server runs;
 * `notServing()` flips all to NOT_SERVING at the start of shutdown so load balancers and
 * watchers move away before streams are ended.
 */
export class Health {
  private readonly impl = new HealthImplementation(
    Object.fromEntries(HEALTH_SERVICES.map((s) => [s, "SERVING" as const])),
  );

  addTo(server: Server): void {
    this.impl.addToServer(server);
  }

  notServing(): void {
    for (const s of HEALTH_SERVICES) this.impl.setStatus(s, "NOT_SERVING");
  }
}
