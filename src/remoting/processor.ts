import { crc32 } from "node:zlib";
import type { AuthGate } from "../auth/auth-gate.js";
import { CONFIG_FIELDS, CONFIG_KEYS, configValueText, type RuntimeConfig } from "../config/config.js";
import { ClusterNotFound, DomainError, GroupNotFound, TopicNotFound } from "../errors/domain-error.js";
import type { KvStore } from "../kv/kv-store.js";
import { ORDER_TOPIC_CONFIG } from "../kv/order-topic-conf.js";
import type { Logger } from "../log/logger.js";
import type { Registry } from "../registry/registry.js";
import type { BrokerData, TopicRoute } from "../route/types.js";
import type { HeartbeatInput } from "../route/validate.js";
import { admitRemoting } from "./acl.js";
import { MQ_VERSION_V4_9_4, RequestCode, ResponseCode, ZONE_MODE_FIELD, ZONE_NAME_FIELD } from "./codes.js";
import { isOneway, type RemotingCommand, responseTo } from "./command.js";
import { type FastjsonValue, IdMap, writeFastjson } from "./fastjson.js";
import { formatProperties, parseProperties } from "./properties.js";
import {
  BodyError,
  dataVersionOf,
  decodeRegisterBody,
  parseBodyJson,
  type TopicConfigJson,
} from "./register-body.js";
import { RouteJsonCache } from "./route-json-cache.js";

type SessionId = ReturnType<Registry["openStream"]>;
type UnitFilter = Parameters<Registry["queries"]["unitTopics"]>[0];

/**
 * What one remoting connection carries besides its bytes: like a gRPC heartbeat stream, the
 * brokers that registered over it. The session is opened at the connection's first broker
 * request and closed with the connection (its brokers then start their stream-loss grace).
 */
export interface ConnectionState {
  readonly peer: string;
  session: SessionId | undefined;
  /** Broker address -> identity and data version of its last registration on this connection. */
  readonly brokers: Map<string, HeartbeatInput>;
}

export interface ProcessorDeps {
  readonly registry: Registry;
  readonly kv: KvStore;
  readonly runtimeConfig: RuntimeConfig;
  readonly log: Logger;
  /** Most bytes a compressed registration may inflate to. */
  readonly maxInflatedBytes: number;
  /** With an auth file: every request must carry a valid ACL signature. null = auth off. */
  readonly auth?: AuthGate | null;
}

/**
 * Silent timeout of a broker that registers without heartbeatTimeoutMillis, ms: RocketMQ's
 * (BROKER_CHANNEL_EXPIRED_TIME). Such brokers re-register every 30 s and send no other beat.
 */
export const ROCKETMQ_BROKER_TIMEOUT_MS = 120_000;

/** RocketMQ's config keys that are never updatable (DefaultRequestProcessor's black list). */
const ROCKETMQ_BLACK_LIST = new Set(["configBlackList", "configStorePath", "kvConfigPath", "rocketmqHome"]);

const UNIT_FILTERS = new Map<number, UnitFilter>([
  [RequestCode.GET_UNIT_TOPIC_LIST, "unit"],
  [RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST, "has-unit-sub"],
  [RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST, "has-unit-sub-not-unit"],
]);

/** A request refused with a RocketMQ response code (the remark says why). */
class Refusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type Handler = (req: RemotingCommand, conn: ConnectionState) => Promise<Answer> | Answer;
interface Answer {
  readonly ext?: Record<string, string>;
  readonly body?: Buffer;
}
const OK: Answer = {};

/**
 * RocketMQ's NameServer request set (DefaultRequestProcessor and ClientRequestProcessor) over the
 * domain's front doors: the Registry, the KV store and the runtime config. Handlers are thin:
 * read the header fields, call the domain, encode the answer as RocketMQ's clients parse it.
 * Domain errors become response codes in one place (`refusalOf`); nothing reaches the socket.
 */
export class RequestProcessor {
  private readonly handlers: ReadonlyMap<number, Handler>;
  /**
   * Broker address -> the topic table last registered for it. RocketMQ brokers also send partial
   * registrations (a topic just created, or the table split in chunks) and RocketMQ's NameServer
   * merges them: a registration adds and updates topics, never removes one. The domain takes a
   * broker's whole table, so the merged table is kept here and registered whole.
   */
  private readonly tables = new Map<string, Map<string, TopicConfigJson>>();
  private readonly routeJson = new RouteJsonCache();

