package io.namesrv.interop;

import com.google.gson.Gson;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.namesrv.v1.BrokerServiceGrpc;
import io.namesrv.v1.DataVersion;
import io.namesrv.v1.GetRouteInfoByTopicRequest;
import io.namesrv.v1.HeartbeatRequest;
import io.namesrv.v1.HeartbeatResponse;
import io.namesrv.v1.RegisterBrokerRequest;
import io.namesrv.v1.RegisterBrokerResponse;
import io.namesrv.v1.RouteServiceGrpc;
import io.namesrv.v1.TopicConfig;
import io.namesrv.v1.UnregisterBrokerRequest;
import io.namesrv.v1.WatchRoutesRequest;
import io.namesrv.v1.WatchRoutesResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A namesrv broker, route client and route watcher in Java, on the generated stubs in gen/java and
 * Debian's grpc-java with its Netty transport (scripts/install-deps.sh java).
 *
 * <p>Subcommands, flags and output are the same as test/interop/python/namesrv_interop.py and
 * test/interop/go/main.go: every observation is one JSON line on stdout ({"event": ...}) with
 * messages in the canonical protobuf JSON mapping, so test/interop/interop.test.ts checks all three
 * with one set of assertions. Run it with test/interop/java/run.sh after scripts/check-java.sh:
 *
 * <pre>
 * run.sh broker  --target 127.0.0.1:9876 --name broker-a --addr 127.0.0.1:10911 --topic TopicA:4:4:6
 * run.sh route   --target 127.0.0.1:9876 --topic TopicA
 * run.sh watch   --target 127.0.0.1:9876 --topic TopicA
 * run.sh invalid --target 127.0.0.1:9876
 * </pre>
 *
 * <p>{@code broker} registers, then keeps a Heartbeat stream open (one heartbeat at once, then one
 * every heartbeat_interval_ms). It reads commands on stdin: "unregister" unregisters the broker,
 * half-closes the stream and exits 0. EOF on stdin exits too; SIGKILL is a crash.
 */
public final class NamesrvInterop {
  private static final long RPC_TIMEOUT_S = 10;
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
  private static final Gson GSON = new Gson();

  private NamesrvInterop() {}

  /** A message field of an event, printed in the canonical protobuf JSON mapping. */
  private record Proto(MessageOrBuilder message) {}

  /** Prints one observation as a JSON line. Values: String, Boolean or Proto. */
  private static synchronized void emit(String event, Object... keyValues) {
    StringBuilder line = new StringBuilder("{\"event\":").append(GSON.toJson(event));
    for (int i = 0; i < keyValues.length; i += 2) {
      line.append(',').append(GSON.toJson(keyValues[i])).append(':');
      Object v = keyValues[i + 1];
      if (v instanceof Proto p) {
        try {
          line.append(PRINTER.print(p.message()));
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException(e);
        }
      } else {
        line.append(GSON.toJson(v));
      }
    }
    System.out.println(line.append('}'));
    System.out.flush();
  }

  /** The status of a failed call: "code", canonical name, and "details". */
  private static Object[] rpcError(Throwable err) {
    Status st = Status.fromThrowable(err);
    String details = st.getDescription() == null ? "" : st.getDescription();
    return new Object[] {"code", st.getCode().name(), "details", details};
  }

