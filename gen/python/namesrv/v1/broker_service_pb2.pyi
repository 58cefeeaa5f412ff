from namesrv.v1 import route_pb2 as _route_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
HEARTBEAT_ACTION_OK: HeartbeatAction
HEARTBEAT_ACTION_REGISTER_AGAIN: HeartbeatAction
HEARTBEAT_ACTION_UNSPECIFIED: HeartbeatAction

class HeartbeatRequest(_message.Message):
    __slots__ = ["broker_addr", "broker_id", "broker_name", "cluster_name", "data_version"]
    BROKER_ADDR_FIELD_NUMBER: _ClassVar[int]
    BROKER_ID_FIELD_NUMBER: _ClassVar[int]
    BROKER_NAME_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_NAME_FIELD_NUMBER: _ClassVar[int]
    DATA_VERSION_FIELD_NUMBER: _ClassVar[int]
    broker_addr: str
    broker_id: int
    broker_name: str
    cluster_name: str
    data_version: _route_pb2.DataVersion
    def __init__(self, cluster_name: _Optional[str] = ..., broker_name: _Optional[str] = ..., broker_id: _Optional[int] = ..., broker_addr: _Optional[str] = ..., data_version: _Optional[_Union[_route_pb2.DataVersion, _Mapping]] = ...) -> None: ...

class HeartbeatResponse(_message.Message):
    __slots__ = ["action", "broker_addr", "epoch", "reason", "revision"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    BROKER_ADDR_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    action: HeartbeatAction
    broker_addr: str
    epoch: int
    reason: str
    revision: int
    def __init__(self, epoch: _Optional[int] = ..., revision: _Optional[int] = ..., action: _Optional[_Union[HeartbeatAction, str]] = ..., reason: _Optional[str] = ..., broker_addr: _Optional[str] = ...) -> None: ...

class RegisterBrokerRequest(_message.Message):
    __slots__ = ["broker_addr", "broker_id", "broker_name", "cluster_name", "data_version", "ha_server_addr", "heartbeat_timeout_ms", "topic_configs", "zone_name"]
    BROKER_ADDR_FIELD_NUMBER: _ClassVar[int]
    BROKER_ID_FIELD_NUMBER: _ClassVar[int]
    BROKER_NAME_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_NAME_FIELD_NUMBER: _ClassVar[int]
    DATA_VERSION_FIELD_NUMBER: _ClassVar[int]
    HA_SERVER_ADDR_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    TOPIC_CONFIGS_FIELD_NUMBER: _ClassVar[int]
    ZONE_NAME_FIELD_NUMBER: _ClassVar[int]
    broker_addr: str
    broker_id: int
    broker_name: str
    cluster_name: str
    data_version: _route_pb2.DataVersion
    ha_server_addr: str
    heartbeat_timeout_ms: int
    topic_configs: _containers.RepeatedCompositeFieldContainer[_route_pb2.TopicConfig]
    zone_name: str
    def __init__(self, cluster_name: _Optional[str] = ..., broker_name: _Optional[str] = ..., broker_id: _Optional[int] = ..., broker_addr: _Optional[str] = ..., ha_server_addr: _Optional[str] = ..., zone_name: _Optional[str] = ..., topic_configs: _Optional[_Iterable[_Union[_route_pb2.TopicConfig, _Mapping]]] = ..., data_version: _Optional[_Union[_route_pb2.DataVersion, _Mapping]] = ..., heartbeat_timeout_ms: _Optional[int] = ...) -> None: ...

class RegisterBrokerResponse(_message.Message):
    __slots__ = ["changed", "epoch", "ha_server_addr", "heartbeat_interval_ms", "heartbeat_timeout_ms", "master_addr", "order_topic_config", "revision"]
    class OrderTopicConfigEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    HA_SERVER_ADDR_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_INTERVAL_MS_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    MASTER_ADDR_FIELD_NUMBER: _ClassVar[int]
    ORDER_TOPIC_CONFIG_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    changed: bool
    epoch: int
    ha_server_addr: str
    heartbeat_interval_ms: int
    heartbeat_timeout_ms: int
    master_addr: str
    order_topic_config: _containers.ScalarMap[str, str]
    revision: int
    def __init__(self, epoch: _Optional[int] = ..., revision: _Optional[int] = ..., changed: bool = ..., master_addr: _Optional[str] = ..., ha_server_addr: _Optional[str] = ..., heartbeat_interval_ms: _Optional[int] = ..., heartbeat_timeout_ms: _Optional[int] = ..., order_topic_config: _Optional[_Mapping[str, str]] = ...) -> None: ...

class UnregisterBrokerRequest(_message.Message):
    __slots__ = ["broker_addr", "broker_id", "broker_name", "cluster_name"]
    BROKER_ADDR_FIELD_NUMBER: _ClassVar[int]
    BROKER_ID_FIELD_NUMBER: _ClassVar[int]
    BROKER_NAME_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_NAME_FIELD_NUMBER: _ClassVar[int]
    broker_addr: str
    broker_id: int
    broker_name: str
    cluster_name: str
    def __init__(self, cluster_name: _Optional[str] = ..., broker_name: _Optional[str] = ..., broker_id: _Optional[int] = ..., broker_addr: _Optional[str] = ...) -> None: ...

class UnregisterBrokerResponse(_message.Message):
    __slots__ = ["epoch", "removed", "revision"]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    removed: bool
    revision: int
    def __init__(self, epoch: _Optional[int] = ..., revision: _Optional[int] = ..., removed: bool = ...) -> None: ...

class HeartbeatAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