  constructor(private readonly deps: ProcessorDeps) {
    const { registry, kv } = deps;
    const h = new Map<number, Handler>();
    h.set(RequestCode.PUT_KV_CONFIG, async (req) => {
      await kv.put({
        namespace: field(req, "namespace"),
        key: field(req, "key"),
        value: field(req, "value"),
      });
      return OK;
    });
    h.set(RequestCode.GET_KV_CONFIG, (req) => {
      const namespace = field(req, "namespace");
      const key = field(req, "key");
      const value = kv.get({ namespace, key });
      if (value === undefined) {
        throw new Refusal(
          ResponseCode.QUERY_NOT_FOUND,
          `No config item, Namespace: ${namespace} Key: ${key}`,
        );
      }
      return { ext: { value } };
    });
    h.set(RequestCode.DELETE_KV_CONFIG, async (req) => {
      await kv.delete({ namespace: field(req, "namespace"), key: field(req, "key") });
      return OK;
    });
    h.set(RequestCode.GET_KVLIST_BY_NAMESPACE, (req) => {
      const namespace = field(req, "namespace");
      const entries = kv.list(namespace);
      if (entries.size === 0)
        throw new Refusal(ResponseCode.QUERY_NOT_FOUND, `No config item, Namespace: ${namespace}`);
      return json({ table: Object.fromEntries(entries) });
    });
    h.set(RequestCode.REGISTER_BROKER, (req, conn) => this.registerBroker(req, conn));
    h.set(RequestCode.UNREGISTER_BROKER, (req, conn) => {
      const identity = identityOf(req);
      registry.unregister(identity);
      conn.brokers.delete(identity.brokerAddr);
      this.tables.delete(identity.brokerAddr);
      return OK;
    });
    h.set(RequestCode.BROKER_HEARTBEAT, (req, conn) => {
      const addr = field(req, "brokerAddr");
      const known = conn.brokers.get(addr);
      // A beat renews a broker registered on this connection; others must register first.
      if (known !== undefined) registry.heartbeat(this.session(conn), known);
      return OK;
    });
    h.set(RequestCode.QUERY_DATA_VERSION, (req, conn) => {
      const identity = identityOf(req);
      const dataVersion = dataVersionOf(req.body === undefined ? undefined : parseBodyJson(req.body));
      const beat = { ...identity, dataVersion };
      const verdict = registry.heartbeat(this.session(conn), beat);
      const changed = verdict.action !== "OK";
      if (!changed) conn.brokers.set(identity.brokerAddr, beat);
      // Unchanged: the broker's own version is ours, so it is echoed as RocketMQ answers it.
      return changed || req.body === undefined
        ? { ext: { changed: "true" } }
        : { ext: { changed: "false" }, body: req.body };
    });
    h.set(RequestCode.GET_BROKER_MEMBER_GROUP, (req) => {
      const cluster = field(req, "clusterName");
      const name = field(req, "brokerName");
      const group = registry.queries
        .brokerGroups()
        .groups.find((g) => g.cluster === cluster && g.brokerName === name);
      return json({
        brokerMemberGroup: {
          brokerAddrs: new IdMap(group?.brokerAddrs ?? new Map()),
          brokerName: name,
          cluster,
        },
      });
    });
    h.set(RequestCode.GET_ROUTEINFO_BY_TOPIC, (req) => this.route(req));
    h.set(RequestCode.GET_BROKER_CLUSTER_INFO, () => {
      const groups = registry.queries.brokerGroups().groups;
      // Null prototypes: a group or cluster may be named "__proto__".
      const brokerAddrTable: Record<string, FastjsonValue> = Object.create(null);
      const clusterAddrTable: Record<string, string[]> = Object.create(null);
      for (const g of groups) {
        brokerAddrTable[g.brokerName] = brokerDataJson(g);
        const names = clusterAddrTable[g.cluster] ?? [];
        names.push(g.brokerName);
        clusterAddrTable[g.cluster] = names;
      }
      return json({ brokerAddrTable, clusterAddrTable });
    });
    h.set(RequestCode.WIPE_WRITE_PERM_OF_BROKER, (req) => ({
      ext: { wipeTopicCount: String(this.setWritable(field(req, "brokerName"), false)) },
    }));
    h.set(RequestCode.ADD_WRITE_PERM_OF_BROKER, (req) => ({
      ext: { addTopicCount: String(this.setWritable(field(req, "brokerName"), true)) },
    }));
    h.set(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, () =>
      json({ topicList: registry.queries.topicNames("").topics }),
    );
    h.set(RequestCode.GET_TOPICS_BY_CLUSTER, (req) => {
      const cluster = field(req, "cluster");
      return json({ topicList: orEmpty(() => registry.queries.topicNames(cluster).topics) });
    });
    h.set(RequestCode.DELETE_TOPIC_IN_NAMESRV, (req) => {
      registry.deleteTopic(field(req, "topic"), req.extFields.get("clusterName") ?? "");
      return OK;
    });
    h.set(RequestCode.REGISTER_TOPIC_IN_NAMESRV, (req) => {
      const topic = field(req, "topic");
      const body = req.body === undefined ? {} : (parseBodyJson(req.body) as { queueDatas?: unknown });
      const queueDatas = Array.isArray(body?.queueDatas) ? body.queueDatas : [];
      // RocketMQ ignores a registration without queue datas; so do we.
      if (queueDatas.length > 0) registry.registerTopic({ topic, queueDatas: queueDatas.map(queueDataOf) });
      return OK;
    });
    h.set(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, () => {
      const r = registry.queries.systemTopics("");
      return json({ brokerAddr: r.brokerAddr === "" ? undefined : r.brokerAddr, topicList: r.topics });
    });
    for (const [code, filter] of UNIT_FILTERS) {
      h.set(code, () => json({ topicList: registry.queries.unitTopics(filter, "").topics }));
    }
    h.set(RequestCode.GET_NAMESRV_CONFIG, () => {
      const config = this.deps.runtimeConfig.current();
      const values = new Map(CONFIG_KEYS.map((k) => [k, configValueText(config[k])]));
      return { body: Buffer.from(formatProperties(values), "utf8") };
    });
    h.set(RequestCode.UPDATE_NAMESRV_CONFIG, (req) => this.updateConfig(req));
    this.handlers = h;
  }

