/**
 * RocketMQ's remoting request and response codes (RequestCode, ResponseCode and
 * RemotingSysResponseCode in apache/rocketmq `remoting/`), the subset a NameServer serves.
 * The numbers are RocketMQ's wire protocol: never renumber.
 */

/** Requests of DefaultRequestProcessor and ClientRequestProcessor. */
export const RequestCode = {
  PUT_KV_CONFIG: 100,
  GET_KV_CONFIG: 101,
  DELETE_KV_CONFIG: 102,
  REGISTER_BROKER: 103,
  UNREGISTER_BROKER: 104,
  GET_ROUTEINFO_BY_TOPIC: 105,
  GET_BROKER_CLUSTER_INFO: 106,
  WIPE_WRITE_PERM_OF_BROKER: 205,
  GET_ALL_TOPIC_LIST_FROM_NAMESERVER: 206,
  DELETE_TOPIC_IN_NAMESRV: 216,
  REGISTER_TOPIC_IN_NAMESRV: 217,
  GET_KVLIST_BY_NAMESPACE: 219,
  GET_TOPICS_BY_CLUSTER: 224,
  GET_SYSTEM_TOPIC_LIST_FROM_NS: 304,
  GET_UNIT_TOPIC_LIST: 311,
  GET_HAS_UNIT_SUB_TOPIC_LIST: 312,
  GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST: 313,
  UPDATE_NAMESRV_CONFIG: 318,
  GET_NAMESRV_CONFIG: 319,
  QUERY_DATA_VERSION: 322,
  ADD_WRITE_PERM_OF_BROKER: 327,
  GET_BROKER_MEMBER_GROUP: 901,
  BROKER_HEARTBEAT: 904,
} as const;

export const ResponseCode = {
  SUCCESS: 0,
  SYSTEM_ERROR: 1,
  SYSTEM_BUSY: 2,
  REQUEST_CODE_NOT_SUPPORTED: 3,
  NO_PERMISSION: 16,
  TOPIC_NOT_EXIST: 17,
  QUERY_NOT_FOUND: 22,
  INVALID_PARAMETER: 29,
} as const;

/**
 * Ordinals of RocketMQ's MQVersion.Version that change what a NameServer answers: clients from
 * 4.9.4 on get route JSON with quoted map keys (fastjson's BrowserCompatible); older ones the
 * default dialect with numeric keys unquoted.
 */
export const MQ_VERSION_V4_9_4 = 401;

/** Ext field keys of RocketMQ's zone routing (MixAll.ZONE_NAME / ZONE_MODE). */
export const ZONE_NAME_FIELD = "__ZONE_NAME";
export const ZONE_MODE_FIELD = "__ZONE_MODE";
