import type { Server, ServerWritableStream, UntypedServiceImplementation } from "@grpc/grpc-js";
import { status } from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";
import { serviceError } from "./status.js";

/** Service names reported by the standard health service ("" is the whole server). */
export const HEALTH_SERVICES = [
  "",
  "namesrv.v1.BrokerService",
  "namesrv.v1.RouteService",
  "namesrv.v1.AdminService",
] as const;

export type HealthService = (typeof HEALTH_SERVICES)[number];

/**
 * The standard grpc.health.v1.Health service. Everything is SERVING while the server runs, except
 * a service marked warming up (RouteService during the warm-up: its lookups are refused, so load
 * balancers should send clients elsewhere). `notServing()` flips all to NOT_SERVING at the start
 * of shutdown, for good, so load balancers and watchers move away before streams are ended.
 */
export class Health {
  private readonly impl = new HealthImplementation(
    Object.fromEntries(HEALTH_SERVICES.map((s) => [s, "SERVING" as const])),
  );
  private stopping = false;
  /** Open Health/Watch streams: a stream never ends by itself, so shutdown ends them. */
  private readonly watches = new Set<ServerWritableStream<unknown, unknown>>();

  addTo(server: Server): void {
    const watches = this.watches;
    const tracking = {
      addService(definition: Parameters<Server["addService"]>[0], impl: UntypedServiceImplementation) {
        const watch = impl.watch as (call: ServerWritableStream<unknown, unknown>) => void;
        server.addService(definition, {
          ...impl,
          watch(call: ServerWritableStream<unknown, unknown>) {
            watches.add(call);
            const forget = () => watches.delete(call);
            call.on("cancelled", forget);
            call.on("close", forget);
            call.on("error", forget);
            watch(call);
          },
        });
      },
    };
    this.impl.addToServer(tracking as unknown as Server);
  }

  /** Ends every Health/Watch stream with UNAVAILABLE "shutting down" (after notServing was sent). */
  endWatches(): void {
    const shuttingDown = serviceError(status.UNAVAILABLE, "shutting down");
    for (const call of [...this.watches]) {
      this.watches.delete(call);
      call.emit("error", shuttingDown);
    }
  }

  /** Reports `service` NOT_SERVING while it warms up, SERVING after (unless shutting down). */
  setWarmingUp(service: HealthService, warmingUp: boolean): void {
    if (this.stopping) return;
    this.impl.setStatus(service, warmingUp ? "NOT_SERVING" : "SERVING");
  }

  notServing(): void {
    this.stopping = true;
    for (const s of HEALTH_SERVICES) this.impl.setStatus(s, "NOT_SERVING");
  }
}