  /** The response to `req`, or undefined for a oneway request. Never throws. */
  async process(req: RemotingCommand, conn: ConnectionState): Promise<RemotingCommand | undefined> {
    const handler = this.handlers.get(req.code);
    let response: RemotingCommand;
    const refused = this.refusedByAuth(req, conn);
    if (refused !== undefined) {
      response = responseTo(req, refused.code, refused.message);
    } else if (handler === undefined) {
      response = responseTo(
        req,
        ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
        ` request type ${req.code} not supported`,
      );
    } else {
      try {
        const answer = await handler(req, conn);
        response = responseTo(
          req,
          ResponseCode.SUCCESS,
          undefined,
          new Map(Object.entries(answer.ext ?? {})),
          answer.body,
        );
      } catch (err) {
        const refusal = this.refusalOf(err, req, conn);
        response = responseTo(req, refusal.code, refusal.message);
      }
    }
    return isOneway(req) ? undefined : response;
  }

  /** Why auth refuses `req` (logged), or undefined when it may proceed or auth is off. */
  private refusedByAuth(req: RemotingCommand, conn: ConnectionState): Refusal | undefined {
    const gate = this.deps.auth;
    if (gate === undefined || gate === null) return undefined;
    try {
      admitRemoting(gate, req);
      return undefined;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.deps.log.warn(
        { peer: conn.peer, code: req.code, reason: err.message },
        "remoting request refused by auth",
      );
      return new Refusal(ResponseCode.NO_PERMISSION, err.message);
    }
  }

  /** The connection closed: its brokers start their stream-loss grace. Idempotent. */
  closed(conn: ConnectionState, cause: string): void {
    if (conn.session === undefined) return;
    this.deps.registry.closeStream(conn.session, cause);
    conn.session = undefined;
  }

  private session(conn: ConnectionState): SessionId {
    conn.session ??= this.deps.registry.openStream();
    return conn.session;
  }

