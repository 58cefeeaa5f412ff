import { createHmac, timingSafeEqual } from "node:crypto";
import type { AuthGate } from "../auth/auth-gate.js";
import type { Principal } from "../auth/principals.js";
import { Unauthenticated } from "../errors/domain-error.js";
import { RequestCode } from "./codes.js";
import type { RemotingCommand } from "./command.js";

/** Ext field names of RocketMQ's ACL (SessionCredentials). */
export const ACCESS_KEY_FIELD = "AccessKey";
export const SIGNATURE_FIELD = "Signature";

/**
 * The gRPC service whose role a remoting request needs, so that both protocols share one table
 * of roles (src/auth/principals.ts): broker requests need `broker`; route lookups, cluster info and
 * topic lists `client` (RouteService); everything else (KV, system and unit topic lists, topic
 * admin, config) `admin` (AdminService).
 */
const SERVICE_BY_CODE = new Map<number, string>([
  [RequestCode.REGISTER_BROKER, "namesrv.v1.BrokerService"],
  [RequestCode.UNREGISTER_BROKER, "namesrv.v1.BrokerService"],
  [RequestCode.BROKER_HEARTBEAT, "namesrv.v1.BrokerService"],
  [RequestCode.QUERY_DATA_VERSION, "namesrv.v1.BrokerService"],
  [RequestCode.GET_BROKER_MEMBER_GROUP, "namesrv.v1.BrokerService"],
  [RequestCode.GET_ROUTEINFO_BY_TOPIC, "namesrv.v1.RouteService"],
  // RouteService's GetClusterInfo and ListTopics:
  [RequestCode.GET_BROKER_CLUSTER_INFO, "namesrv.v1.RouteService"],
  [RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, "namesrv.v1.RouteService"],
  [RequestCode.GET_TOPICS_BY_CLUSTER, "namesrv.v1.RouteService"],
]);
const ADMIN = "namesrv.v1.AdminService";

/** Requests that name a broker group: a broker principal bound to broker names may only send its own. */
const NAMES_A_BROKER = new Set<number>([
  RequestCode.REGISTER_BROKER,
  RequestCode.UNREGISTER_BROKER,
  RequestCode.BROKER_HEARTBEAT,
  RequestCode.QUERY_DATA_VERSION,
]);

/**
 * RocketMQ's ACL signature (AclClientRPCHook): base64 HMAC-SHA1, keyed with the secret, of the
 * values of every ext field except Signature, in the order of their names, then the body.
 */
export function aclSignature(
  extFields: ReadonlyMap<string, string>,
  body: Buffer | undefined,
  secretKey: string,
): string {
  const mac = createHmac("sha1", Buffer.from(secretKey, "utf8"));
  const names = [...extFields.keys()].filter((k) => k !== SIGNATURE_FIELD).sort();
  mac.update(names.map((k) => extFields.get(k)).join(""), "utf8");
  if (body !== undefined) mac.update(body);
  return mac.digest("base64");
}

/**
 * Admits `req` through `gate` by its ACL signature: the principal, or a DomainError
 * (UNAUTHENTICATED without or with a wrong signature, PERMISSION_DENIED for a role or broker name
 * not allowed). Every request code goes through here, unknown ones included (as admin).
 */
export function admitRemoting(gate: AuthGate, req: RemotingCommand): Principal | null {
  const service = SERVICE_BY_CODE.get(req.code) ?? ADMIN;
  const accessKey = req.extFields.get(ACCESS_KEY_FIELD);
  const signature = req.extFields.get(SIGNATURE_FIELD);
  if (accessKey === undefined || signature === undefined) {
    throw new Unauthenticated(
      "no credentials: sign requests with RocketMQ's AclClientRPCHook (AccessKey and Signature)",
    );
  }
  const principal = gate.admitSigned(service, accessKey, (secretKey) => {
    const expected = Buffer.from(aclSignature(req.extFields, req.body, secretKey), "utf8");
    const given = Buffer.from(signature, "utf8");
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  const brokerName = req.extFields.get("brokerName");
  if (principal !== null && NAMES_A_BROKER.has(req.code) && brokerName !== undefined) {
    gate.checkBrokerName(principal, brokerName);
  }
  return principal;
}
