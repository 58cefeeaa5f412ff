from namesrv.v1 import route_pb2 as _route_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
UNIT_TOPIC_FILTER_HAS_UNIT_SUB: UnitTopicFilter
UNIT_TOPIC_FILTER_HAS_UNIT_SUB_NOT_UNIT: UnitTopicFilter
UNIT_TOPIC_FILTER_UNIT: UnitTopicFilter
UNIT_TOPIC_FILTER_UNSPECIFIED: UnitTopicFilter

class AddWritePermOfBrokerRequest(_message.Message):
    __slots__ = ["broker_name"]
    BROKER_NAME_FIELD_NUMBER: _ClassVar[int]
    broker_name: str
    def __init__(self, broker_name: _Optional[str] = ...) -> None: ...

class AddWritePermOfBrokerResponse(_message.Message):
    __slots__ = ["epoch", "revision", "topic_count"]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    TOPIC_COUNT_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    revision: int
    topic_count: int
    def __init__(self, topic_count: _Optional[int] = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class DeleteKVConfigRequest(_message.Message):
    __slots__ = ["key", "namespace"]
    KEY_FIELD_NUMBER: _ClassVar[int]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    key: str
    namespace: str
    def __init__(self, namespace: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class DeleteKVConfigResponse(_message.Message):
    __slots__ = ["deleted", "epoch", "revision"]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    deleted: bool
    epoch: int
    revision: int
    def __init__(self, deleted: bool = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class DeleteTopicRequest(_message.Message):
    __slots__ = ["cluster_name", "topic"]
    CLUSTER_NAME_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    cluster_name: str
    topic: str
    def __init__(self, topic: _Optional[str] = ..., cluster_name: _Optional[str] = ...) -> None: ...

class DeleteTopicResponse(_message.Message):
    __slots__ = ["epoch", "removed_broker_names", "revision", "topic_removed"]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REMOVED_BROKER_NAMES_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    TOPIC_REMOVED_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    removed_broker_names: _containers.RepeatedScalarFieldContainer[str]
    revision: int
    topic_removed: bool
    def __init__(self, removed_broker_names: _Optional[_Iterable[str]] = ..., topic_removed: bool = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class GetKVConfigRequest(_message.Message):
    __slots__ = ["key", "namespace"]
    KEY_FIELD_NUMBER: _ClassVar[int]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    key: str
    namespace: str
    def __init__(self, namespace: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class GetKVConfigResponse(_message.Message):
    __slots__ = ["epoch", "revision", "value"]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    revision: int
    value: str
    def __init__(self, value: _Optional[str] = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class GetRuntimeConfigRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetRuntimeConfigResponse(_message.Message):
    __slots__ = ["epoch", "revision", "updatable_keys", "values"]
    class ValuesEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    UPDATABLE_KEYS_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    revision: int
    updatable_keys: _containers.RepeatedScalarFieldContainer[str]
    values: _containers.ScalarMap[str, str]
    def __init__(self, values: _Optional[_Mapping[str, str]] = ..., updatable_keys: _Optional[_Iterable[str]] = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class ListKVConfigRequest(_message.Message):
    __slots__ = ["namespace"]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    def __init__(self, namespace: _Optional[str] = ...) -> None: ...

class ListKVConfigResponse(_message.Message):
    __slots__ = ["entries", "epoch", "revision"]
    class EntriesEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.ScalarMap[str, str]
    epoch: int
    revision: int
    def __init__(self, entries: _Optional[_Mapping[str, str]] = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class ListSystemTopicsRequest(_message.Message):
    __slots__ = ["cluster_name"]
    CLUSTER_NAME_FIELD_NUMBER: _ClassVar[int]
    cluster_name: str
    def __init__(self, cluster_name: _Optional[str] = ...) -> None: ...

class ListSystemTopicsResponse(_message.Message):
    __slots__ = ["broker_addr", "epoch", "revision", "topics"]
    BROKER_ADDR_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    broker_addr: str
    epoch: int
    revision: int
    topics: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, topics: _Optional[_Iterable[str]] = ..., broker_addr: _Optional[str] = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class ListUnitTopicsRequest(_message.Message):
    __slots__ = ["cluster_name", "filter"]
    CLUSTER_NAME_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    cluster_name: str
    filter: UnitTopicFilter
    def __init__(self, filter: _Optional[_Union[UnitTopicFilter, str]] = ..., cluster_name: _Optional[str] = ...) -> None: ...

class ListUnitTopicsResponse(_message.Message):
    __slots__ = ["epoch", "revision", "topics"]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    revision: int
    topics: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, topics: _Optional[_Iterable[str]] = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class PutKVConfigRequest(_message.Message):
    __slots__ = ["key", "namespace", "value"]
    KEY_FIELD_NUMBER: _ClassVar[int]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    key: str
    namespace: str
    value: str
    def __init__(self, namespace: _Optional[str] = ..., key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class PutKVConfigResponse(_message.Message):
    __slots__ = ["created", "epoch", "revision"]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    created: bool
    epoch: int
    revision: int
    def __init__(self, created: bool = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class RegisterTopicRequest(_message.Message):
    __slots__ = ["queue_datas", "topic"]
    QUEUE_DATAS_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    queue_datas: _containers.RepeatedCompositeFieldContainer[_route_pb2.QueueData]
    topic: str
    def __init__(self, topic: _Optional[str] = ..., queue_datas: _Optional[_Iterable[_Union[_route_pb2.QueueData, _Mapping]]] = ...) -> None: ...

class RegisterTopicResponse(_message.Message):
    __slots__ = ["changed", "epoch", "revision"]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    changed: bool
    epoch: int
    revision: int
    def __init__(self, changed: bool = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class UpdateRuntimeConfigRequest(_message.Message):
    __slots__ = ["values"]
    class ValuesEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: _containers.ScalarMap[str, str]
    def __init__(self, values: _Optional[_Mapping[str, str]] = ...) -> None: ...

class UpdateRuntimeConfigResponse(_message.Message):
    __slots__ = ["epoch", "revision", "updated_keys", "values"]
    class ValuesEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    UPDATED_KEYS_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    revision: int
    updated_keys: _containers.RepeatedScalarFieldContainer[str]
    values: _containers.ScalarMap[str, str]
    def __init__(self, values: _Optional[_Mapping[str, str]] = ..., updated_keys: _Optional[_Iterable[str]] = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class WipeWritePermOfBrokerRequest(_message.Message):
    __slots__ = ["broker_name"]
    BROKER_NAME_FIELD_NUMBER: _ClassVar[int]
    broker_name: str
    def __init__(self, broker_name: _Optional[str] = ...) -> None: ...

class WipeWritePermOfBrokerResponse(_message.Message):
    __slots__ = ["epoch", "revision", "topic_count"]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    TOPIC_COUNT_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    revision: int
    topic_count: int
    def __init__(self, topic_count: _Optional[int] = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class UnitTopicFilter(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
