package io.namesrv.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * AdminService is used by operators and their tools (RocketMQ's mqadmin does the same things
 * through the NameServer's admin request codes): the KV config, draining a broker group, topic
 * administration, topic lists and the runtime config.
 * Every change to routes made here is applied like a broker registration: one batch, one new
 * `revision`, and route watchers (RouteService.WatchRoutes) receive it like any other change. An
 * operation that changes nothing does not bump the revision. Every response carries `epoch`
 * (random per NameServer process start) and `revision` (the route table's version after the call).
 * NameServers are share-nothing peers: apply each operation to every NameServer of the cluster.
 * Names (topic, cluster, broker group) follow the rule of RegisterBrokerRequest: 1..127 characters
 * of [%|a-zA-Z0-9_-]. A field that breaks its rule gives INVALID_ARGUMENT with a message naming the
 * field and the rule ("broker_name: must match ...").
 * With authentication on (docs/security.md), calls need a principal with the admin role:
 * metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler (version 1.70.0)",
    comments = "Source: namesrv/v1/admin_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class AdminServiceGrpc {

  private AdminServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "namesrv.v1.AdminService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.PutKVConfigRequest,
      io.namesrv.v1.PutKVConfigResponse> getPutKVConfigMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "PutKVConfig",
      requestType = io.namesrv.v1.PutKVConfigRequest.class,
      responseType = io.namesrv.v1.PutKVConfigResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.PutKVConfigRequest,
      io.namesrv.v1.PutKVConfigResponse> getPutKVConfigMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.PutKVConfigRequest, io.namesrv.v1.PutKVConfigResponse> getPutKVConfigMethod;
    if ((getPutKVConfigMethod = AdminServiceGrpc.getPutKVConfigMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getPutKVConfigMethod = AdminServiceGrpc.getPutKVConfigMethod) == null) {
          AdminServiceGrpc.getPutKVConfigMethod = getPutKVConfigMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.PutKVConfigRequest, io.namesrv.v1.PutKVConfigResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "PutKVConfig"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.PutKVConfigRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.PutKVConfigResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("PutKVConfig"))
              .build();
        }
      }
    }
    return getPutKVConfigMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.GetKVConfigRequest,
      io.namesrv.v1.GetKVConfigResponse> getGetKVConfigMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetKVConfig",
      requestType = io.namesrv.v1.GetKVConfigRequest.class,
      responseType = io.namesrv.v1.GetKVConfigResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.GetKVConfigRequest,
      io.namesrv.v1.GetKVConfigResponse> getGetKVConfigMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.GetKVConfigRequest, io.namesrv.v1.GetKVConfigResponse> getGetKVConfigMethod;
    if ((getGetKVConfigMethod = AdminServiceGrpc.getGetKVConfigMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getGetKVConfigMethod = AdminServiceGrpc.getGetKVConfigMethod) == null) {
          AdminServiceGrpc.getGetKVConfigMethod = getGetKVConfigMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.GetKVConfigRequest, io.namesrv.v1.GetKVConfigResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetKVConfig"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.GetKVConfigRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.GetKVConfigResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("GetKVConfig"))
              .build();
        }
      }
    }
    return getGetKVConfigMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.DeleteKVConfigRequest,
      io.namesrv.v1.DeleteKVConfigResponse> getDeleteKVConfigMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteKVConfig",
      requestType = io.namesrv.v1.DeleteKVConfigRequest.class,
      responseType = io.namesrv.v1.DeleteKVConfigResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.DeleteKVConfigRequest,
      io.namesrv.v1.DeleteKVConfigResponse> getDeleteKVConfigMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.DeleteKVConfigRequest, io.namesrv.v1.DeleteKVConfigResponse> getDeleteKVConfigMethod;
    if ((getDeleteKVConfigMethod = AdminServiceGrpc.getDeleteKVConfigMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getDeleteKVConfigMethod = AdminServiceGrpc.getDeleteKVConfigMethod) == null) {
          AdminServiceGrpc.getDeleteKVConfigMethod = getDeleteKVConfigMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.DeleteKVConfigRequest, io.namesrv.v1.DeleteKVConfigResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteKVConfig"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.DeleteKVConfigRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.DeleteKVConfigResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("DeleteKVConfig"))
              .build();
        }
      }
    }
    return getDeleteKVConfigMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.ListKVConfigRequest,
      io.namesrv.v1.ListKVConfigResponse> getListKVConfigMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListKVConfig",
      requestType = io.namesrv.v1.ListKVConfigRequest.class,
      responseType = io.namesrv.v1.ListKVConfigResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.ListKVConfigRequest,
      io.namesrv.v1.ListKVConfigResponse> getListKVConfigMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.ListKVConfigRequest, io.namesrv.v1.ListKVConfigResponse> getListKVConfigMethod;
    if ((getListKVConfigMethod = AdminServiceGrpc.getListKVConfigMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getListKVConfigMethod = AdminServiceGrpc.getListKVConfigMethod) == null) {
          AdminServiceGrpc.getListKVConfigMethod = getListKVConfigMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.ListKVConfigRequest, io.namesrv.v1.ListKVConfigResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListKVConfig"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.ListKVConfigRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.ListKVConfigResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("ListKVConfig"))
              .build();
        }
      }
    }
    return getListKVConfigMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.WipeWritePermOfBrokerRequest,
      io.namesrv.v1.WipeWritePermOfBrokerResponse> getWipeWritePermOfBrokerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WipeWritePermOfBroker",
      requestType = io.namesrv.v1.WipeWritePermOfBrokerRequest.class,
      responseType = io.namesrv.v1.WipeWritePermOfBrokerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.WipeWritePermOfBrokerRequest,
      io.namesrv.v1.WipeWritePermOfBrokerResponse> getWipeWritePermOfBrokerMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.WipeWritePermOfBrokerRequest, io.namesrv.v1.WipeWritePermOfBrokerResponse> getWipeWritePermOfBrokerMethod;
    if ((getWipeWritePermOfBrokerMethod = AdminServiceGrpc.getWipeWritePermOfBrokerMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getWipeWritePermOfBrokerMethod = AdminServiceGrpc.getWipeWritePermOfBrokerMethod) == null) {
          AdminServiceGrpc.getWipeWritePermOfBrokerMethod = getWipeWritePermOfBrokerMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.WipeWritePermOfBrokerRequest, io.namesrv.v1.WipeWritePermOfBrokerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WipeWritePermOfBroker"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.WipeWritePermOfBrokerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.WipeWritePermOfBrokerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("WipeWritePermOfBroker"))
              .build();
        }
      }
    }
    return getWipeWritePermOfBrokerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.AddWritePermOfBrokerRequest,
      io.namesrv.v1.AddWritePermOfBrokerResponse> getAddWritePermOfBrokerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AddWritePermOfBroker",
      requestType = io.namesrv.v1.AddWritePermOfBrokerRequest.class,
      responseType = io.namesrv.v1.AddWritePermOfBrokerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.AddWritePermOfBrokerRequest,
      io.namesrv.v1.AddWritePermOfBrokerResponse> getAddWritePermOfBrokerMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.AddWritePermOfBrokerRequest, io.namesrv.v1.AddWritePermOfBrokerResponse> getAddWritePermOfBrokerMethod;
    if ((getAddWritePermOfBrokerMethod = AdminServiceGrpc.getAddWritePermOfBrokerMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getAddWritePermOfBrokerMethod = AdminServiceGrpc.getAddWritePermOfBrokerMethod) == null) {
          AdminServiceGrpc.getAddWritePermOfBrokerMethod = getAddWritePermOfBrokerMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.AddWritePermOfBrokerRequest, io.namesrv.v1.AddWritePermOfBrokerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AddWritePermOfBroker"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.AddWritePermOfBrokerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.AddWritePermOfBrokerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("AddWritePermOfBroker"))
              .build();
        }
      }
    }
    return getAddWritePermOfBrokerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.DeleteTopicRequest,
      io.namesrv.v1.DeleteTopicResponse> getDeleteTopicMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteTopic",
      requestType = io.namesrv.v1.DeleteTopicRequest.class,
      responseType = io.namesrv.v1.DeleteTopicResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.DeleteTopicRequest,
      io.namesrv.v1.DeleteTopicResponse> getDeleteTopicMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.DeleteTopicRequest, io.namesrv.v1.DeleteTopicResponse> getDeleteTopicMethod;
    if ((getDeleteTopicMethod = AdminServiceGrpc.getDeleteTopicMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getDeleteTopicMethod = AdminServiceGrpc.getDeleteTopicMethod) == null) {
          AdminServiceGrpc.getDeleteTopicMethod = getDeleteTopicMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.DeleteTopicRequest, io.namesrv.v1.DeleteTopicResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteTopic"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.DeleteTopicRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.DeleteTopicResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("DeleteTopic"))
              .build();
        }
      }
    }
    return getDeleteTopicMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.RegisterTopicRequest,
      io.namesrv.v1.RegisterTopicResponse> getRegisterTopicMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RegisterTopic",
      requestType = io.namesrv.v1.RegisterTopicRequest.class,
      responseType = io.namesrv.v1.RegisterTopicResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.RegisterTopicRequest,
      io.namesrv.v1.RegisterTopicResponse> getRegisterTopicMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.RegisterTopicRequest, io.namesrv.v1.RegisterTopicResponse> getRegisterTopicMethod;
    if ((getRegisterTopicMethod = AdminServiceGrpc.getRegisterTopicMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getRegisterTopicMethod = AdminServiceGrpc.getRegisterTopicMethod) == null) {
          AdminServiceGrpc.getRegisterTopicMethod = getRegisterTopicMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.RegisterTopicRequest, io.namesrv.v1.RegisterTopicResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RegisterTopic"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.RegisterTopicRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.RegisterTopicResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("RegisterTopic"))
              .build();
        }
      }
    }
    return getRegisterTopicMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.ListSystemTopicsRequest,
      io.namesrv.v1.ListSystemTopicsResponse> getListSystemTopicsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListSystemTopics",
      requestType = io.namesrv.v1.ListSystemTopicsRequest.class,
      responseType = io.namesrv.v1.ListSystemTopicsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.ListSystemTopicsRequest,
      io.namesrv.v1.ListSystemTopicsResponse> getListSystemTopicsMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.ListSystemTopicsRequest, io.namesrv.v1.ListSystemTopicsResponse> getListSystemTopicsMethod;
    if ((getListSystemTopicsMethod = AdminServiceGrpc.getListSystemTopicsMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getListSystemTopicsMethod = AdminServiceGrpc.getListSystemTopicsMethod) == null) {
          AdminServiceGrpc.getListSystemTopicsMethod = getListSystemTopicsMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.ListSystemTopicsRequest, io.namesrv.v1.ListSystemTopicsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListSystemTopics"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.ListSystemTopicsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.ListSystemTopicsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("ListSystemTopics"))
              .build();
        }
      }
    }
    return getListSystemTopicsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.ListUnitTopicsRequest,
      io.namesrv.v1.ListUnitTopicsResponse> getListUnitTopicsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListUnitTopics",
      requestType = io.namesrv.v1.ListUnitTopicsRequest.class,
      responseType = io.namesrv.v1.ListUnitTopicsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.ListUnitTopicsRequest,
      io.namesrv.v1.ListUnitTopicsResponse> getListUnitTopicsMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.ListUnitTopicsRequest, io.namesrv.v1.ListUnitTopicsResponse> getListUnitTopicsMethod;
    if ((getListUnitTopicsMethod = AdminServiceGrpc.getListUnitTopicsMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getListUnitTopicsMethod = AdminServiceGrpc.getListUnitTopicsMethod) == null) {
          AdminServiceGrpc.getListUnitTopicsMethod = getListUnitTopicsMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.ListUnitTopicsRequest, io.namesrv.v1.ListUnitTopicsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListUnitTopics"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.ListUnitTopicsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.ListUnitTopicsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("ListUnitTopics"))
              .build();
        }
      }
    }
    return getListUnitTopicsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.GetRuntimeConfigRequest,
      io.namesrv.v1.GetRuntimeConfigResponse> getGetRuntimeConfigMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetRuntimeConfig",
      requestType = io.namesrv.v1.GetRuntimeConfigRequest.class,
      responseType = io.namesrv.v1.GetRuntimeConfigResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.GetRuntimeConfigRequest,
      io.namesrv.v1.GetRuntimeConfigResponse> getGetRuntimeConfigMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.GetRuntimeConfigRequest, io.namesrv.v1.GetRuntimeConfigResponse> getGetRuntimeConfigMethod;
    if ((getGetRuntimeConfigMethod = AdminServiceGrpc.getGetRuntimeConfigMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getGetRuntimeConfigMethod = AdminServiceGrpc.getGetRuntimeConfigMethod) == null) {
          AdminServiceGrpc.getGetRuntimeConfigMethod = getGetRuntimeConfigMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.GetRuntimeConfigRequest, io.namesrv.v1.GetRuntimeConfigResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetRuntimeConfig"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.GetRuntimeConfigRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.GetRuntimeConfigResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("GetRuntimeConfig"))
              .build();
        }
      }
    }
    return getGetRuntimeConfigMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.namesrv.v1.UpdateRuntimeConfigRequest,
      io.namesrv.v1.UpdateRuntimeConfigResponse> getUpdateRuntimeConfigMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateRuntimeConfig",
      requestType = io.namesrv.v1.UpdateRuntimeConfigRequest.class,
      responseType = io.namesrv.v1.UpdateRuntimeConfigResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.namesrv.v1.UpdateRuntimeConfigRequest,
      io.namesrv.v1.UpdateRuntimeConfigResponse> getUpdateRuntimeConfigMethod() {
    io.grpc.MethodDescriptor<io.namesrv.v1.UpdateRuntimeConfigRequest, io.namesrv.v1.UpdateRuntimeConfigResponse> getUpdateRuntimeConfigMethod;
    if ((getUpdateRuntimeConfigMethod = AdminServiceGrpc.getUpdateRuntimeConfigMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getUpdateRuntimeConfigMethod = AdminServiceGrpc.getUpdateRuntimeConfigMethod) == null) {
          AdminServiceGrpc.getUpdateRuntimeConfigMethod = getUpdateRuntimeConfigMethod =
              io.grpc.MethodDescriptor.<io.namesrv.v1.UpdateRuntimeConfigRequest, io.namesrv.v1.UpdateRuntimeConfigResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateRuntimeConfig"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.UpdateRuntimeConfigRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.namesrv.v1.UpdateRuntimeConfigResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("UpdateRuntimeConfig"))
              .build();
        }
      }
    }
    return getUpdateRuntimeConfigMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AdminServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminServiceStub>() {
        @java.lang.Override
        public AdminServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminServiceStub(channel, callOptions);
        }
      };
    return AdminServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static AdminServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminServiceBlockingV2Stub>() {
        @java.lang.Override
        public AdminServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return AdminServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AdminServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminServiceBlockingStub>() {
        @java.lang.Override
        public AdminServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminServiceBlockingStub(channel, callOptions);
        }
      };
    return AdminServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AdminServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminServiceFutureStub>() {
        @java.lang.Override
        public AdminServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminServiceFutureStub(channel, callOptions);
        }
      };
    return AdminServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * AdminService is used by operators and their tools (RocketMQ's mqadmin does the same things
   * through the NameServer's admin request codes): the KV config, draining a broker group, topic
   * administration, topic lists and the runtime config.
   * Every change to routes made here is applied like a broker registration: one batch, one new
   * `revision`, and route watchers (RouteService.WatchRoutes) receive it like any other change. An
   * operation that changes nothing does not bump the revision. Every response carries `epoch`
   * (random per NameServer process start) and `revision` (the route table's version after the call).
   * NameServers are share-nothing peers: apply each operation to every NameServer of the cluster.
   * Names (topic, cluster, broker group) follow the rule of RegisterBrokerRequest: 1..127 characters
   * of [%|a-zA-Z0-9_-]. A field that breaks its rule gives INVALID_ARGUMENT with a message naming the
   * field and the rule ("broker_name: must match ...").
   * With authentication on (docs/security.md), calls need a principal with the admin role:
   * metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * PutKVConfig creates or replaces one KV config entry. The whole KV config is persisted (atomic
     * write and fsync) before the call returns and before anyone can read the new value; it survives
     * restarts. An entry of namespace ORDER_TOPIC_CONFIG is the ordered-topic configuration of the
     * topic named by its key: it becomes that topic's TopicRouteData.order_topic_conf (a route
     * change at a new revision when the topic exists).
     * Errors: INVALID_ARGUMENT, RESOURCE_EXHAUSTED (at most 100000 entries in all namespaces).
     * </pre>
     */
    default void putKVConfig(io.namesrv.v1.PutKVConfigRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.PutKVConfigResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPutKVConfigMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetKVConfig returns one entry. Errors: INVALID_ARGUMENT, NOT_FOUND (no such entry).
     * </pre>
     */
    default void getKVConfig(io.namesrv.v1.GetKVConfigRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.GetKVConfigResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetKVConfigMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteKVConfig removes one entry, persisted like PutKVConfig. Deleting a missing entry
     * succeeds with deleted = false (idempotent, as in RocketMQ).
     * Errors: INVALID_ARGUMENT.
     * </pre>
     */
    default void deleteKVConfig(io.namesrv.v1.DeleteKVConfigRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.DeleteKVConfigResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteKVConfigMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListKVConfig returns every entry of one namespace; an unknown or empty namespace gives an empty
     * list. It shows entries as they are held, including those of a RocketMQ kvConfig.json that
     * PutKVConfig would refuse: an ORDER_TOPIC_CONFIG value that is not "brokerName:queueNums;..."
     * (RocketMQ stores any value) is loaded with a warning and left out of routes.
     * Errors: INVALID_ARGUMENT.
     * </pre>
     */
    default void listKVConfig(io.namesrv.v1.ListKVConfigRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.ListKVConfigResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListKVConfigMethod(), responseObserver);
    }

    /**
     * <pre>
     * WipeWritePermOfBroker drains a broker group before maintenance: its queue datas are published
     * without the WRITE bit, so producers stop sending to it while consumers keep reading. The drain
     * is sticky: it also applies to the group's later registrations, until AddWritePermOfBroker (or
     * until the group leaves the NameServer). One revision for all the group's topics.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (no such broker group).
     * </pre>
     */
    default void wipeWritePermOfBroker(io.namesrv.v1.WipeWritePermOfBrokerRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.WipeWritePermOfBrokerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWipeWritePermOfBrokerMethod(), responseObserver);
    }

    /**
     * <pre>
     * AddWritePermOfBroker ends a drain: the group's queue datas carry the permissions their
     * registration gave them again (a topic registered read-only stays read-only). One revision.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (no such broker group).
     * </pre>
     */
    default void addWritePermOfBroker(io.namesrv.v1.AddWritePermOfBrokerRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.AddWritePermOfBrokerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAddWritePermOfBrokerMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteTopic removes a topic's queue datas from every broker group, or only from the groups of
     * one cluster. A topic left with no queue data is removed (watchers receive removed = true).
     * A broker still holding the topic brings it back with its next registration (as RocketMQ),
     * even one with an unchanged data_version: the periodic re-registration heals the group.
     * Idempotent: deleting what is not there succeeds and removes nothing. Errors: INVALID_ARGUMENT.
     * </pre>
     */
    default void deleteTopic(io.namesrv.v1.DeleteTopicRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.DeleteTopicResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteTopicMethod(), responseObserver);
    }

    /**
     * <pre>
     * RegisterTopic sets one topic's queue data on existing broker groups (creating the topic when
     * it is new), leaving its queue data on other groups as it is. Permissions are kept as given (a
     * drained group, or a masterless one in acting-master mode, is presented without WRITE). The
     * group's master replaces its topic table with its next changed registration, which drops the
     * topic from the group unless the broker holds it.
     * All of the request is applied in one revision or, on error, not at all.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (a broker group that is not registered).
     * </pre>
     */
    default void registerTopic(io.namesrv.v1.RegisterTopicRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.RegisterTopicResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRegisterTopicMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListSystemTopics returns RocketMQ's "system topic list": the name of every cluster and of
     * every broker group (each broker serves a topic named after its cluster and one after its
     * group), or only those of one cluster. Errors: INVALID_ARGUMENT, NOT_FOUND (unknown cluster).
     * </pre>
     */
    default void listSystemTopics(io.namesrv.v1.ListSystemTopicsRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.ListSystemTopicsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListSystemTopicsMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListUnitTopics returns the topics whose topic_sys_flag has the unit / unit-sub flags asked for,
     * of all clusters or of one. Errors: INVALID_ARGUMENT, NOT_FOUND (unknown cluster).
     * </pre>
     */
    default void listUnitTopics(io.namesrv.v1.ListUnitTopicsRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.ListUnitTopicsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListUnitTopicsMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetRuntimeConfig returns the effective configuration of the running NameServer, including
     * changes made by UpdateRuntimeConfig, and which keys may be updated at runtime.
     * </pre>
     */
    default void getRuntimeConfig(io.namesrv.v1.GetRuntimeConfigRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.GetRuntimeConfigResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetRuntimeConfigMethod(), responseObserver);
    }

    /**
     * <pre>
     * UpdateRuntimeConfig changes settings of the running NameServer. Only the keys listed in
     * GetRuntimeConfigResponse.updatable_keys are accepted: never paths, never listen addresses
     * (CVE-2023-37582 came through RocketMQ's config update). The update is all or nothing, takes
     * effect at once, and lasts until the process stops (it is not written to any file).
     * Errors: INVALID_ARGUMENT (unknown key, key not updatable at runtime, bad value; the message
     * names the key and the rule).
     * </pre>
     */
    default void updateRuntimeConfig(io.namesrv.v1.UpdateRuntimeConfigRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.UpdateRuntimeConfigResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateRuntimeConfigMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service AdminService.
   * <pre>
   * AdminService is used by operators and their tools (RocketMQ's mqadmin does the same things
   * through the NameServer's admin request codes): the KV config, draining a broker group, topic
   * administration, topic lists and the runtime config.
   * Every change to routes made here is applied like a broker registration: one batch, one new
   * `revision`, and route watchers (RouteService.WatchRoutes) receive it like any other change. An
   * operation that changes nothing does not bump the revision. Every response carries `epoch`
   * (random per NameServer process start) and `revision` (the route table's version after the call).
   * NameServers are share-nothing peers: apply each operation to every NameServer of the cluster.
   * Names (topic, cluster, broker group) follow the rule of RegisterBrokerRequest: 1..127 characters
   * of [%|a-zA-Z0-9_-]. A field that breaks its rule gives INVALID_ARGUMENT with a message naming the
   * field and the rule ("broker_name: must match ...").
   * With authentication on (docs/security.md), calls need a principal with the admin role:
   * metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
   * </pre>
   */
  public static abstract class AdminServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return AdminServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service AdminService.
   * <pre>
   * AdminService is used by operators and their tools (RocketMQ's mqadmin does the same things
   * through the NameServer's admin request codes): the KV config, draining a broker group, topic
   * administration, topic lists and the runtime config.
   * Every change to routes made here is applied like a broker registration: one batch, one new
   * `revision`, and route watchers (RouteService.WatchRoutes) receive it like any other change. An
   * operation that changes nothing does not bump the revision. Every response carries `epoch`
   * (random per NameServer process start) and `revision` (the route table's version after the call).
   * NameServers are share-nothing peers: apply each operation to every NameServer of the cluster.
   * Names (topic, cluster, broker group) follow the rule of RegisterBrokerRequest: 1..127 characters
   * of [%|a-zA-Z0-9_-]. A field that breaks its rule gives INVALID_ARGUMENT with a message naming the
   * field and the rule ("broker_name: must match ...").
   * With authentication on (docs/security.md), calls need a principal with the admin role:
   * metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
   * </pre>
   */
  public static final class AdminServiceStub
      extends io.grpc.stub.AbstractAsyncStub<AdminServiceStub> {
    private AdminServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * PutKVConfig creates or replaces one KV config entry. The whole KV config is persisted (atomic
     * write and fsync) before the call returns and before anyone can read the new value; it survives
     * restarts. An entry of namespace ORDER_TOPIC_CONFIG is the ordered-topic configuration of the
     * topic named by its key: it becomes that topic's TopicRouteData.order_topic_conf (a route
     * change at a new revision when the topic exists).
     * Errors: INVALID_ARGUMENT, RESOURCE_EXHAUSTED (at most 100000 entries in all namespaces).
     * </pre>
     */
    public void putKVConfig(io.namesrv.v1.PutKVConfigRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.PutKVConfigResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getPutKVConfigMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetKVConfig returns one entry. Errors: INVALID_ARGUMENT, NOT_FOUND (no such entry).
     * </pre>
     */
    public void getKVConfig(io.namesrv.v1.GetKVConfigRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.GetKVConfigResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetKVConfigMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteKVConfig removes one entry, persisted like PutKVConfig. Deleting a missing entry
     * succeeds with deleted = false (idempotent, as in RocketMQ).
     * Errors: INVALID_ARGUMENT.
     * </pre>
     */
    public void deleteKVConfig(io.namesrv.v1.DeleteKVConfigRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.DeleteKVConfigResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteKVConfigMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListKVConfig returns every entry of one namespace; an unknown or empty namespace gives an empty
     * list. It shows entries as they are held, including those of a RocketMQ kvConfig.json that
     * PutKVConfig would refuse: an ORDER_TOPIC_CONFIG value that is not "brokerName:queueNums;..."
     * (RocketMQ stores any value) is loaded with a warning and left out of routes.
     * Errors: INVALID_ARGUMENT.
     * </pre>
     */
    public void listKVConfig(io.namesrv.v1.ListKVConfigRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.ListKVConfigResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListKVConfigMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * WipeWritePermOfBroker drains a broker group before maintenance: its queue datas are published
     * without the WRITE bit, so producers stop sending to it while consumers keep reading. The drain
     * is sticky: it also applies to the group's later registrations, until AddWritePermOfBroker (or
     * until the group leaves the NameServer). One revision for all the group's topics.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (no such broker group).
     * </pre>
     */
    public void wipeWritePermOfBroker(io.namesrv.v1.WipeWritePermOfBrokerRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.WipeWritePermOfBrokerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getWipeWritePermOfBrokerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * AddWritePermOfBroker ends a drain: the group's queue datas carry the permissions their
     * registration gave them again (a topic registered read-only stays read-only). One revision.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (no such broker group).
     * </pre>
     */
    public void addWritePermOfBroker(io.namesrv.v1.AddWritePermOfBrokerRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.AddWritePermOfBrokerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAddWritePermOfBrokerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteTopic removes a topic's queue datas from every broker group, or only from the groups of
     * one cluster. A topic left with no queue data is removed (watchers receive removed = true).
     * A broker still holding the topic brings it back with its next registration (as RocketMQ),
     * even one with an unchanged data_version: the periodic re-registration heals the group.
     * Idempotent: deleting what is not there succeeds and removes nothing. Errors: INVALID_ARGUMENT.
     * </pre>
     */
    public void deleteTopic(io.namesrv.v1.DeleteTopicRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.DeleteTopicResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteTopicMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * RegisterTopic sets one topic's queue data on existing broker groups (creating the topic when
     * it is new), leaving its queue data on other groups as it is. Permissions are kept as given (a
     * drained group, or a masterless one in acting-master mode, is presented without WRITE). The
     * group's master replaces its topic table with its next changed registration, which drops the
     * topic from the group unless the broker holds it.
     * All of the request is applied in one revision or, on error, not at all.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (a broker group that is not registered).
     * </pre>
     */
    public void registerTopic(io.namesrv.v1.RegisterTopicRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.RegisterTopicResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRegisterTopicMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListSystemTopics returns RocketMQ's "system topic list": the name of every cluster and of
     * every broker group (each broker serves a topic named after its cluster and one after its
     * group), or only those of one cluster. Errors: INVALID_ARGUMENT, NOT_FOUND (unknown cluster).
     * </pre>
     */
    public void listSystemTopics(io.namesrv.v1.ListSystemTopicsRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.ListSystemTopicsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListSystemTopicsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListUnitTopics returns the topics whose topic_sys_flag has the unit / unit-sub flags asked for,
     * of all clusters or of one. Errors: INVALID_ARGUMENT, NOT_FOUND (unknown cluster).
     * </pre>
     */
    public void listUnitTopics(io.namesrv.v1.ListUnitTopicsRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.ListUnitTopicsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListUnitTopicsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetRuntimeConfig returns the effective configuration of the running NameServer, including
     * changes made by UpdateRuntimeConfig, and which keys may be updated at runtime.
     * </pre>
     */
    public void getRuntimeConfig(io.namesrv.v1.GetRuntimeConfigRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.GetRuntimeConfigResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetRuntimeConfigMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * UpdateRuntimeConfig changes settings of the running NameServer. Only the keys listed in
     * GetRuntimeConfigResponse.updatable_keys are accepted: never paths, never listen addresses
     * (CVE-2023-37582 came through RocketMQ's config update). The update is all or nothing, takes
     * effect at once, and lasts until the process stops (it is not written to any file).
     * Errors: INVALID_ARGUMENT (unknown key, key not updatable at runtime, bad value; the message
     * names the key and the rule).
     * </pre>
     */
    public void updateRuntimeConfig(io.namesrv.v1.UpdateRuntimeConfigRequest request,
        io.grpc.stub.StreamObserver<io.namesrv.v1.UpdateRuntimeConfigResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateRuntimeConfigMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service AdminService.
   * <pre>
   * AdminService is used by operators and their tools (RocketMQ's mqadmin does the same things
   * through the NameServer's admin request codes): the KV config, draining a broker group, topic
   * administration, topic lists and the runtime config.
   * Every change to routes made here is applied like a broker registration: one batch, one new
   * `revision`, and route watchers (RouteService.WatchRoutes) receive it like any other change. An
   * operation that changes nothing does not bump the revision. Every response carries `epoch`
   * (random per NameServer process start) and `revision` (the route table's version after the call).
   * NameServers are share-nothing peers: apply each operation to every NameServer of the cluster.
   * Names (topic, cluster, broker group) follow the rule of RegisterBrokerRequest: 1..127 characters
   * of [%|a-zA-Z0-9_-]. A field that breaks its rule gives INVALID_ARGUMENT with a message naming the
   * field and the rule ("broker_name: must match ...").
   * With authentication on (docs/security.md), calls need a principal with the admin role:
   * metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
   * </pre>
   */
  public static final class AdminServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<AdminServiceBlockingV2Stub> {
    private AdminServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * PutKVConfig creates or replaces one KV config entry. The whole KV config is persisted (atomic
     * write and fsync) before the call returns and before anyone can read the new value; it survives
     * restarts. An entry of namespace ORDER_TOPIC_CONFIG is the ordered-topic configuration of the
     * topic named by its key: it becomes that topic's TopicRouteData.order_topic_conf (a route
     * change at a new revision when the topic exists).
     * Errors: INVALID_ARGUMENT, RESOURCE_EXHAUSTED (at most 100000 entries in all namespaces).
     * </pre>
     */
    public io.namesrv.v1.PutKVConfigResponse putKVConfig(io.namesrv.v1.PutKVConfigRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPutKVConfigMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetKVConfig returns one entry. Errors: INVALID_ARGUMENT, NOT_FOUND (no such entry).
     * </pre>
     */
    public io.namesrv.v1.GetKVConfigResponse getKVConfig(io.namesrv.v1.GetKVConfigRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetKVConfigMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteKVConfig removes one entry, persisted like PutKVConfig. Deleting a missing entry
     * succeeds with deleted = false (idempotent, as in RocketMQ).
     * Errors: INVALID_ARGUMENT.
     * </pre>
     */
    public io.namesrv.v1.DeleteKVConfigResponse deleteKVConfig(io.namesrv.v1.DeleteKVConfigRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteKVConfigMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListKVConfig returns every entry of one namespace; an unknown or empty namespace gives an empty
     * list. It shows entries as they are held, including those of a RocketMQ kvConfig.json that
     * PutKVConfig would refuse: an ORDER_TOPIC_CONFIG value that is not "brokerName:queueNums;..."
     * (RocketMQ stores any value) is loaded with a warning and left out of routes.
     * Errors: INVALID_ARGUMENT.
     * </pre>
     */
    public io.namesrv.v1.ListKVConfigResponse listKVConfig(io.namesrv.v1.ListKVConfigRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListKVConfigMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * WipeWritePermOfBroker drains a broker group before maintenance: its queue datas are published
     * without the WRITE bit, so producers stop sending to it while consumers keep reading. The drain
     * is sticky: it also applies to the group's later registrations, until AddWritePermOfBroker (or
     * until the group leaves the NameServer). One revision for all the group's topics.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (no such broker group).
     * </pre>
     */
    public io.namesrv.v1.WipeWritePermOfBrokerResponse wipeWritePermOfBroker(io.namesrv.v1.WipeWritePermOfBrokerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getWipeWritePermOfBrokerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * AddWritePermOfBroker ends a drain: the group's queue datas carry the permissions their
     * registration gave them again (a topic registered read-only stays read-only). One revision.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (no such broker group).
     * </pre>
     */
    public io.namesrv.v1.AddWritePermOfBrokerResponse addWritePermOfBroker(io.namesrv.v1.AddWritePermOfBrokerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAddWritePermOfBrokerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteTopic removes a topic's queue datas from every broker group, or only from the groups of
     * one cluster. A topic left with no queue data is removed (watchers receive removed = true).
     * A broker still holding the topic brings it back with its next registration (as RocketMQ),
     * even one with an unchanged data_version: the periodic re-registration heals the group.
     * Idempotent: deleting what is not there succeeds and removes nothing. Errors: INVALID_ARGUMENT.
     * </pre>
     */
    public io.namesrv.v1.DeleteTopicResponse deleteTopic(io.namesrv.v1.DeleteTopicRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteTopicMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * RegisterTopic sets one topic's queue data on existing broker groups (creating the topic when
     * it is new), leaving its queue data on other groups as it is. Permissions are kept as given (a
     * drained group, or a masterless one in acting-master mode, is presented without WRITE). The
     * group's master replaces its topic table with its next changed registration, which drops the
     * topic from the group unless the broker holds it.
     * All of the request is applied in one revision or, on error, not at all.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (a broker group that is not registered).
     * </pre>
     */
    public io.namesrv.v1.RegisterTopicResponse registerTopic(io.namesrv.v1.RegisterTopicRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRegisterTopicMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListSystemTopics returns RocketMQ's "system topic list": the name of every cluster and of
     * every broker group (each broker serves a topic named after its cluster and one after its
     * group), or only those of one cluster. Errors: INVALID_ARGUMENT, NOT_FOUND (unknown cluster).
     * </pre>
     */
    public io.namesrv.v1.ListSystemTopicsResponse listSystemTopics(io.namesrv.v1.ListSystemTopicsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListSystemTopicsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListUnitTopics returns the topics whose topic_sys_flag has the unit / unit-sub flags asked for,
     * of all clusters or of one. Errors: INVALID_ARGUMENT, NOT_FOUND (unknown cluster).
     * </pre>
     */
    public io.namesrv.v1.ListUnitTopicsResponse listUnitTopics(io.namesrv.v1.ListUnitTopicsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListUnitTopicsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetRuntimeConfig returns the effective configuration of the running NameServer, including
     * changes made by UpdateRuntimeConfig, and which keys may be updated at runtime.
     * </pre>
     */
    public io.namesrv.v1.GetRuntimeConfigResponse getRuntimeConfig(io.namesrv.v1.GetRuntimeConfigRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetRuntimeConfigMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UpdateRuntimeConfig changes settings of the running NameServer. Only the keys listed in
     * GetRuntimeConfigResponse.updatable_keys are accepted: never paths, never listen addresses
     * (CVE-2023-37582 came through RocketMQ's config update). The update is all or nothing, takes
     * effect at once, and lasts until the process stops (it is not written to any file).
     * Errors: INVALID_ARGUMENT (unknown key, key not updatable at runtime, bad value; the message
     * names the key and the rule).
     * </pre>
     */
    public io.namesrv.v1.UpdateRuntimeConfigResponse updateRuntimeConfig(io.namesrv.v1.UpdateRuntimeConfigRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateRuntimeConfigMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service AdminService.
   * <pre>
   * AdminService is used by operators and their tools (RocketMQ's mqadmin does the same things
   * through the NameServer's admin request codes): the KV config, draining a broker group, topic
   * administration, topic lists and the runtime config.
   * Every change to routes made here is applied like a broker registration: one batch, one new
   * `revision`, and route watchers (RouteService.WatchRoutes) receive it like any other change. An
   * operation that changes nothing does not bump the revision. Every response carries `epoch`
   * (random per NameServer process start) and `revision` (the route table's version after the call).
   * NameServers are share-nothing peers: apply each operation to every NameServer of the cluster.
   * Names (topic, cluster, broker group) follow the rule of RegisterBrokerRequest: 1..127 characters
   * of [%|a-zA-Z0-9_-]. A field that breaks its rule gives INVALID_ARGUMENT with a message naming the
   * field and the rule ("broker_name: must match ...").
   * With authentication on (docs/security.md), calls need a principal with the admin role:
   * metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
   * </pre>
   */
  public static final class AdminServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<AdminServiceBlockingStub> {
    private AdminServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * PutKVConfig creates or replaces one KV config entry. The whole KV config is persisted (atomic
     * write and fsync) before the call returns and before anyone can read the new value; it survives
     * restarts. An entry of namespace ORDER_TOPIC_CONFIG is the ordered-topic configuration of the
     * topic named by its key: it becomes that topic's TopicRouteData.order_topic_conf (a route
     * change at a new revision when the topic exists).
     * Errors: INVALID_ARGUMENT, RESOURCE_EXHAUSTED (at most 100000 entries in all namespaces).
     * </pre>
     */
    public io.namesrv.v1.PutKVConfigResponse putKVConfig(io.namesrv.v1.PutKVConfigRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPutKVConfigMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetKVConfig returns one entry. Errors: INVALID_ARGUMENT, NOT_FOUND (no such entry).
     * </pre>
     */
    public io.namesrv.v1.GetKVConfigResponse getKVConfig(io.namesrv.v1.GetKVConfigRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetKVConfigMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteKVConfig removes one entry, persisted like PutKVConfig. Deleting a missing entry
     * succeeds with deleted = false (idempotent, as in RocketMQ).
     * Errors: INVALID_ARGUMENT.
     * </pre>
     */
    public io.namesrv.v1.DeleteKVConfigResponse deleteKVConfig(io.namesrv.v1.DeleteKVConfigRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteKVConfigMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListKVConfig returns every entry of one namespace; an unknown or empty namespace gives an empty
     * list. It shows entries as they are held, including those of a RocketMQ kvConfig.json that
     * PutKVConfig would refuse: an ORDER_TOPIC_CONFIG value that is not "brokerName:queueNums;..."
     * (RocketMQ stores any value) is loaded with a warning and left out of routes.
     * Errors: INVALID_ARGUMENT.
     * </pre>
     */
    public io.namesrv.v1.ListKVConfigResponse listKVConfig(io.namesrv.v1.ListKVConfigRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListKVConfigMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * WipeWritePermOfBroker drains a broker group before maintenance: its queue datas are published
     * without the WRITE bit, so producers stop sending to it while consumers keep reading. The drain
     * is sticky: it also applies to the group's later registrations, until AddWritePermOfBroker (or
     * until the group leaves the NameServer). One revision for all the group's topics.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (no such broker group).
     * </pre>
     */
    public io.namesrv.v1.WipeWritePermOfBrokerResponse wipeWritePermOfBroker(io.namesrv.v1.WipeWritePermOfBrokerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getWipeWritePermOfBrokerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * AddWritePermOfBroker ends a drain: the group's queue datas carry the permissions their
     * registration gave them again (a topic registered read-only stays read-only). One revision.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (no such broker group).
     * </pre>
     */
    public io.namesrv.v1.AddWritePermOfBrokerResponse addWritePermOfBroker(io.namesrv.v1.AddWritePermOfBrokerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAddWritePermOfBrokerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteTopic removes a topic's queue datas from every broker group, or only from the groups of
     * one cluster. A topic left with no queue data is removed (watchers receive removed = true).
     * A broker still holding the topic brings it back with its next registration (as RocketMQ),
     * even one with an unchanged data_version: the periodic re-registration heals the group.
     * Idempotent: deleting what is not there succeeds and removes nothing. Errors: INVALID_ARGUMENT.
     * </pre>
     */
    public io.namesrv.v1.DeleteTopicResponse deleteTopic(io.namesrv.v1.DeleteTopicRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteTopicMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * RegisterTopic sets one topic's queue data on existing broker groups (creating the topic when
     * it is new), leaving its queue data on other groups as it is. Permissions are kept as given (a
     * drained group, or a masterless one in acting-master mode, is presented without WRITE). The
     * group's master replaces its topic table with its next changed registration, which drops the
     * topic from the group unless the broker holds it.
     * All of the request is applied in one revision or, on error, not at all.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (a broker group that is not registered).
     * </pre>
     */
    public io.namesrv.v1.RegisterTopicResponse registerTopic(io.namesrv.v1.RegisterTopicRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRegisterTopicMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListSystemTopics returns RocketMQ's "system topic list": the name of every cluster and of
     * every broker group (each broker serves a topic named after its cluster and one after its
     * group), or only those of one cluster. Errors: INVALID_ARGUMENT, NOT_FOUND (unknown cluster).
     * </pre>
     */
    public io.namesrv.v1.ListSystemTopicsResponse listSystemTopics(io.namesrv.v1.ListSystemTopicsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListSystemTopicsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListUnitTopics returns the topics whose topic_sys_flag has the unit / unit-sub flags asked for,
     * of all clusters or of one. Errors: INVALID_ARGUMENT, NOT_FOUND (unknown cluster).
     * </pre>
     */
    public io.namesrv.v1.ListUnitTopicsResponse listUnitTopics(io.namesrv.v1.ListUnitTopicsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListUnitTopicsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetRuntimeConfig returns the effective configuration of the running NameServer, including
     * changes made by UpdateRuntimeConfig, and which keys may be updated at runtime.
     * </pre>
     */
    public io.namesrv.v1.GetRuntimeConfigResponse getRuntimeConfig(io.namesrv.v1.GetRuntimeConfigRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetRuntimeConfigMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UpdateRuntimeConfig changes settings of the running NameServer. Only the keys listed in
     * GetRuntimeConfigResponse.updatable_keys are accepted: never paths, never listen addresses
     * (CVE-2023-37582 came through RocketMQ's config update). The update is all or nothing, takes
     * effect at once, and lasts until the process stops (it is not written to any file).
     * Errors: INVALID_ARGUMENT (unknown key, key not updatable at runtime, bad value; the message
     * names the key and the rule).
     * </pre>
     */
    public io.namesrv.v1.UpdateRuntimeConfigResponse updateRuntimeConfig(io.namesrv.v1.UpdateRuntimeConfigRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateRuntimeConfigMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service AdminService.
   * <pre>
   * AdminService is used by operators and their tools (RocketMQ's mqadmin does the same things
   * through the NameServer's admin request codes): the KV config, draining a broker group, topic
   * administration, topic lists and the runtime config.
   * Every change to routes made here is applied like a broker registration: one batch, one new
   * `revision`, and route watchers (RouteService.WatchRoutes) receive it like any other change. An
   * operation that changes nothing does not bump the revision. Every response carries `epoch`
   * (random per NameServer process start) and `revision` (the route table's version after the call).
   * NameServers are share-nothing peers: apply each operation to every NameServer of the cluster.
   * Names (topic, cluster, broker group) follow the rule of RegisterBrokerRequest: 1..127 characters
   * of [%|a-zA-Z0-9_-]. A field that breaks its rule gives INVALID_ARGUMENT with a message naming the
   * field and the rule ("broker_name: must match ...").
   * With authentication on (docs/security.md), calls need a principal with the admin role:
   * metadata "authorization: Bearer &lt;token&gt;" or a client certificate.
   * </pre>
   */
  public static final class AdminServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<AdminServiceFutureStub> {
    private AdminServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * PutKVConfig creates or replaces one KV config entry. The whole KV config is persisted (atomic
     * write and fsync) before the call returns and before anyone can read the new value; it survives
     * restarts. An entry of namespace ORDER_TOPIC_CONFIG is the ordered-topic configuration of the
     * topic named by its key: it becomes that topic's TopicRouteData.order_topic_conf (a route
     * change at a new revision when the topic exists).
     * Errors: INVALID_ARGUMENT, RESOURCE_EXHAUSTED (at most 100000 entries in all namespaces).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.PutKVConfigResponse> putKVConfig(
        io.namesrv.v1.PutKVConfigRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getPutKVConfigMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetKVConfig returns one entry. Errors: INVALID_ARGUMENT, NOT_FOUND (no such entry).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.GetKVConfigResponse> getKVConfig(
        io.namesrv.v1.GetKVConfigRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetKVConfigMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteKVConfig removes one entry, persisted like PutKVConfig. Deleting a missing entry
     * succeeds with deleted = false (idempotent, as in RocketMQ).
     * Errors: INVALID_ARGUMENT.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.DeleteKVConfigResponse> deleteKVConfig(
        io.namesrv.v1.DeleteKVConfigRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteKVConfigMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListKVConfig returns every entry of one namespace; an unknown or empty namespace gives an empty
     * list. It shows entries as they are held, including those of a RocketMQ kvConfig.json that
     * PutKVConfig would refuse: an ORDER_TOPIC_CONFIG value that is not "brokerName:queueNums;..."
     * (RocketMQ stores any value) is loaded with a warning and left out of routes.
     * Errors: INVALID_ARGUMENT.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.ListKVConfigResponse> listKVConfig(
        io.namesrv.v1.ListKVConfigRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListKVConfigMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * WipeWritePermOfBroker drains a broker group before maintenance: its queue datas are published
     * without the WRITE bit, so producers stop sending to it while consumers keep reading. The drain
     * is sticky: it also applies to the group's later registrations, until AddWritePermOfBroker (or
     * until the group leaves the NameServer). One revision for all the group's topics.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (no such broker group).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.WipeWritePermOfBrokerResponse> wipeWritePermOfBroker(
        io.namesrv.v1.WipeWritePermOfBrokerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getWipeWritePermOfBrokerMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * AddWritePermOfBroker ends a drain: the group's queue datas carry the permissions their
     * registration gave them again (a topic registered read-only stays read-only). One revision.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (no such broker group).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.AddWritePermOfBrokerResponse> addWritePermOfBroker(
        io.namesrv.v1.AddWritePermOfBrokerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAddWritePermOfBrokerMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteTopic removes a topic's queue datas from every broker group, or only from the groups of
     * one cluster. A topic left with no queue data is removed (watchers receive removed = true).
     * A broker still holding the topic brings it back with its next registration (as RocketMQ),
     * even one with an unchanged data_version: the periodic re-registration heals the group.
     * Idempotent: deleting what is not there succeeds and removes nothing. Errors: INVALID_ARGUMENT.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.DeleteTopicResponse> deleteTopic(
        io.namesrv.v1.DeleteTopicRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteTopicMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * RegisterTopic sets one topic's queue data on existing broker groups (creating the topic when
     * it is new), leaving its queue data on other groups as it is. Permissions are kept as given (a
     * drained group, or a masterless one in acting-master mode, is presented without WRITE). The
     * group's master replaces its topic table with its next changed registration, which drops the
     * topic from the group unless the broker holds it.
     * All of the request is applied in one revision or, on error, not at all.
     * Errors: INVALID_ARGUMENT, NOT_FOUND (a broker group that is not registered).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.RegisterTopicResponse> registerTopic(
        io.namesrv.v1.RegisterTopicRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRegisterTopicMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListSystemTopics returns RocketMQ's "system topic list": the name of every cluster and of
     * every broker group (each broker serves a topic named after its cluster and one after its
     * group), or only those of one cluster. Errors: INVALID_ARGUMENT, NOT_FOUND (unknown cluster).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.ListSystemTopicsResponse> listSystemTopics(
        io.namesrv.v1.ListSystemTopicsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListSystemTopicsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListUnitTopics returns the topics whose topic_sys_flag has the unit / unit-sub flags asked for,
     * of all clusters or of one. Errors: INVALID_ARGUMENT, NOT_FOUND (unknown cluster).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.ListUnitTopicsResponse> listUnitTopics(
        io.namesrv.v1.ListUnitTopicsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListUnitTopicsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetRuntimeConfig returns the effective configuration of the running NameServer, including
     * changes made by UpdateRuntimeConfig, and which keys may be updated at runtime.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.GetRuntimeConfigResponse> getRuntimeConfig(
        io.namesrv.v1.GetRuntimeConfigRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetRuntimeConfigMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * UpdateRuntimeConfig changes settings of the running NameServer. Only the keys listed in
     * GetRuntimeConfigResponse.updatable_keys are accepted: never paths, never listen addresses
     * (CVE-2023-37582 came through RocketMQ's config update). The update is all or nothing, takes
     * effect at once, and lasts until the process stops (it is not written to any file).
     * Errors: INVALID_ARGUMENT (unknown key, key not updatable at runtime, bad value; the message
     * names the key and the rule).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.namesrv.v1.UpdateRuntimeConfigResponse> updateRuntimeConfig(
        io.namesrv.v1.UpdateRuntimeConfigRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateRuntimeConfigMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_PUT_KVCONFIG = 0;
  private static final int METHODID_GET_KVCONFIG = 1;
  private static final int METHODID_DELETE_KVCONFIG = 2;
  private static final int METHODID_LIST_KVCONFIG = 3;
  private static final int METHODID_WIPE_WRITE_PERM_OF_BROKER = 4;
  private static final int METHODID_ADD_WRITE_PERM_OF_BROKER = 5;
  private static final int METHODID_DELETE_TOPIC = 6;
  private static final int METHODID_REGISTER_TOPIC = 7;
  private static final int METHODID_LIST_SYSTEM_TOPICS = 8;
  private static final int METHODID_LIST_UNIT_TOPICS = 9;
  private static final int METHODID_GET_RUNTIME_CONFIG = 10;
  private static final int METHODID_UPDATE_RUNTIME_CONFIG = 11;

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
        case METHODID_PUT_KVCONFIG:
          serviceImpl.putKVConfig((io.namesrv.v1.PutKVConfigRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.PutKVConfigResponse>) responseObserver);
          break;
        case METHODID_GET_KVCONFIG:
          serviceImpl.getKVConfig((io.namesrv.v1.GetKVConfigRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.GetKVConfigResponse>) responseObserver);
          break;
        case METHODID_DELETE_KVCONFIG:
          serviceImpl.deleteKVConfig((io.namesrv.v1.DeleteKVConfigRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.DeleteKVConfigResponse>) responseObserver);
          break;
        case METHODID_LIST_KVCONFIG:
          serviceImpl.listKVConfig((io.namesrv.v1.ListKVConfigRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.ListKVConfigResponse>) responseObserver);
          break;
        case METHODID_WIPE_WRITE_PERM_OF_BROKER:
          serviceImpl.wipeWritePermOfBroker((io.namesrv.v1.WipeWritePermOfBrokerRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.WipeWritePermOfBrokerResponse>) responseObserver);
          break;
        case METHODID_ADD_WRITE_PERM_OF_BROKER:
          serviceImpl.addWritePermOfBroker((io.namesrv.v1.AddWritePermOfBrokerRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.AddWritePermOfBrokerResponse>) responseObserver);
          break;
        case METHODID_DELETE_TOPIC:
          serviceImpl.deleteTopic((io.namesrv.v1.DeleteTopicRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.DeleteTopicResponse>) responseObserver);
          break;
        case METHODID_REGISTER_TOPIC:
          serviceImpl.registerTopic((io.namesrv.v1.RegisterTopicRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.RegisterTopicResponse>) responseObserver);
          break;
        case METHODID_LIST_SYSTEM_TOPICS:
          serviceImpl.listSystemTopics((io.namesrv.v1.ListSystemTopicsRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.ListSystemTopicsResponse>) responseObserver);
          break;
        case METHODID_LIST_UNIT_TOPICS:
          serviceImpl.listUnitTopics((io.namesrv.v1.ListUnitTopicsRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.ListUnitTopicsResponse>) responseObserver);
          break;
        case METHODID_GET_RUNTIME_CONFIG:
          serviceImpl.getRuntimeConfig((io.namesrv.v1.GetRuntimeConfigRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.GetRuntimeConfigResponse>) responseObserver);
          break;
        case METHODID_UPDATE_RUNTIME_CONFIG:
          serviceImpl.updateRuntimeConfig((io.namesrv.v1.UpdateRuntimeConfigRequest) request,
              (io.grpc.stub.StreamObserver<io.namesrv.v1.UpdateRuntimeConfigResponse>) responseObserver);
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
          getPutKVConfigMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.PutKVConfigRequest,
              io.namesrv.v1.PutKVConfigResponse>(
                service, METHODID_PUT_KVCONFIG)))
        .addMethod(
          getGetKVConfigMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.GetKVConfigRequest,
              io.namesrv.v1.GetKVConfigResponse>(
                service, METHODID_GET_KVCONFIG)))
        .addMethod(
          getDeleteKVConfigMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.DeleteKVConfigRequest,
              io.namesrv.v1.DeleteKVConfigResponse>(
                service, METHODID_DELETE_KVCONFIG)))
        .addMethod(
          getListKVConfigMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.ListKVConfigRequest,
              io.namesrv.v1.ListKVConfigResponse>(
                service, METHODID_LIST_KVCONFIG)))
        .addMethod(
          getWipeWritePermOfBrokerMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.WipeWritePermOfBrokerRequest,
              io.namesrv.v1.WipeWritePermOfBrokerResponse>(
                service, METHODID_WIPE_WRITE_PERM_OF_BROKER)))
        .addMethod(
          getAddWritePermOfBrokerMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.AddWritePermOfBrokerRequest,
              io.namesrv.v1.AddWritePermOfBrokerResponse>(
                service, METHODID_ADD_WRITE_PERM_OF_BROKER)))
        .addMethod(
          getDeleteTopicMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.DeleteTopicRequest,
              io.namesrv.v1.DeleteTopicResponse>(
                service, METHODID_DELETE_TOPIC)))
        .addMethod(
          getRegisterTopicMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.RegisterTopicRequest,
              io.namesrv.v1.RegisterTopicResponse>(
                service, METHODID_REGISTER_TOPIC)))
        .addMethod(
          getListSystemTopicsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.ListSystemTopicsRequest,
              io.namesrv.v1.ListSystemTopicsResponse>(
                service, METHODID_LIST_SYSTEM_TOPICS)))
        .addMethod(
          getListUnitTopicsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.ListUnitTopicsRequest,
              io.namesrv.v1.ListUnitTopicsResponse>(
                service, METHODID_LIST_UNIT_TOPICS)))
        .addMethod(
          getGetRuntimeConfigMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.GetRuntimeConfigRequest,
              io.namesrv.v1.GetRuntimeConfigResponse>(
                service, METHODID_GET_RUNTIME_CONFIG)))
        .addMethod(
          getUpdateRuntimeConfigMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.namesrv.v1.UpdateRuntimeConfigRequest,
              io.namesrv.v1.UpdateRuntimeConfigResponse>(
                service, METHODID_UPDATE_RUNTIME_CONFIG)))
        .build();
  }

  private static abstract class AdminServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AdminServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.namesrv.v1.AdminServiceOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AdminService");
    }
  }

  private static final class AdminServiceFileDescriptorSupplier
      extends AdminServiceBaseDescriptorSupplier {
    AdminServiceFileDescriptorSupplier() {}
  }

  private static final class AdminServiceMethodDescriptorSupplier
      extends AdminServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    AdminServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (AdminServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AdminServiceFileDescriptorSupplier())
              .addMethod(getPutKVConfigMethod())
              .addMethod(getGetKVConfigMethod())
              .addMethod(getDeleteKVConfigMethod())
              .addMethod(getListKVConfigMethod())
              .addMethod(getWipeWritePermOfBrokerMethod())
              .addMethod(getAddWritePermOfBrokerMethod())
              .addMethod(getDeleteTopicMethod())
              .addMethod(getRegisterTopicMethod())
              .addMethod(getListSystemTopicsMethod())
              .addMethod(getListUnitTopicsMethod())
              .addMethod(getGetRuntimeConfigMethod())
              .addMethod(getUpdateRuntimeConfigMethod())
              .build();
        }
      }
    }
    return result;
  }
}
