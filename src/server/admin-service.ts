import {
  type AddWritePermOfBrokerRequest,
  type AddWritePermOfBrokerResponse,
  type AdminServiceServer,
  type DeleteKVConfigRequest,
  type DeleteKVConfigResponse,
  type DeleteTopicRequest,
  type DeleteTopicResponse,
  type GetKVConfigRequest,
  type GetKVConfigResponse,
  type GetRuntimeConfigRequest,
  type GetRuntimeConfigResponse,
  type ListKVConfigRequest,
  type ListKVConfigResponse,
  type ListSystemTopicsRequest,
  type ListSystemTopicsResponse,
  type ListUnitTopicsRequest,
  type ListUnitTopicsResponse,
  type PutKVConfigRequest,
  type PutKVConfigResponse,
  type RegisterTopicRequest,
  type RegisterTopicResponse,
  UnitTopicFilter,
  type UpdateRuntimeConfigRequest,
  type UpdateRuntimeConfigResponse,
  type WipeWritePermOfBrokerRequest,
  type WipeWritePermOfBrokerResponse,
} from "../../gen/ts/namesrv/v1/admin_service.js";
import {
  CONFIG_KEYS,
  configValueText,
  type NameServerConfig,
  RUNTIME_UPDATABLE_KEYS,
  type RuntimeConfig,
} from "../config/config.js";
import { invalidArgument, KvEntryNotFound } from "../errors/domain-error.js";
import type { KvStore } from "../kv/kv-store.js";
import type { Logger } from "../log/logger.js";
import type { Registry } from "../registry/registry.js";
import type { UnitTopicFilter as DomainUnitTopicFilter } from "../route/route-queries.js";
import { versionFields as wire } from "./codec.js";
import { unary } from "./unary.js";

/** What the admin plane works on besides the registry. */
export interface AdminDeps {
  readonly kv: KvStore;
  readonly runtimeConfig: RuntimeConfig;
}

const UNIT_FILTERS = new Map<UnitTopicFilter, DomainUnitTopicFilter>([
  [UnitTopicFilter.UNIT_TOPIC_FILTER_UNIT, "unit"],
  [UnitTopicFilter.UNIT_TOPIC_FILTER_HAS_UNIT_SUB, "has-unit-sub"],
  [UnitTopicFilter.UNIT_TOPIC_FILTER_HAS_UNIT_SUB_NOT_UNIT, "has-unit-sub-not-unit"],
]);

/**
 * Thin handlers for namesrv.v1.AdminService: validation and the work happen in the domain (the
 * registry for routes, the KV store for the KV config, RuntimeConfig for settings); errors map
 * through the one table in status.ts.
 */
export function adminService(registry: Registry, deps: AdminDeps, log: Logger): AdminServiceServer {
  const { kv, runtimeConfig } = deps;
  const version = (): { epoch: bigint; revision: bigint } => wire(registry.version());

  return {
    putKvConfig: unary<PutKVConfigRequest, PutKVConfigResponse>("PutKVConfig", log, async (req) => {
      const r = await kv.put(req);
      return { created: r.created, ...version() };
    }),

    getKvConfig: unary<GetKVConfigRequest, GetKVConfigResponse>("GetKVConfig", log, (req) => {
      const value = kv.get(req);
      if (value === undefined) throw new KvEntryNotFound(req.namespace, req.key);
      return { value, ...version() };
    }),

    deleteKvConfig: unary<DeleteKVConfigRequest, DeleteKVConfigResponse>(
      "DeleteKVConfig",
      log,
      async (req) => {
        const r = await kv.delete(req);
        return { deleted: r.deleted, ...version() };
      },
    ),

    listKvConfig: unary<ListKVConfigRequest, ListKVConfigResponse>("ListKVConfig", log, (req) => ({
      entries: kv.list(req.namespace),
      ...version(),
    })),

    wipeWritePermOfBroker: unary<WipeWritePermOfBrokerRequest, WipeWritePermOfBrokerResponse>(
      "WipeWritePermOfBroker",
      log,
      (req) => {
        const r = registry.setWritable(req.brokerName, false);
        return { topicCount: r.topicCount, ...wire(r) };
      },
    ),

    addWritePermOfBroker: unary<AddWritePermOfBrokerRequest, AddWritePermOfBrokerResponse>(
      "AddWritePermOfBroker",
      log,
      (req) => {
        const r = registry.setWritable(req.brokerName, true);
        return { topicCount: r.topicCount, ...wire(r) };
      },
    ),

    deleteTopic: unary<DeleteTopicRequest, DeleteTopicResponse>("DeleteTopic", log, (req) => {
      const r = registry.deleteTopic(req.topic, req.clusterName);
      return { removedBrokerNames: r.removedFrom, topicRemoved: r.topicRemoved, ...wire(r) };
    }),

    registerTopic: unary<RegisterTopicRequest, RegisterTopicResponse>("RegisterTopic", log, (req) => {
      const r = registry.registerTopic(req);
      return { changed: r.changed, ...wire(r) };
    }),

    listSystemTopics: unary<ListSystemTopicsRequest, ListSystemTopicsResponse>(
      "ListSystemTopics",
      log,
      (req) => {
        const r = registry.queries.systemTopics(req.clusterName);
        return { topics: r.topics, brokerAddr: r.brokerAddr, ...wire(r) };
      },
    ),

    listUnitTopics: unary<ListUnitTopicsRequest, ListUnitTopicsResponse>("ListUnitTopics", log, (req) => {
      const filter = UNIT_FILTERS.get(req.filter);
      if (filter === undefined) {
        throw invalidArgument(
          "filter",
          `must be one of ${[...UNIT_FILTERS.keys()].map((f) => UnitTopicFilter[f]).join(", ")}`,
        );
      }
      const r = registry.queries.unitTopics(filter, req.clusterName);
      return { topics: r.topics, ...wire(r) };
    }),

    getRuntimeConfig: unary<GetRuntimeConfigRequest, GetRuntimeConfigResponse>(
      "GetRuntimeConfig",
      log,
      () => ({
        values: configValues(runtimeConfig.current()),
        updatableKeys: [...RUNTIME_UPDATABLE_KEYS].sort(),
        ...version(),
      }),
    ),

    updateRuntimeConfig: unary<UpdateRuntimeConfigRequest, UpdateRuntimeConfigResponse>(
      "UpdateRuntimeConfig",
      log,
      (req) => {
        const r = runtimeConfig.update(req.values);
        return { values: configValues(r.config), updatedKeys: r.updated, ...version() };
      },
    ),
  };
}

function configValues(config: Readonly<NameServerConfig>): Map<string, string> {
  return new Map(CONFIG_KEYS.map((key) => [key, configValueText(config[key])]));
}