  private registerBroker(req: RemotingCommand, conn: ConnectionState): Answer {
    const identity = identityOf(req);
    const crc = Number(req.extFields.get("bodyCrc32") ?? "0");
    if (crc !== 0 && req.body !== undefined) {
      const actual = crc32(req.body);
      // RocketMQ's UtilAll.crc32 masks the sign bit.
      if (crc !== (actual & 0x7fffffff) && crc !== (actual | 0)) {
        throw new Refusal(ResponseCode.SYSTEM_ERROR, "crc32 not match");
      }
    }
    const body = decodeRegisterBody(
      req.body,
      req.extFields.get("compressed") === "true",
      this.deps.maxInflatedBytes,
    );
    const timeoutText = req.extFields.get("heartbeatTimeoutMillis");
    const timeout =
      timeoutText === undefined || timeoutText === "" ? ROCKETMQ_BROKER_TIMEOUT_MS : Number(timeoutText);
    if (!Number.isSafeInteger(timeout))
      throw new Refusal(ResponseCode.INVALID_PARAMETER, "heartbeatTimeoutMillis: must be an integer");
    const session = this.session(conn);
    const table = this.merged(identity.brokerAddr, identity.brokerName, body.topicConfigs);
    const r = this.deps.registry.register({
      ...identity,
      haServerAddr: req.extFields.get("haServerAddr") ?? "",
      zoneName: req.extFields.get(ZONE_NAME_FIELD) ?? "",
      topicConfigs: [...table.values()],
      dataVersion: body.dataVersion,
      heartbeatTimeoutMs: BigInt(timeout),
    });
    this.tables.set(identity.brokerAddr, table);
    // Attach the broker to this connection: its closing is the broker's stream loss.
    const beat = { ...identity, dataVersion: body.dataVersion };
    this.deps.registry.heartbeat(session, beat);
    conn.brokers.set(identity.brokerAddr, beat);
    const orderConf = this.deps.kv.list(ORDER_TOPIC_CONFIG);
    return {
      ext: { masterAddr: r.masterAddr, haServerAddr: r.haServerAddr },
      body: Buffer.from(writeFastjson({ table: Object.fromEntries(orderConf) }, true), "utf8"),
    };
  }

  /**
   * `incoming` merged into the broker's last table. A remembered topic that the registry no longer
   * routes to this group (deleted by an admin, through either protocol, or the broker expired) is
   * dropped, so that a partial registration never brings it back.
   */
  private merged(
    brokerAddr: string,
    brokerName: string,
    incoming: TopicConfigJson[],
  ): Map<string, TopicConfigJson> {
    const previous = this.tables.get(brokerAddr);
    const table = new Map<string, TopicConfigJson>();
    if (previous !== undefined) {
      const fresh = new Set(incoming.map((t) => t.topicName));
      for (const [name, t] of previous) {
        if (!fresh.has(name) && this.stillRouted(name, brokerName)) table.set(name, t);
      }
    }
    for (const t of incoming) table.set(t.topicName, t);
    return table;
  }

  private stillRouted(topic: string, brokerName: string): boolean {
    const state = this.deps.registry.routes.route(topic);
    return state?.route.queueDatas.some((q) => q.brokerName === brokerName) ?? false;
  }

  private route(req: RemotingCommand): Answer {
    const topic = field(req, "topic");
    const zoneMode = req.extFields.get(ZONE_MODE_FIELD)?.toLowerCase() === "true";
    const zone = zoneMode ? (req.extFields.get(ZONE_NAME_FIELD) ?? "").trim() : "";
    const { registry } = this.deps;
    let at: ReturnType<Registry["locate"]>;
    try {
      at = registry.locate(topic, zone);
    } catch (err) {
      if (err instanceof TopicNotFound) {
        throw new Refusal(
          ResponseCode.TOPIC_NOT_EXIST,
          `No topic route info in name server for the topic: ${topic}`,
        );
      }
      throw err;
    }
    const standard =
      req.version >= MQ_VERSION_V4_9_4 || req.extFields.get("acceptStandardJsonOnly") === "true";
    // Built in the same synchronous step as `locate`: the route is the one at `topicRevision`.
    const body = this.routeJson.body(at.topic, at.zone, standard, at.topicRevision, () =>
      routeJson(registry.route(at.topic, at.zone).route, standard),
    );
    return { body };
  }

  /** RocketMQ answers 0 topics for an unknown group; so do we. */
  private setWritable(brokerName: string, writable: boolean): number {
    return orZero(() => this.deps.registry.setWritable(brokerName, writable).topicCount);
  }

  private updateConfig(req: RemotingCommand): Answer {
    if (req.body === undefined) return OK;
    const changes = parseProperties(req.body.toString("utf8"));
    for (const key of changes.keys()) {
      const spec = (CONFIG_FIELDS as Record<string, { kind: { type: string } } | undefined>)[key];
      if (ROCKETMQ_BLACK_LIST.has(key) || spec?.kind.type === "path") {
        throw new Refusal(
          ResponseCode.NO_PERMISSION,
          `Can not update config in black list: ${key} is a path`,
        );
      }
    }
    if (changes.size > 0) this.deps.runtimeConfig.update(changes);
    return OK;
  }

