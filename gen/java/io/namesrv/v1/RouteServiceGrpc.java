package io.namesrv.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * RouteService is used by producers, consumers and tools to find which brokers serve a topic.
 * Every response carries `epoch` (random per NameServer process start) and `revision` (the route
 * table's version, bumped once per applied change batch). Within one epoch a higher revision is a
 * newer table; across epochs revisions are not comparable.
 * With authentication on (docs/security.md), calls need a principal with the client (or admin)
 * role: metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler (version 1.70.0)",
    comments = "Source: namesrv/v1/route_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class RouteServiceGrpc {

  private RouteServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "namesrv.v1.RouteService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.GetRouteInfoByTopicRequest,
      io.namesrv.v1.GetRouteInfoByTopicResponse> getGetRouteInfoByTopicMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetRouteInfoByTopic",
      requestType = io.namesrv.v1.GetRouteInfoByTopicRequest.class,
      responseType = io.namesrv.v1.GetRouteInfoByTopicResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.GetRouteInfoByTopicRequest,
      io.namesrv.v1.GetRouteInfoByTopicResponse> getGetRouteInfoByTopicMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.GetRouteInfoByTopicRequest, io.namesrv.v1.GetRouteInfoByTopicResponse> getGetRouteInfoByTopicMethod;
    if ((getGetRouteInfoByTopicMethod = RouteServiceGrpc.getGetRouteInfoByTopicMethod) == null) {
      synchronized (RouteServiceGrpc.class) {
        if ((getGetRouteInfoByTopicMethod = RouteServiceGrpc.getGetRouteInfoByTopicMethod) == null) {
          RouteServiceGrpc.getGetRouteInfoByTopicMethod = getGetRouteInfoByTopicMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.GetRouteInfoByTopicRequest, io.namesrv.v1.GetRouteInfoByTopicResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetRouteInfoByTopic"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.GetRouteInfoByTopicRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.GetRouteInfoByTopicResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RouteServiceMethodDescriptorSupplier("GetRouteInfoByTopic"))
              .build();
        }
      }
    }
    return getGetRouteInfoByTopicMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.GetClusterInfoRequest,
      io.namesrv.v1.GetClusterInfoResponse> getGetClusterInfoMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetClusterInfo",
      requestType = io.namesrv.v1.GetClusterInfoRequest.class,
      responseType = io.namesrv.v1.GetClusterInfoResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.GetClusterInfoRequest,
      io.namesrv.v1.GetClusterInfoResponse> getGetClusterInfoMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.GetClusterInfoRequest, io.namesrv.v1.GetClusterInfoResponse> getGetClusterInfoMethod;
    if ((getGetClusterInfoMethod = RouteServiceGrpc.getGetClusterInfoMethod) == null) {
      synchronized (RouteServiceGrpc.class) {
        if ((getGetClusterInfoMethod = RouteServiceGrpc.getGetClusterInfoMethod) == null) {
          RouteServiceGrpc.getGetClusterInfoMethod = getGetClusterInfoMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.GetClusterInfoRequest, io.namesrv.v1.GetClusterInfoResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetClusterInfo"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.GetClusterInfoRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.GetClusterInfoResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RouteServiceMethodDescriptorSupplier("GetClusterInfo"))
              .build();
        }
      }
    }
    return getGetClusterInfoMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.ListTopicsRequest,
      io.namesrv.v1.ListTopicsResponse> getListTopicsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListTopics",
      requestType = io.namesrv.v1.ListTopicsRequest.class,
      responseType = io.namesrv.v1.ListTopicsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.ListTopicsRequest,
      io.namesrv.v1.ListTopicsResponse> getListTopicsMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.ListTopicsRequest, io.namesrv.v1.ListTopicsResponse> getListTopicsMethod;
    if ((getListTopicsMethod = RouteServiceGrpc.getListTopicsMethod) == null) {
      synchronized (RouteServiceGrpc.class) {
        if ((getListTopicsMethod = RouteServiceGrpc.getListTopicsMethod) == null) {
          RouteServiceGrpc.getListTopicsMethod = getListTopicsMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.ListTopicsRequest, io.namesrv.v1.ListTopicsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListTopics"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.ListTopicsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.ListTopicsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RouteServiceMethodDescriptorSupplier("ListTopics"))
              .build();
        }
      }
    }
    return getListTopicsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.WatchRoutesRequest,
      io.namesrv.v1.WatchRoutesResponse> getWatchRoutesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchRoutes",
      requestType = io.namesrv.v1.WatchRoutesRequest.class,
      responseType = io.namesrv.v1.WatchRoutesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.WatchRoutesRequest,
      io.namesrv.v1.WatchRoutesResponse> getWatchRoutesMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.WatchRoutesRequest, io.namesrv.v1.WatchRoutesResponse> getWatchRoutesMethod;
    if ((getWatchRoutesMethod = RouteServiceGrpc.getWatchRoutesMethod) == null) {
      synchronized (RouteServiceGrpc.class) {
        if ((getWatchRoutesMethod = RouteServiceGrpc.getWatchRoutesMethod) == null) {
          RouteServiceGrpc.getWatchRoutesMethod = getWatchRoutesMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.WatchRoutesRequest, io.namesrv.v1.WatchRoutesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchRoutes"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.WatchRoutesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.WatchRoutesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RouteServiceMethodDescriptorSupplier("WatchRoutes"))
              .build();
        }
      }
    }
    return getWatchRoutesMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static RouteServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<RouteServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<RouteServiceStub>() {
        @java.lang.Override
        public RouteServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new RouteServiceStub(channel, callOptions);
        }
      };
    return RouteServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static RouteServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<RouteServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<RouteServiceBlockingV2Stub>() {
        @java.lang.Override
        public RouteServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new RouteServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return RouteServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static RouteServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<RouteServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<RouteServiceBlockingStub>() {
        @java.lang.Override
        public RouteServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new RouteServiceBlockingStub(channel, callOptions);
        }
      };
    return RouteServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static RouteServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<RouteServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<RouteServiceFutureStub>() {
        @java.lang.Override
        public RouteServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new RouteServiceFutureStub(channel, callOptions);
        }
      };
    return RouteServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * RouteService is used by producers, consumers and tools to find which brokers serve a topic.
   * Every response carries `epoch` (random per NameServer process start) and `revision` (the route
   * table's version, bumped once per applied change batch). Within one epoch a higher revision is a
   * newer table; across epochs revisions are not comparable.
   * With authentication on (docs/security.md), calls need a principal with the client (or admin)
   * role: metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * GetRouteInfoByTopic returns the current route of one topic, optionally filtered for a zone.
     * Errors: INVALID_ARGUMENT (bad topic or zone name), NOT_FOUND (no live broker group serves the
     * topic), UNAVAILABLE ("warming up": the NameServer started less than --warm-up-ms ago and
     * brokers may not have registered again yet; retry later or ask another NameServer).
     * </pre>
     */
    default void getRouteInfoByTopic(io.namesrv.v1.GetRouteInfoByTopicRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.GetRouteInfoByTopicResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetRouteInfoByTopicMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetClusterInfo returns every live broker group and the clusters they belong to.
     * </pre>
     */
    default void getClusterInfo(io.namesrv.v1.GetClusterInfoRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.GetClusterInfoResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetClusterInfoMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListTopics returns the names of all topics, or of the topics served by one cluster's groups.
     * Errors: INVALID_ARGUMENT (bad cluster name), NOT_FOUND (unknown cluster).
     * </pre>
     */
    default void listTopics(io.namesrv.v1.ListTopicsRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.ListTopicsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListTopicsMethod(), responseObserver);
    }

    /**
     * <pre>
     * WatchRoutes streams the routes of the watched topics: a snapshot, then every change.
     * Framing. A snapshot is SNAPSHOT_BEGIN, zero or more `routes` frames with the current route of
     * each watched topic that exists, then END_OF_SNAPSHOT at revision R: the client's view is then
     * exactly the server's routes for its topics as of R. After it, `routes` frames carry changes: a
     * topic's new route, or its removal (removed = true). A resumed stream (resume_epoch and
     * resume_revision accepted) skips the snapshot and starts with the changes after
     * resume_revision. A RESET frame (epoch changed, revision compacted away or ahead of the server)
     * is followed by a fresh snapshot. Idle streams receive PROGRESS frames.
     * Guarantees, for a client that applies every frame in order:
     * - Ordered: frame revisions never decrease.
     * - No gaps: after a frame with more = false (or END_OF_SNAPSHOT, or PROGRESS) at revision R,
     *   the client holds exactly the server's routes for its watched topics as of R. Frames with
     *   more = true carry part of a change set that the next frames complete.
     * - Atomic per revision: all the changes of one revision (a broker's removal, a registration
     *   touching many topics) arrive together, in one change set.
     * - Routes are state: a slow client is sent the newest route of each topic it has not yet been
     *   sent, not every intermediate one; the server keeps no per-client event queue.
     * - Resumable: a stream resumed with the epoch and the last revision applied (inside the retained
     *   window) continues with no gap and no repeated snapshot.
     * - Epoch reset: otherwise the server sends RESET and a fresh snapshot, never a silent jump.
     * - Bounded staleness: a client that reads its stream receives each change within milliseconds;
     *   one that takes nothing for --watch-stuck-timeout-ms is evicted: its HTTP/2 stream is reset
     *   (RST_STREAM ENHANCE_YOUR_CALM, which gRPC clients report as RESOURCE_EXHAUSTED as soon as
     *   they read their connection, with no message) and it may resume where it left off.
     * Warm-up: during the first --warm-up-ms after the NameServer starts, a new stream is accepted
     * but its snapshot waits until the warm-up ends, so that it never shows routes emptied by the
     * restart itself.
     * Errors: INVALID_ARGUMENT (bad topic names; topics and all_topics both or neither given),
     * UNAVAILABLE (shutting down: resume), RESOURCE_EXHAUSTED (a watch limit, named in the message:
     * retry later; or, with no message, evicted as stuck: resume).
     * </pre>
     */
    default void watchRoutes(io.namesrv.v1.WatchRoutesRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.WatchRoutesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchRoutesMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service RouteService.
   * <pre>
   * RouteService is used by producers, consumers and tools to find which brokers serve a topic.
   * Every response carries `epoch` (random per NameServer process start) and `revision` (the route
   * table's version, bumped once per applied change batch). Within one epoch a higher revision is a
   * newer table; across epochs revisions are not comparable.
   * With authentication on (docs/security.md), calls need a principal with the client (or admin)
   * role: metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
   * </pre>
   */
  public static abstract class RouteServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return RouteServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service RouteService.
   * <pre>
   * RouteService is used by producers, consumers and tools to find which brokers serve a topic.
   * Every response carries `epoch` (random per NameServer process start) and `revision` (the route
   * table's version, bumped once per applied change batch). Within one epoch a higher revision is a
   * newer table; across epochs revisions are not comparable.
   * With authentication on (docs/security.md), calls need a principal with the client (or admin)
   * role: metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
   * </pre>
   */
  public static final class RouteServiceStub
      extends io.grpc.stub.AbstractAsyncStub<RouteServiceStub> {
    private RouteServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected RouteServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new RouteServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * GetRouteInfoByTopic returns the current route of one topic, optionally filtered for a zone.
     * Errors: INVALID_ARGUMENT (bad topic or zone name), NOT_FOUND (no live broker group serves the
     * topic), UNAVAILABLE ("warming up": the NameServer started less than --warm-up-ms ago and
     * brokers may not have registered again yet; retry later or ask another NameServer).
     * </pre>
     */
    public void getRouteInfoByTopic(io.namesrv.v1.GetRouteInfoByTopicRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.GetRouteInfoByTopicResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetRouteInfoByTopicMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetClusterInfo returns every live broker group and the clusters they belong to.
     * </pre>
     */
    public void getClusterInfo(io.namesrv.v1.GetClusterInfoRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.GetClusterInfoResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetClusterInfoMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListTopics returns the names of all topics, or of the topics served by one cluster's groups.
     * Errors: INVALID_ARGUMENT (bad cluster name), NOT_FOUND (unknown cluster).
     * </pre>
     */
    public void listTopics(io.namesrv.v1.ListTopicsRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.ListTopicsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListTopicsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * WatchRoutes streams the routes of the watched topics: a snapshot, then every change.
     * Framing. A snapshot is SNAPSHOT_BEGIN, zero or more `routes` frames with the current route of
     * each watched topic that exists, then END_OF_SNAPSHOT at revision R: the client's view is then
     * exactly the server's routes for its topics as of R. After it, `routes` frames carry changes: a
     * topic's new route, or its removal (removed = true). A resumed stream (resume_epoch and
     * resume_revision accepted) skips the snapshot and starts with the changes after
     * resume_revision. A RESET frame (epoch changed, revision compacted away or ahead of the server)
     * is followed by a fresh snapshot. Idle streams receive PROGRESS frames.
     * Guarantees, for a client that applies every frame in order:
     * - Ordered: frame revisions never decrease.
     * - No gaps: after a frame with more = false (or END_OF_SNAPSHOT, or PROGRESS) at revision R,
     *   the client holds exactly the server's routes for its watched topics as of R. Frames with
     *   more = true carry part of a change set that the next frames complete.
     * - Atomic per revision: all the changes of one revision (a broker's removal, a registration
     *   touching many topics) arrive together, in one change set.
     * - Routes are state: a slow client is sent the newest route of each topic it has not yet been
     *   sent, not every intermediate one; the server keeps no per-client event queue.
     * - Resumable: a stream resumed with the epoch and the last revision applied (inside the retained
     *   window) continues with no gap and no repeated snapshot.
     * - Epoch reset: otherwise the server sends RESET and a fresh snapshot, never a silent jump.
     * - Bounded staleness: a client that reads its stream receives each change within milliseconds;
     *   one that takes nothing for --watch-stuck-timeout-ms is evicted: its HTTP/2 stream is reset
     *   (RST_STREAM ENHANCE_YOUR_CALM, which gRPC clients report as RESOURCE_EXHAUSTED as soon as
     *   they read their connection, with no message) and it may resume where it left off.
     * Warm-up: during the first --warm-up-ms after the NameServer starts, a new stream is accepted
     * but its snapshot waits until the warm-up ends, so that it never shows routes emptied by the
     * restart itself.
     * Errors: INVALID_ARGUMENT (bad topic names; topics and all_topics both or neither given),
     * UNAVAILABLE (shutting down: resume), RESOURCE_EXHAUSTED (a watch limit, named in the message:
     * retry later; or, with no message, evicted as stuck: resume).
     * </pre>
     */
    public void watchRoutes(io.namesrv.v1.WatchRoutesRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.WatchRoutesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchRoutesMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service RouteService.
   * <pre>
   * RouteService is used by producers, consumers and tools to find which brokers serve a topic.
   * Every response carries `epoch` (random per NameServer process start) and `revision` (the route
   * table's version, bumped once per applied change batch). Within one epoch a higher revision is a
   * newer table; across epochs revisions are not comparable.
   * With authentication on (docs/security.md), calls need a principal with the client (or admin)
   * role: metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
   * </pre>
   */
  public static final class RouteServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<RouteServiceBlockingV2Stub> {
    private RouteServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected RouteServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new RouteServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * GetRouteInfoByTopic returns the current route of one topic, optionally filtered for a zone.
     * Errors: INVALID_ARGUMENT (bad topic or zone name), NOT_FOUND (no live broker group serves the
     * topic), UNAVAILABLE ("warming up": the NameServer started less than --warm-up-ms ago and
     * brokers may not have registered again yet; retry later or ask another NameServer).
     * </pre>
     */
    public io.namesrv.v1.GetRouteInfoByTopicResponse getRouteInfoByTopic(io.namesrv.v1.GetRouteInfoByTopicRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetRouteInfoByTopicMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetClusterInfo returns every live broker group and the clusters they belong to.
     * </pre>
     */
    public io.namesrv.v1.GetClusterInfoResponse getClusterInfo(io.namesrv.v1.GetClusterInfoRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetClusterInfoMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListTopics returns the names of all topics, or of the topics served by one cluster's groups.
     * Errors: INVALID_ARGUMENT (bad cluster name), NOT_FOUND (unknown cluster).
     * </pre>
     */
    public io.namesrv.v1.ListTopicsResponse listTopics(io.namesrv.v1.ListTopicsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListTopicsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * WatchRoutes streams the routes of the watched topics: a snapshot, then every change.
     * Framing. A snapshot is SNAPSHOT_BEGIN, zero or more `routes` frames with the current route of
     * each watched topic that exists, then END_OF_SNAPSHOT at revision R: the client's view is then
     * exactly the server's routes for its topics as of R. After it, `routes` frames carry changes: a
     * topic's new route, or its removal (removed = true). A resumed stream (resume_epoch and
     * resume_revision accepted) skips the snapshot and starts with the changes after
     * resume_revision. A RESET frame (epoch changed, revision compacted away or ahead of the server)
     * is followed by a fresh snapshot. Idle streams receive PROGRESS frames.
     * Guarantees, for a client that applies every frame in order:
     * - Ordered: frame revisions never decrease.
     * - No gaps: after a frame with more = false (or END_OF_SNAPSHOT, or PROGRESS) at revision R,
     *   the client holds exactly the server's routes for its watched topics as of R. Frames with
     *   more = true carry part of a change set that the next frames complete.
     * - Atomic per revision: all the changes of one revision (a broker's removal, a registration
     *   touching many topics) arrive together, in one change set.
     * - Routes are state: a slow client is sent the newest route of each topic it has not yet been
     *   sent, not every intermediate one; the server keeps no per-client event queue.
     * - Resumable: a stream resumed with the epoch and the last revision applied (inside the retained
     *   window) continues with no gap and no repeated snapshot.
     * - Epoch reset: otherwise the server sends RESET and a fresh snapshot, never a silent jump.
     * - Bounded staleness: a client that reads its stream receives each change within milliseconds;
     *   one that takes nothing for --watch-stuck-timeout-ms is evicted: its HTTP/2 stream is reset
     *   (RST_STREAM ENHANCE_YOUR_CALM, which gRPC clients report as RESOURCE_EXHAUSTED as soon as
     *   they read their connection, with no message) and it may resume where it left off.
     * Warm-up: during the first --warm-up-ms after the NameServer starts, a new stream is accepted
     * but its snapshot waits until the warm-up ends, so that it never shows routes emptied by the
     * restart itself.
     * Errors: INVALID_ARGUMENT (bad topic names; topics and all_topics both or neither given),
     * UNAVAILABLE (shutting down: resume), RESOURCE_EXHAUSTED (a watch limit, named in the message:
     * retry later; or, with no message, evicted as stuck: resume).
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, io.namesrv.v1.WatchRoutesResponse>
        watchRoutes(io.namesrv.v1.WatchRoutesRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getWatchRoutesMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service RouteService.
   * <pre>
   * RouteService is used by producers, consumers and tools to find which brokers serve a topic.
   * Every response carries `epoch` (random per NameServer process start) and `revision` (the route
   * table's version, bumped once per applied change batch). Within one epoch a higher revision is a
   * newer table; across epochs revisions are not comparable.
   * With authentication on (docs/security.md), calls need a principal with the client (or admin)
   * role: metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
   * </pre>
   */
  public static final class RouteServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<RouteServiceBlockingStub> {
    private RouteServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected RouteServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new RouteServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * GetRouteInfoByTopic returns the current route of one topic, optionally filtered for a zone.
     * Errors: INVALID_ARGUMENT (bad topic or zone name), NOT_FOUND (no live broker group serves the
     * topic), UNAVAILABLE ("warming up": the NameServer started less than --warm-up-ms ago and
     * brokers may not have registered again yet; retry later or ask another NameServer).
     * </pre>
     */
    public io.namesrv.v1.GetRouteInfoByTopicResponse getRouteInfoByTopic(io.namesrv.v1.GetRouteInfoByTopicRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetRouteInfoByTopicMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetClusterInfo returns every live broker group and the clusters they belong to.
     * </pre>
     */
    public io.namesrv.v1.GetClusterInfoResponse getClusterInfo(io.namesrv.v1.GetClusterInfoRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetClusterInfoMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListTopics returns the names of all topics, or of the topics served by one cluster's groups.
     * Errors: INVALID_ARGUMENT (bad cluster name), NOT_FOUND (unknown cluster).
     * </pre>
     */
    public io.namesrv.v1.ListTopicsResponse listTopics(io.namesrv.v1.ListTopicsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListTopicsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * WatchRoutes streams the routes of the watched topics: a snapshot, then every change.
     * Framing. A snapshot is SNAPSHOT_BEGIN, zero or more `routes` frames with the current route of
     * each watched topic that exists, then END_OF_SNAPSHOT at revision R: the client's view is then
     * exactly the server's routes for its topics as of R. After it, `routes` frames carry changes: a
     * topic's new route, or its removal (removed = true). A resumed stream (resume_epoch and
     * resume_revision accepted) skips the snapshot and starts with the changes after
     * resume_revision. A RESET frame (epoch changed, revision compacted away or ahead of the server)
     * is followed by a fresh snapshot. Idle streams receive PROGRESS frames.
     * Guarantees, for a client that applies every frame in order:
     * - Ordered: frame revisions never decrease.
     * - No gaps: after a frame with more = false (or END_OF_SNAPSHOT, or PROGRESS) at revision R,
     *   the client holds exactly the server's routes for its watched topics as of R. Frames with
     *   more = true carry part of a change set that the next frames complete.
     * - Atomic per revision: all the changes of one revision (a broker's removal, a registration
     *   touching many topics) arrive together, in one change set.
     * - Routes are state: a slow client is sent the newest route of each topic it has not yet been
     *   sent, not every intermediate one; the server keeps no per-client event queue.
     * - Resumable: a stream resumed with the epoch and the last revision applied (inside the retained
     *   window) continues with no gap and no repeated snapshot.
     * - Epoch reset: otherwise the server sends RESET and a fresh snapshot, never a silent jump.
     * - Bounded staleness: a client that reads its stream receives each change within milliseconds;
     *   one that takes nothing for --watch-stuck-timeout-ms is evicted: its HTTP/2 stream is reset
     *   (RST_STREAM ENHANCE_YOUR_CALM, which gRPC clients report as RESOURCE_EXHAUSTED as soon as
     *   they read their connection, with no message) and it may resume where it left off.
     * Warm-up: during the first --warm-up-ms after the NameServer starts, a new stream is accepted
     * but its snapshot waits until the warm-up ends, so that it never shows routes emptied by the
     * restart itself.
     * Errors: INVALID_ARGUMENT (bad topic names; topics and all_topics both or neither given),
     * UNAVAILABLE (shutting down: resume), RESOURCE_EXHAUSTED (a watch limit, named in the message:
     * retry later; or, with no message, evicted as stuck: resume).
     * </pre>
     */
    public java.util.Iterator<io.namesrv.v1.WatchRoutesResponse> watchRoutes(
        io.namesrv.v1.WatchRoutesRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchRoutesMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service RouteService.
   * <pre>
   * RouteService is used by producers, consumers and tools to find which brokers serve a topic.
   * Every response carries `epoch` (random per NameServer process start) and `revision` (the route
   * table's version, bumped once per applied change batch). Within one epoch a higher revision is a
   * newer table; across epochs revisions are not comparable.
   * With authentication on (docs/security.md), calls need a principal with the client (or admin)
   * role: metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
   * </pre>
   */
  public static final class RouteServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<RouteServiceFutureStub> {
    private RouteServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected RouteServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new RouteServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * GetRouteInfoByTopic returns the current route of one topic, optionally filtered for a zone.
     * Errors: INVALID_ARGUMENT (bad topic or zone name), NOT_FOUND (no live broker group serves the
     * topic), UNAVAILABLE ("warming up": the NameServer started less than --warm-up-ms ago and
     * brokers may not have registered again yet; retry later or ask another NameServer).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.GetRouteInfoByTopicResponse> getRouteInfoByTopic(
        io.namesrv.v1.GetRouteInfoByTopicRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetRouteInfoByTopicMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetClusterInfo returns every live broker group and the clusters they belong to.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.GetClusterInfoResponse> getClusterInfo(
        io.namesrv.v1.GetClusterInfoRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetClusterInfoMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListTopics returns the names of all topics, or of the topics served by one cluster's groups.
     * Errors: INVALID_ARGUMENT (bad cluster name), NOT_FOUND (unknown cluster).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.ListTopicsResponse> listTopics(
        io.namesrv.v1.ListTopicsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListTopicsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_GET_ROUTE_INFO_BY_TOPIC = 0;
  private static final int METHODID_GET_CLUSTER_INFO = 1;
  private static final int METHODID_LIST_TOPICS = 2;
  private static final int METHODID_WATCH_ROUTES = 3;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_GET_ROUTE_INFO_BY_TOPIC:
          serviceImpl.getRouteInfoByTopic((io.namesrv.v1.GetRouteInfoByTopicRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.GetRouteInfoByTopicResponse>) responseObserver);
          break;
        case METHODID_GET_CLUSTER_INFO:
          serviceImpl.getClusterInfo((io.namesrv.v1.GetClusterInfoRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.GetClusterInfoResponse>) responseObserver);
          break;
        case METHODID_LIST_TOPICS:
          serviceImpl.listTopics((io.namesrv.v1.ListTopicsRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.ListTopicsResponse>) responseObserver);
          break;
        case METHODID_WATCH_ROUTES:
          serviceImpl.watchRoutes((io.namesrv.v1.WatchRoutesRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.WatchRoutesResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getGetRouteInfoByTopicMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.GetRouteInfoByTopicRequest,
              io.namesrv.v1.GetRouteInfoByTopicResponse>(
                service, METHODID_GET_ROUTE_INFO_BY_TOPIC)))
        .addMethod(
          getGetClusterInfoMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.GetClusterInfoRequest,
              io.namesrv.v1.GetClusterInfoResponse>(
                service, METHODID_GET_CLUSTER_INFO)))
        .addMethod(
          getListTopicsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.ListTopicsRequest,
              io.namesrv.v1.ListTopicsResponse>(
                service, METHODID_LIST_TOPICS)))
        .addMethod(
          getWatchRoutesMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              io.namesrv.v1.WatchRoutesRequest,
              io.namesrv.v1.WatchRoutesResponse>(
                service, METHODID_WATCH_ROUTES)))
        .build();
  }

  private static abstract class RouteServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    RouteServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.namesrv.v1.RouteServiceOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("RouteService");
    }
  }

  private static final class RouteServiceFileDescriptorSupplier
      extends RouteServiceBaseDescriptorSupplier {
    RouteServiceFileDescriptorSupplier() {}
  }

  private static final class RouteServiceMethodDescriptorSupplier
      extends RouteServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    RouteServiceMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (RouteServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new RouteServiceFileDescriptorSupplier())
              .addMethod(getGetRouteInfoByTopicMethod())
              .addMethod(getGetClusterInfoMethod())
              .addMethod(getListTopicsMethod())
              .addMethod(getWatchRoutesMethod())
              .build();
        }
      }
    }
    return result;
  }
}