  private static Object[] concat(Object[] a, Object... b) {
    Object[] out = new Object[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** "name:read:write:perm" (the numbers default to 4, 4 and 6 = READ|WRITE). */
  private static TopicConfig parseTopic(String spec) {
    String[] parts = spec.split(":");
    int[] nums = {4, 4, 6};
    if (parts.length > 4) throw new IllegalArgumentException("bad --topic " + spec);
    for (int i = 1; i < parts.length; i++) nums[i - 1] = Integer.parseInt(parts[i]);
    return TopicConfig.newBuilder()
        .setTopicName(parts[0])
        .setReadQueueNums(nums[0])
        .setWriteQueueNums(nums[1])
        .setPerm(nums[2])
        .build();
  }

  private static final class Args {
    String target;
    String cluster = "DefaultCluster";
    String name = "";
    long id;
    String addr = "";
    final List<String> topics = new ArrayList<>();
  }

  private static Args parse(String[] argv) {
    Args a = new Args();
    for (int i = 1; i < argv.length; i++) {
      String flag = argv[i].replaceFirst("^--?", "");
      if (i + 1 >= argv.length) usage("flag " + argv[i] + " needs a value");
      String v = argv[++i];
      switch (flag) {
        case "target" -> a.target = v;
        case "cluster" -> a.cluster = v;
        case "name" -> a.name = v;
        case "id" -> a.id = Long.parseLong(v);
        case "addr" -> a.addr = v;
        case "topic" -> a.topics.add(v);
        default -> usage("unknown flag " + argv[i - 1]);
      }
    }
    if (a.target == null) usage("--target is required");
    return a;
  }

  private static void usage(String why) {
    System.err.println("namesrv-interop: " + why);
    System.err.println("usage: run.sh broker|route|watch|invalid --target host:port [flags]");
    System.exit(2);
  }

  private static BufferedReader stdin() {
    return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
  }

  private static void broker(ManagedChannel channel, Args a) throws Exception {
    DataVersion version = DataVersion.newBuilder().setStateVersion(1).setTimestamp(1000).setCounter(1).build();
    RegisterBrokerRequest.Builder req = RegisterBrokerRequest.newBuilder()
        .setClusterName(a.cluster)
        .setBrokerName(a.name)
        .setBrokerId(a.id)
        .setBrokerAddr(a.addr)
        .setDataVersion(version);
    for (String t : a.topics) req.addTopicConfigs(parseTopic(t));
    RegisterBrokerResponse reg = BrokerServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(RPC_TIMEOUT_S, TimeUnit.SECONDS)
        .registerBroker(req.build());
    emit("registered", "response", new Proto(reg));

    CountDownLatch ended = new CountDownLatch(1);
    StreamObserver<HeartbeatRequest> stream = BrokerServiceGrpc.newStub(channel).heartbeat(
        new StreamObserver<HeartbeatResponse>() {
          @Override
          public void onNext(HeartbeatResponse res) {
            emit("heartbeat", "response", new Proto(res));
          }

          @Override
          public void onError(Throwable err) {
            emit("stream_end", rpcError(err));
            ended.countDown();
          }

          @Override
          public void onCompleted() {
            emit("stream_end", "code", "OK");
            ended.countDown();
          }
        });
    HeartbeatRequest hb = HeartbeatRequest.newBuilder()
        .setClusterName(a.cluster)
        .setBrokerName(a.name)
        .setBrokerId(a.id)
        .setBrokerAddr(a.addr)
        .setDataVersion(version)
        .build();
    // One thread sends (a StreamObserver is not thread-safe); the half-close comes after it stopped.
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long intervalMs = Math.max(reg.getHeartbeatIntervalMs(), 100);
    ticker.scheduleAtFixedRate(() -> stream.onNext(hb), 0, intervalMs, TimeUnit.MILLISECONDS);

    BufferedReader in = stdin();
    for (String line; (line = in.readLine()) != null; ) {
      if (line.trim().equals("unregister")) {
        var res = BrokerServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(RPC_TIMEOUT_S, TimeUnit.SECONDS)
            .unregisterBroker(UnregisterBrokerRequest.newBuilder()
                .setClusterName(a.cluster)
                .setBrokerName(a.name)
                .setBrokerId(a.id)
                .setBrokerAddr(a.addr)
                .build());
        emit("unregistered", "response", new Proto(res));
        break;
      }
    }
    // Orderly end (or stdin closed): stop beating and half-close the stream.
    ticker.shutdown();
    ticker.awaitTermination(RPC_TIMEOUT_S, TimeUnit.SECONDS);
    stream.onCompleted();
    ended.await(RPC_TIMEOUT_S, TimeUnit.SECONDS);
  }

  private static void route(ManagedChannel channel, Args a) {
    if (a.topics.size() != 1) usage("route needs one --topic");
    try {
      var res = RouteServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(RPC_TIMEOUT_S, TimeUnit.SECONDS)
          .getRouteInfoByTopic(GetRouteInfoByTopicRequest.newBuilder().setTopic(a.topics.get(0)).build());
      emit("route", "response", new Proto(res));
    } catch (StatusRuntimeException e) {
      emit("error", rpcError(e));
    }
  }

  private static void watch(ManagedChannel channel, Args a) {
    Thread eof = new Thread(() -> { // end when stdin closes, so a crashed test never leaves this running
      try {
        while (System.in.read() >= 0) {
          // discard
        }
      } catch (IOException e) {
        // closed
      }
      System.exit(0);
    });
    eof.setDaemon(true);
    eof.start();
    try {
      Iterator<WatchRoutesResponse> frames = RouteServiceGrpc.newBlockingStub(channel)
          .watchRoutes(WatchRoutesRequest.newBuilder().addAllTopics(a.topics).build());
      while (frames.hasNext()) emit("frame", "frame", new Proto(frames.next()));
      emit("end", "code", "OK");
    } catch (StatusRuntimeException e) {
      emit("end", rpcError(e));
    }
  }

  /** Sends requests that break documented rules and prints the status of each. */
  private static void invalid(ManagedChannel channel) throws InterruptedException {
    var brokers = BrokerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(RPC_TIMEOUT_S, TimeUnit.SECONDS);
    var routes = RouteServiceGrpc.newBlockingStub(channel).withDeadlineAfter(RPC_TIMEOUT_S, TimeUnit.SECONDS);
    try {
      brokers.registerBroker(RegisterBrokerRequest.newBuilder()
          .setClusterName("DefaultCluster")
          .setBrokerName("broker-bad")
          .setBrokerAddr("127.0.0.1:10999")
          .addTopicConfigs(TopicConfig.newBuilder().setTopicName("TopicBad").setReadQueueNums(4).setPerm(9))
          .build());
      emit("result", "case", "register_perm", "code", "OK", "details", "");
    } catch (StatusRuntimeException e) {
      emit("result", concat(new Object[] {"case", "register_perm"}, rpcError(e)));
    }
    try {
      routes.getRouteInfoByTopic(GetRouteInfoByTopicRequest.newBuilder().setTopic("no spaces allowed").build());
      emit("result", "case", "route_topic", "code", "OK", "details", "");
    } catch (StatusRuntimeException e) {
      emit("result", concat(new Object[] {"case", "route_topic"}, rpcError(e)));
    }

    CountDownLatch done = new CountDownLatch(1);
    Map<String, Object[]> outcome = new LinkedHashMap<>();
    StreamObserver<HeartbeatRequest> stream = BrokerServiceGrpc.newStub(channel)
        .withDeadlineAfter(RPC_TIMEOUT_S, TimeUnit.SECONDS)
        .heartbeat(new StreamObserver<HeartbeatResponse>() {
          @Override
          public void onNext(HeartbeatResponse res) {}

          @Override
          public void onError(Throwable err) {
            outcome.put("status", rpcError(err));
            done.countDown();
          }

          @Override
          public void onCompleted() {
            outcome.put("status", new Object[] {"code", "OK", "details", ""});
            done.countDown();
          }
        });
    stream.onNext(HeartbeatRequest.newBuilder()
        .setClusterName("DefaultCluster")
        .setBrokerName("broker-bad")
        .setBrokerAddr("no-port")
        .build());
    stream.onCompleted();
    done.await(RPC_TIMEOUT_S, TimeUnit.SECONDS);
    emit("result", concat(new Object[] {"case", "heartbeat_addr"},
        outcome.getOrDefault("status", new Object[] {"code", "DEADLINE_EXCEEDED", "details", "no status"})));
  }

  public static void main(String[] argv) throws Exception {
    if (argv.length < 1) usage("missing subcommand");
    Args a = parse(argv);
    ManagedChannel channel = ManagedChannelBuilder.forTarget(a.target).usePlaintext().build();
    try {
      switch (argv[0]) {
        case "broker" -> broker(channel, a);
        case "route" -> route(channel, a);
        case "watch" -> watch(channel, a);
        case "invalid" -> invalid(channel);
        default -> usage("unknown subcommand " + argv[0]);
      }
    } finally {
      channel.shutdownNow().awaitTermination(RPC_TIMEOUT_S, TimeUnit.SECONDS);
    }
    System.exit(0);
  }
}