  private refusalOf(err: unknown, req: RemotingCommand, conn: ConnectionState): Refusal {
    if (err instanceof Refusal) return err;
    if (err instanceof BodyError) return new Refusal(ResponseCode.INVALID_PARAMETER, err.message);
    if (err instanceof DomainError) {
      switch (err.kind) {
        case "invalid-argument":
          return new Refusal(ResponseCode.INVALID_PARAMETER, err.message);
        case "not-found":
          return new Refusal(ResponseCode.QUERY_NOT_FOUND, err.message);
        case "limit-exceeded":
          return new Refusal(ResponseCode.SYSTEM_BUSY, err.message);
        case "unauthenticated":
        case "forbidden":
          return new Refusal(ResponseCode.NO_PERMISSION, err.message);
        case "unavailable":
          // RocketMQ's answer while it waits for brokers ("name server not ready"); clients try another.
          return new Refusal(ResponseCode.SYSTEM_ERROR, `name server not ready: ${err.message}`);
        default:
          return new Refusal(ResponseCode.SYSTEM_ERROR, err.message);
      }
    }
    this.deps.log.error({ err, peer: conn.peer, code: req.code }, "remoting request failed");
    return new Refusal(ResponseCode.SYSTEM_ERROR, "internal error");
  }
}

/** A required header field; INVALID_PARAMETER naming it when absent. */
function field(req: RemotingCommand, name: string): string {
  const v = req.extFields.get(name);
  if (v === undefined) throw new Refusal(ResponseCode.INVALID_PARAMETER, `header.${name}: required`);
  return v;
}

function identityOf(req: RemotingCommand) {
  const idText = field(req, "brokerId");
  if (!/^-?\d{1,19}$/.test(idText))
    throw new Refusal(ResponseCode.INVALID_PARAMETER, "header.brokerId: must be an integer");
  return {
    clusterName: field(req, "clusterName"),
    brokerName: field(req, "brokerName"),
    brokerId: BigInt(idText),
    brokerAddr: field(req, "brokerAddr"),
  };
}

function queueDataOf(q: unknown) {
  const o = (typeof q === "object" && q !== null ? q : {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === "number" ? v : Number.NaN);
  return {
    brokerName: typeof o.brokerName === "string" ? o.brokerName : "",
    readQueueNums: num(o.readQueueNums),
    writeQueueNums: num(o.writeQueueNums),
    perm: num(o.perm),
    topicSysFlag: typeof o.topicSysFlag === "number" ? o.topicSysFlag : 0,
  };
}

function brokerDataJson(b: BrokerData): FastjsonValue {
  return {
    brokerAddrs: new IdMap(b.brokerAddrs),
    brokerName: b.brokerName,
    cluster: b.cluster,
    enableActingMaster: b.actingMaster === true,
    zoneName: b.zoneName === "" ? undefined : b.zoneName,
  };
}

/** A body as RocketMQ encodes it by default (fastjson's dialect: numeric map keys unquoted). */
function json(value: FastjsonValue): Answer {
  return { body: Buffer.from(writeFastjson(value, false), "utf8") };
}

function orEmpty(f: () => string[]): string[] {
  try {
    return f();
  } catch (err) {
    if (err instanceof ClusterNotFound) return [];
    throw err;
  }
}

function orZero(f: () => number): number {
  try {
    return f();
  } catch (err) {
    if (err instanceof GroupNotFound) return 0;
    throw err;
  }
}

/** A route as RocketMQ's TopicRouteData JSON (fastjson's dialect unless `standard`). */
function routeJson(route: TopicRoute, standard: boolean): Buffer {
  const value: FastjsonValue = {
    brokerDatas: route.brokerDatas.map(brokerDataJson),
    filterServerTable: {},
    orderTopicConf: route.orderTopicConf === "" ? undefined : route.orderTopicConf,
    queueDatas: route.queueDatas.map((q) => ({
      brokerName: q.brokerName,
      perm: q.perm,
      readQueueNums: q.readQueueNums,
      topicSysFlag: q.topicSysFlag,
      writeQueueNums: q.writeQueueNums,
    })),
  };
  return Buffer.from(writeFastjson(value, standard), "utf8");
}
