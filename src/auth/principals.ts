/**
 * Who may call what: the principals of the auth file, each with roles, and the rules that map
 * gRPC services to roles. Pure: no I/O, no gRPC.
 *
 * Roles:
 *   broker  BrokerService (RegisterBroker, UnregisterBroker, Heartbeat); when the principal lists
 *           `brokerNames`, only requests naming one of them
 *   client  RouteService (lookups and WatchRoutes)
 *   admin   AdminService, and everything else
 * Health checks need no principal (load balancers and probes carry none); reflection, /metrics and
 * the dashboard's data need any.
 */

export const ROLES = ["broker", "client", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** Name for logs and messages. */
  readonly name: string;
  readonly roles: ReadonlySet<Role>;
  /** Broker names a `broker` principal may act for; null = any. */
  readonly brokerNames: ReadonlySet<string> | null;
}

/** The principals of one auth file, indexed by how they prove who they are. */
export interface PrincipalTable {
  /** Lower-case hex SHA-256 of a bearer token -> principal. */
  readonly byTokenSha256: ReadonlyMap<string, Principal>;
  /** Common name of a verified client certificate -> principal. */
  readonly byCertCommonName: ReadonlyMap<string, Principal>;
  /**
   * RocketMQ ACL access key -> principal and secret key: remoting requests prove a principal with
   * an HMAC signature made with the secret (RocketMQ's AclClientRPCHook).
   */
  readonly byAccessKey: ReadonlyMap<string, AccessKeyEntry>;
}

/** A principal's RocketMQ ACL credentials. */
export interface AccessKeyEntry {
  readonly principal: Principal;
  readonly secretKey: string;
}

/** Who may call a service. */
export type Access =
  | { readonly kind: "public" }
  | { readonly kind: "authenticated" }
  | { readonly kind: "role"; readonly role: Role };

const ACCESS_BY_SERVICE: ReadonlyMap<string, Access> = new Map<string, Access>([
  ["namesrv.v1.BrokerService", { kind: "role", role: "broker" }],
  ["namesrv.v1.RouteService", { kind: "role", role: "client" }],
  ["namesrv.v1.AdminService", { kind: "role", role: "admin" }],
  ["grpc.health.v1.Health", { kind: "public" }],
  ["grpc.reflection.v1.ServerReflection", { kind: "authenticated" }],
  ["grpc.reflection.v1alpha.ServerReflection", { kind: "authenticated" }],
  // The HTTP listener's /metrics and dashboard data: any principal (a Prometheus token needs no role).
  ["namesrv.http.Metrics", { kind: "authenticated" }],
  ["namesrv.http.Dashboard", { kind: "authenticated" }],
]);

/** Who may call `service` ("namesrv.v1.RouteService"); services not listed are admin-only. */
export function accessTo(service: string): Access {
  return ACCESS_BY_SERVICE.get(service) ?? { kind: "role", role: "admin" };
}

/** Whether `principal` may call a service with `access` (admin may call anything). */
export function allows(principal: Principal, access: Access): boolean {
  if (access.kind !== "role") return true;
  return principal.roles.has("admin") || principal.roles.has(access.role);
}

/** Whether `principal` may act for broker `brokerName` (admins and unbound brokers may act for any). */
export function mayActFor(principal: Principal, brokerName: string): boolean {
  return (
    principal.brokerNames === null || principal.roles.has("admin") || principal.brokerNames.has(brokerName)
  );
}
