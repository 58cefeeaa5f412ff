package io.namesrv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.namesrv.v1.RouteServiceGrpc;
import io.namesrv.v1.WatchRoutesRequest;
import io.namesrv.v1.WatchRoutesResponse;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared WatchRoutes vectors run through RouteWatcher itself: a real gRPC server on
 * 127.0.0.1:0 replays each case's frames and stream ends, and the test checks the resume point of
 * every connect, the listener's events, the position and the view (test/vectors/README.md,
 * replaying runner). The test thread writes each stream's frames itself, one step at a time.
 */
class WatchVectorsReplayTest {
  static final long WAIT_S = 10;

  record Connect(WatchRoutesRequest request, StreamObserver<WatchRoutesResponse> stream) {}

  static final class Replayer extends RouteServiceGrpc.RouteServiceImplBase {
    final BlockingQueue<Connect> connects = new LinkedBlockingQueue<>();

    @Override
    public void watchRoutes(WatchRoutesRequest request, StreamObserver<WatchRoutesResponse> stream) {
      connects.add(new Connect(request, stream));
    }
  }

  @TestFactory
  Stream<DynamicTest> vectorsThroughTheWatcher() throws Exception {
    return WatchVectorsTest.cases().stream()
        .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
  }

  static void run(Path file) throws Exception {
    JsonObject c = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    String name = c.get("name").getAsString();
    JsonObject watch = c.getAsJsonObject("watch");
    List<String> topics = null;
    if (watch.get("allTopics") == null || !watch.get("allTopics").getAsBoolean()) {
      topics = new ArrayList<>();
      for (JsonElement t : watch.getAsJsonArray("topics")) topics.add(t.getAsString());
    }
    Replayer replayer = new Replayer();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(replayer).build().start();
    BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
    RouteWatcher.Listener listener = new RouteWatcher.Listener() {
      @Override public void onChange(WatchEvent.Change e) { events.add(e); }
      @Override public void onReset(WatchEvent.Reset e) { events.add(e); }
      @Override public void onProgress(WatchEvent.Progress e) { events.add(e); }
      @Override public void onProtocolError(WatchEvent.ProtocolError e) { events.add(e); }
    };
    RouteWatcher.Builder b = RouteWatcher.newBuilder(List.of("127.0.0.1:" + server.getPort()))
        .random(() -> 0.0) // every backoff 0: a reconnect follows at once
        .listener(listener);
    if (topics != null) b.topics(topics);
    RouteWatcher watcher = b.start();
    try {
      StreamObserver<WatchRoutesResponse> stream = null;
      int i = 0;
      for (JsonElement el : c.getAsJsonArray("steps")) {
        JsonObject step = el.getAsJsonObject();
        String op = step.get("op").getAsString();
        String where = name + " step " + i++ + " (" + op + ")";
        if (op.equals("connect")) {
          Connect conn = replayer.connects.poll(WAIT_S, TimeUnit.SECONDS);
          assertNotNull(conn, where + ": no connect");
          JsonObject resume = step.getAsJsonObject("resume");
          assertEquals(resume.get("epoch").getAsString(), Long.toUnsignedString(conn.request().getResumeEpoch()), where);
          assertEquals(resume.get("revision").getAsString(), Long.toUnsignedString(conn.request().getResumeRevision()), where);
          assertEquals(topics == null, conn.request().getAllTopics(), where);
          stream = conn.stream();
          continue;
        }
        assertNotNull(stream, where + ": no open stream");
        JsonObject expect = step.getAsJsonObject("expect");
        if (op.equals("end")) {
          JsonObject st = step.getAsJsonObject("status");
          int code = st.get("code").getAsInt();
          if (code == 0) stream.onCompleted();
          else stream.onError(Status.fromCodeValue(code).withDescription(st.get("message").getAsString()).asRuntimeException());
          stream = null;
        } else {
          WatchRoutesResponse.Builder frame = WatchRoutesResponse.newBuilder();
          JsonFormat.parser().merge(step.get("frame").toString(), frame);
          stream.onNext(frame.build());
          List<Map<String, Object>> want = new ArrayList<>();
          expect.getAsJsonArray("events").forEach(x -> want.add(WatchVectorsTest.fromJson(x.getAsJsonObject())));
          List<Map<String, Object>> got = new ArrayList<>();
          while (got.size() < want.size()) {
            WatchEvent e = events.poll(WAIT_S, TimeUnit.SECONDS);
            assertNotNull(e, where + ": events so far " + got + ", want " + want);
            got.add(WatchVectorsTest.asJson(e));
          }
          assertEquals(want, got, where + ": events");
          if (want.stream().anyMatch(e -> "protocolError".equals(e.get("type")))) stream = null; // cancelled by the watcher
        }
        checkWatcher(watcher, expect, where);
      }
    } finally {
      watcher.close();
      assertTrue(watcher.awaitTermination(Duration.ofSeconds(WAIT_S)), "watcher thread did not end");
      server.shutdownNow().awaitTermination(WAIT_S, TimeUnit.SECONDS);
    }
  }

  /** The watcher's own position and view against the step's expectation. */
  static void checkWatcher(RouteWatcher watcher, JsonObject expect, String where) throws Exception {
    WatchVectorsTest.checkView(watcher.position(), watcher.topics(), watcher::entry, expect, where);
  }
}
