package io.namesrv.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * BrokerService is used by brokers: they register their topic table with every NameServer and keep
 * one Heartbeat stream open to each of them. The stream is the liveness signal.
 * Every response carries `epoch` (a random number chosen when the NameServer process starts) and
 * `revision` (the route table's version, bumped once per applied change, never reused within an
 * epoch). A different epoch means the NameServer restarted and lost its state.
 * With authentication on (docs/security.md), calls need a principal with the broker (or admin)
 * role, sent as metadata "authorization: Bearer &lt;token&gt;" or proven by a client certificate; a
 * principal bound to broker names may only name those in broker_name (PERMISSION_DENIED
 * otherwise, which also ends a Heartbeat stream).
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: namesrv/v1/broker_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class BrokerServiceGrpc {

  private BrokerServiceGrpc() {}

  public static final String SERVICE_NAME = "namesrv.v1.BrokerService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.RegisterBrokerRequest,
      io.namesrv.v1.RegisterBrokerResponse> getRegisterBrokerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RegisterBroker",
      requestType = io.namesrv.v1.RegisterBrokerRequest.class,
      responseType = io.namesrv.v1.RegisterBrokerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.RegisterBrokerRequest,
      io.namesrv.v1.RegisterBrokerResponse> getRegisterBrokerMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.RegisterBrokerRequest, io.namesrv.v1.RegisterBrokerResponse> getRegisterBrokerMethod;
    if ((getRegisterBrokerMethod = BrokerServiceGrpc.getRegisterBrokerMethod) == null) {
      synchronized (BrokerServiceGrpc.class) {
        if ((getRegisterBrokerMethod = BrokerServiceGrpc.getRegisterBrokerMethod) == null) {
          BrokerServiceGrpc.getRegisterBrokerMethod = getRegisterBrokerMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.RegisterBrokerRequest, io.namesrv.v1.RegisterBrokerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RegisterBroker"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.RegisterBrokerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.RegisterBrokerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new BrokerServiceMethodDescriptorSupplier("RegisterBroker"))
              .build();
        }
      }
    }
    return getRegisterBrokerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.UnregisterBrokerRequest,
      io.namesrv.v1.UnregisterBrokerResponse> getUnregisterBrokerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UnregisterBroker",
      requestType = io.namesrv.v1.UnregisterBrokerRequest.class,
      responseType = io.namesrv.v1.UnregisterBrokerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.UnregisterBrokerRequest,
      io.namesrv.v1.UnregisterBrokerResponse> getUnregisterBrokerMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.UnregisterBrokerRequest, io.namesrv.v1.UnregisterBrokerResponse> getUnregisterBrokerMethod;
    if ((getUnregisterBrokerMethod = BrokerServiceGrpc.getUnregisterBrokerMethod) == null) {
      synchronized (BrokerServiceGrpc.class) {
        if ((getUnregisterBrokerMethod = BrokerServiceGrpc.getUnregisterBrokerMethod) == null) {
          BrokerServiceGrpc.getUnregisterBrokerMethod = getUnregisterBrokerMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.UnregisterBrokerRequest, io.namesrv.v1.UnregisterBrokerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UnregisterBroker"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.UnregisterBrokerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.UnregisterBrokerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new BrokerServiceMethodDescriptorSupplier("UnregisterBroker"))
              .build();
        }
      }
    }
    return getUnregisterBrokerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.HeartbeatRequest,
      io.namesrv.v1.HeartbeatResponse> getHeartbeatMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Heartbeat",
      requestType = io.namesrv.v1.HeartbeatRequest.class,
      responseType = io.namesrv.v1.HeartbeatResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.HeartbeatRequest,
      io.namesrv.v1.HeartbeatResponse> getHeartbeatMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.HeartbeatRequest, io.namesrv.v1.HeartbeatResponse> getHeartbeatMethod;
    if ((getHeartbeatMethod = BrokerServiceGrpc.getHeartbeatMethod) == null) {
      synchronized (BrokerServiceGrpc.class) {
        if ((getHeartbeatMethod = BrokerServiceGrpc.getHeartbeatMethod) == null) {
          BrokerServiceGrpc.getHeartbeatMethod = getHeartbeatMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.HeartbeatRequest, io.namesrv.v1.HeartbeatResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Heartbeat"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.HeartbeatRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.HeartbeatResponse.getDefaultInstance()))
              .setSchemaDescriptor(new BrokerServiceMethodDescriptorSupplier("Heartbeat"))
              .build();
        }
      }
    }
    return getHeartbeatMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static BrokerServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<BrokerServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<BrokerServiceStub>() {
        @java.lang.Override
        public BrokerServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new BrokerServiceStub(channel, callOptions);
        }
      };
    return BrokerServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static BrokerServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<BrokerServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<BrokerServiceBlockingStub>() {
        @java.lang.Override
        public BrokerServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new BrokerServiceBlockingStub(channel, callOptions);
        }
      };
    return BrokerServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static BrokerServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<BrokerServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<BrokerServiceFutureStub>() {
        @java.lang.Override
        public BrokerServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new BrokerServiceFutureStub(channel, callOptions);
        }
      };
    return BrokerServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * BrokerService is used by brokers: they register their topic table with every NameServer and keep
   * one Heartbeat stream open to each of them. The stream is the liveness signal.
   * Every response carries `epoch` (a random number chosen when the NameServer process starts) and
   * `revision` (the route table's version, bumped once per applied change, never reused within an
   * epoch). A different epoch means the NameServer restarted and lost its state.
   * With authentication on (docs/security.md), calls need a principal with the broker (or admin)
   * role, sent as metadata "authorization: Bearer &lt;token&gt;" or proven by a client certificate; a
   * principal bound to broker names may only name those in broker_name (PERMISSION_DENIED
   * otherwise, which also ends a Heartbeat stream).
   * </pre>
   */
  public static abstract class BrokerServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * RegisterBroker adds or refreshes one broker and, for the group's master (or, with no master,
     * its smallest live slave), replaces the group's queue data with the given topic table. A
     * registration whose data_version equals the one held for this broker renews its lease and
     * changes no queue data the group has, but re-adds every listed topic the group lacks (as
     * RocketMQ does): a topic deleted only on the NameServer, or added by the broker without bumping
     * its data_version, is routed again after the broker's next periodic registration. Such a table
     * is read (and validated) only when it differs from the last one applied for the group or an
     * operator changed the group since.
     * All of a registration is applied in one revision or, on error, not at all.
     * Errors (each with a google.rpc.ErrorInfo reason in the status details): INVALID_ARGUMENT
     * (a field breaks its rule; the message names it), FAILED_PRECONDITION (FENCED: fenced off by a
     * newer state_version; OWNERSHIP_CONFLICT: the name or address belongs to another group or
     * cluster).
     * </pre>
     */
    public void registerBroker(io.namesrv.v1.RegisterBrokerRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.RegisterBrokerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRegisterBrokerMethod(), responseObserver);
    }

    /**
     * <pre>
     * UnregisterBroker removes a broker at once (orderly shutdown). Unregistering an unknown broker
     * succeeds with removed = false. When the group loses its last broker, every topic leaves the
     * group in the same revision.
     * </pre>
     */
    public void unregisterBroker(io.namesrv.v1.UnregisterBrokerRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.UnregisterBrokerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUnregisterBrokerMethod(), responseObserver);
    }

    /**
     * <pre>
     * Heartbeat is the liveness stream. The broker sends a HeartbeatRequest every
     * RegisterBrokerResponse.heartbeat_interval_ms; the server answers each one on the same stream.
     * If the stream breaks (cancelled, reset, or half-closed by the broker), the brokers it carried
     * are removed after the server's stream-loss grace unless a new stream or registration for them
     * arrives first. A broker that sends nothing for its heartbeat timeout expires, stream or not.
     * One stream may carry heartbeats for several brokers. An invalid message ends the stream with
     * INVALID_ARGUMENT.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<io.namesrv.v1.HeartbeatRequest> heartbeat(
        io.grpc.stub.StreamObserver<io.namesrv.v1.HeartbeatResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getHeartbeatMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getRegisterBrokerMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.namesrv.v1.RegisterBrokerRequest,
                io.namesrv.v1.RegisterBrokerResponse>(
                  this, METHODID_REGISTER_BROKER)))
          .addMethod(
            getUnregisterBrokerMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.namesrv.v1.UnregisterBrokerRequest,
                io.namesrv.v1.UnregisterBrokerResponse>(
                  this, METHODID_UNREGISTER_BROKER)))
          .addMethod(
            getHeartbeatMethod(),
            io.grpc.stub.ServerCalls.asyncBidiStreamingCall(
              new MethodHandlers<
                io.namesrv.v1.HeartbeatRequest,
                io.namesrv.v1.HeartbeatResponse>(
                  this, METHODID_HEARTBEAT)))
          .build();
    }
  }

  /**
   * <pre>
   * BrokerService is used by brokers: they register their topic table with every NameServer and keep
   * one Heartbeat stream open to each of them. The stream is the liveness signal.
   * Every response carries `epoch` (a random number chosen when the NameServer process starts) and
   * `revision` (the route table's version, bumped once per applied change, never reused within an
   * epoch). A different epoch means the NameServer restarted and lost its state.
   * With authentication on (docs/security.md), calls need a principal with the broker (or admin)
   * role, sent as metadata "authorization: Bearer &lt;token&gt;" or proven by a client certificate; a
   * principal bound to broker names may only name those in broker_name (PERMISSION_DENIED
   * otherwise, which also ends a Heartbeat stream).
   * </pre>
   */
  public static final class BrokerServiceStub extends io.grpc.stub.AbstractAsyncStub<BrokerServiceStub> {
    private BrokerServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected BrokerServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new BrokerServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * RegisterBroker adds or refreshes one broker and, for the group's master (or, with no master,
     * its smallest live slave), replaces the group's queue data with the given topic table. A
     * registration whose data_version equals the one held for this broker renews its lease and
     * changes no queue data the group has, but re-adds every listed topic the group lacks (as
     * RocketMQ does): a topic deleted only on the NameServer, or added by the broker without bumping
     * its data_version, is routed again after the broker's next periodic registration. Such a table
     * is read (and validated) only when it differs from the last one applied for the group or an
     * operator changed the group since.
     * All of a registration is applied in one revision or, on error, not at all.
     * Errors (each with a google.rpc.ErrorInfo reason in the status details): INVALID_ARGUMENT
     * (a field breaks its rule; the message names it), FAILED_PRECONDITION (FENCED: fenced off by a
     * newer state_version; OWNERSHIP_CONFLICT: the name or address belongs to another group or
     * cluster).
     * </pre>
     */
    public void registerBroker(io.namesrv.v1.RegisterBrokerRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.RegisterBrokerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRegisterBrokerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * UnregisterBroker removes a broker at once (orderly shutdown). Unregistering an unknown broker
     * succeeds with removed = false. When the group loses its last broker, every topic leaves the
     * group in the same revision.
     * </pre>
     */
    public void unregisterBroker(io.namesrv.v1.UnregisterBrokerRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.UnregisterBrokerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUnregisterBrokerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Heartbeat is the liveness stream. The broker sends a HeartbeatRequest every
     * RegisterBrokerResponse.heartbeat_interval_ms; the server answers each one on the same stream.
     * If the stream breaks (cancelled, reset, or half-closed by the broker), the brokers it carried
     * are removed after the server's stream-loss grace unless a new stream or registration for them
     * arrives first. A broker that sends nothing for its heartbeat timeout expires, stream or not.
     * One stream may carry heartbeats for several brokers. An invalid message ends the stream with
     * INVALID_ARGUMENT.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<io.namesrv.v1.HeartbeatRequest> heartbeat(
        io.grpc.stub.StreamObserver<io.namesrv.v1.HeartbeatResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
          getChannel().newCall(getHeartbeatMethod(), getCallOptions()), responseObserver);
    }
  }

  /**
   * <pre>
   * BrokerService is used by brokers: they register their topic table with every NameServer and keep
   * one Heartbeat stream open to each of them. The stream is the liveness signal.
   * Every response carries `epoch` (a random number chosen when the NameServer process starts) and
   * `revision` (the route table's version, bumped once per applied change, never reused within an
   * epoch). A different epoch means the NameServer restarted and lost its state.
   * With authentication on (docs/security.md), calls need a principal with the broker (or admin)
   * role, sent as metadata "authorization: Bearer &lt;token&gt;" or proven by a client certificate; a
   * principal bound to broker names may only name those in broker_name (PERMISSION_DENIED
   * otherwise, which also ends a Heartbeat stream).
   * </pre>
   */
  public static final class BrokerServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<BrokerServiceBlockingStub> {
    private BrokerServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected BrokerServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new BrokerServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * RegisterBroker adds or refreshes one broker and, for the group's master (or, with no master,
     * its smallest live slave), replaces the group's queue data with the given topic table. A
     * registration whose data_version equals the one held for this broker renews its lease and
     * changes no queue data the group has, but re-adds every listed topic the group lacks (as
     * RocketMQ does): a topic deleted only on the NameServer, or added by the broker without bumping
     * its data_version, is routed again after the broker's next periodic registration. Such a table
     * is read (and validated) only when it differs from the last one applied for the group or an
     * operator changed the group since.
     * All of a registration is applied in one revision or, on error, not at all.
     * Errors (each with a google.rpc.ErrorInfo reason in the status details): INVALID_ARGUMENT
     * (a field breaks its rule; the message names it), FAILED_PRECONDITION (FENCED: fenced off by a
     * newer state_version; OWNERSHIP_CONFLICT: the name or address belongs to another group or
     * cluster).
     * </pre>
     */
    public io.namesrv.v1.RegisterBrokerResponse registerBroker(io.namesrv.v1.RegisterBrokerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRegisterBrokerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UnregisterBroker removes a broker at once (orderly shutdown). Unregistering an unknown broker
     * succeeds with removed = false. When the group loses its last broker, every topic leaves the
     * group in the same revision.
     * </pre>
     */
    public io.namesrv.v1.UnregisterBrokerResponse unregisterBroker(io.namesrv.v1.UnregisterBrokerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUnregisterBrokerMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * BrokerService is used by brokers: they register their topic table with every NameServer and keep
   * one Heartbeat stream open to each of them. The stream is the liveness signal.
   * Every response carries `epoch` (a random number chosen when the NameServer process starts) and
   * `revision` (the route table's version, bumped once per applied change, never reused within an
   * epoch). A different epoch means the NameServer restarted and lost its state.
   * With authentication on (docs/security.md), calls need a principal with the broker (or admin)
   * role, sent as metadata "authorization: Bearer &lt;token&gt;" or proven by a client certificate; a
   * principal bound to broker names may only name those in broker_name (PERMISSION_DENIED
   * otherwise, which also ends a Heartbeat stream).
   * </pre>
   */
  public static final class BrokerServiceFutureStub extends io.grpc.stub.AbstractFutureStub<BrokerServiceFutureStub> {
    private BrokerServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected BrokerServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new BrokerServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * RegisterBroker adds or refreshes one broker and, for the group's master (or, with no master,
     * its smallest live slave), replaces the group's queue data with the given topic table. A
     * registration whose data_version equals the one held for this broker renews its lease and
     * changes no queue data the group has, but re-adds every listed topic the group lacks (as
     * RocketMQ does): a topic deleted only on the NameServer, or added by the broker without bumping
     * its data_version, is routed again after the broker's next periodic registration. Such a table
     * is read (and validated) only when it differs from the last one applied for the group or an
     * operator changed the group since.
     * All of a registration is applied in one revision or, on error, not at all.
     * Errors (each with a google.rpc.ErrorInfo reason in the status details): INVALID_ARGUMENT
     * (a field breaks its rule; the message names it), FAILED_PRECONDITION (FENCED: fenced off by a
     * newer state_version; OWNERSHIP_CONFLICT: the name or address belongs to another group or
     * cluster).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.RegisterBrokerResponse> registerBroker(
        io.namesrv.v1.RegisterBrokerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRegisterBrokerMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * UnregisterBroker removes a broker at once (orderly shutdown). Unregistering an unknown broker
     * succeeds with removed = false. When the group loses its last broker, every topic leaves the
     * group in the same revision.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.UnregisterBrokerResponse> unregisterBroker(
        io.namesrv.v1.UnregisterBrokerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUnregisterBrokerMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_REGISTER_BROKER = 0;
  private static final int METHODID_UNREGISTER_BROKER = 1;
  private static final int METHODID_HEARTBEAT = 2;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final BrokerServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(BrokerServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_REGISTER_BROKER:
          serviceImpl.registerBroker((io.namesrv.v1.RegisterBrokerRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.RegisterBrokerResponse>) responseObserver);
          break;
        case METHODID_UNREGISTER_BROKER:
          serviceImpl.unregisterBroker((io.namesrv.v1.UnregisterBrokerRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.UnregisterBrokerResponse>) responseObserver);
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
        case METHODID_HEARTBEAT:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.heartbeat(
              (io.grpc.stub.StreamObserver<io.namesrv.v1.HeartbeatResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class BrokerServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    BrokerServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.namesrv.v1.BrokerServiceOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("BrokerService");
    }
  }

  private static final class BrokerServiceFileDescriptorSupplier
      extends BrokerServiceBaseDescriptorSupplier {
    BrokerServiceFileDescriptorSupplier() {}
  }

  private static final class BrokerServiceMethodDescriptorSupplier
      extends BrokerServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    BrokerServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (BrokerServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new BrokerServiceFileDescriptorSupplier())
              .addMethod(getRegisterBrokerMethod())
              .addMethod(getUnregisterBrokerMethod())
              .addMethod(getHeartbeatMethod())
              .build();
        }
      }
    }
    return result;
  }
}
