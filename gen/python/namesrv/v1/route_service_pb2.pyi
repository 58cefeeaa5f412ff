from namesrv.v1 import route_pb2 as _route_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
RESET_REASON_EPOCH_CHANGED: ResetReason
RESET_REASON_REVISION_AHEAD: ResetReason
RESET_REASON_REVISION_COMPACTED: ResetReason
RESET_REASON_UNSPECIFIED: ResetReason

class BrokerNames(_message.Message):
    __slots__ = ["broker_names"]
    BROKER_NAMES_FIELD_NUMBER: _ClassVar[int]
    broker_names: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, broker_names: _Optional[_Iterable[str]] = ...) -> None: ...

class EndOfSnapshot(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetClusterInfoRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetClusterInfoResponse(_message.Message):
    __slots__ = ["broker_addr_table", "cluster_addr_table", "epoch", "revision", "server_version", "uptime_ms"]
    class BrokerAddrTableEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _route_pb2.BrokerData
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_route_pb2.BrokerData, _Mapping]] = ...) -> None: ...
    class ClusterAddrTableEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: BrokerNames
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[BrokerNames, _Mapping]] = ...) -> None: ...
    BROKER_ADDR_TABLE_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_ADDR_TABLE_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    SERVER_VERSION_FIELD_NUMBER: _ClassVar[int]
    UPTIME_MS_FIELD_NUMBER: _ClassVar[int]
    broker_addr_table: _containers.MessageMap[str, _route_pb2.BrokerData]
    cluster_addr_table: _containers.MessageMap[str, BrokerNames]
    epoch: int
    revision: int
    server_version: str
    uptime_ms: int
    def __init__(self, broker_addr_table: _Optional[_Mapping[str, _route_pb2.BrokerData]] = ..., cluster_addr_table: _Optional[_Mapping[str, BrokerNames]] = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ..., server_version: _Optional[str] = ..., uptime_ms: _Optional[int] = ...) -> None: ...

class GetRouteInfoByTopicRequest(_message.Message):
    __slots__ = ["topic", "zone_name"]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    ZONE_NAME_FIELD_NUMBER: _ClassVar[int]
    topic: str
    zone_name: str
    def __init__(self, topic: _Optional[str] = ..., zone_name: _Optional[str] = ...) -> None: ...

class GetRouteInfoByTopicResponse(_message.Message):
    __slots__ = ["epoch", "revision", "route", "topic_revision"]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    TOPIC_REVISION_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    revision: int
    route: _route_pb2.TopicRouteData
    topic_revision: int
    def __init__(self, route: _Optional[_Union[_route_pb2.TopicRouteData, _Mapping]] = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ..., topic_revision: _Optional[int] = ...) -> None: ...

class ListTopicsRequest(_message.Message):
    __slots__ = ["cluster_name", "page_size", "page_token"]
    CLUSTER_NAME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cluster_name: str
    page_size: int
    page_token: str
    def __init__(self, cluster_name: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListTopicsResponse(_message.Message):
    __slots__ = ["epoch", "next_page_token", "revision", "topics"]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    next_page_token: str
    revision: int
    topics: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, topics: _Optional[_Iterable[str]] = ..., epoch: _Optional[int] = ..., revision: _Optional[int] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Progress(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class Reset(_message.Message):
    __slots__ = ["code", "reason"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    code: ResetReason
    reason: str
    def __init__(self, reason: _Optional[str] = ..., code: _Optional[_Union[ResetReason, str]] = ...) -> None: ...

class RouteBatch(_message.Message):
    __slots__ = ["more", "updates"]
    MORE_FIELD_NUMBER: _ClassVar[int]
    UPDATES_FIELD_NUMBER: _ClassVar[int]
    more: bool
    updates: _containers.RepeatedCompositeFieldContainer[TopicRouteUpdate]
    def __init__(self, updates: _Optional[_Iterable[_Union[TopicRouteUpdate, _Mapping]]] = ..., more: bool = ...) -> None: ...

class SnapshotBegin(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class TopicRouteUpdate(_message.Message):
    __slots__ = ["removed", "route", "topic", "topic_revision"]
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    TOPIC_REVISION_FIELD_NUMBER: _ClassVar[int]
    removed: bool
    route: _route_pb2.TopicRouteData
    topic: str
    topic_revision: int
    def __init__(self, topic: _Optional[str] = ..., route: _Optional[_Union[_route_pb2.TopicRouteData, _Mapping]] = ..., topic_revision: _Optional[int] = ..., removed: bool = ...) -> None: ...

class WatchRoutesRequest(_message.Message):
    __slots__ = ["all_topics", "resume_epoch", "resume_revision", "topics"]
    ALL_TOPICS_FIELD_NUMBER: _ClassVar[int]
    RESUME_EPOCH_FIELD_NUMBER: _ClassVar[int]
    RESUME_REVISION_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    all_topics: bool
    resume_epoch: int
    resume_revision: int
    topics: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, topics: _Optional[_Iterable[str]] = ..., all_topics: bool = ..., resume_epoch: _Optional[int] = ..., resume_revision: _Optional[int] = ...) -> None: ...

class WatchRoutesResponse(_message.Message):
    __slots__ = ["end_of_snapshot", "epoch", "progress", "reset", "revision", "routes", "snapshot_begin"]
    END_OF_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    RESET_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    ROUTES_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_BEGIN_FIELD_NUMBER: _ClassVar[int]
    end_of_snapshot: EndOfSnapshot
    epoch: int
    progress: Progress
    reset: Reset
    revision: int
    routes: RouteBatch
    snapshot_begin: SnapshotBegin
    def __init__(self, epoch: _Optional[int] = ..., revision: _Optional[int] = ..., snapshot_begin: _Optional[_Union[SnapshotBegin, _Mapping]] = ..., routes: _Optional[_Union[RouteBatch, _Mapping]] = ..., end_of_snapshot: _Optional[_Union[EndOfSnapshot, _Mapping]] = ..., reset: _Optional[_Union[Reset, _Mapping]] = ..., progress: _Optional[_Union[Progress, _Mapping]] = ...) -> None: ...

class ResetReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
