package io.namesrv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.namesrv.v1.BrokerServiceGrpc;
import io.namesrv.v1.DataVersion;
import io.namesrv.v1.GetRouteInfoByTopicRequest;
import io.namesrv.v1.GetRouteInfoByTopicResponse;
import io.namesrv.v1.QueueData;
import io.namesrv.v1.RegisterBrokerRequest;
import io.namesrv.v1.RouteServiceGrpc;
import io.namesrv.v1.TopicConfig;
import io.namesrv.v1.TopicRouteData;
import io.namesrv.v1.UnregisterBrokerRequest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Java client against real NameServers (node dist/src/main.js on 127.0.0.1:0): lookups and
 * their errors, health, TLS with a bearer token, and the RouteWatcher through change sets, a
 * broker leaving, and a failover to another NameServer (RESET and a fresh snapshot).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RouteWatcherIT {
  static final String[] SERVER_ARGS = {"--heartbeat-timeout-ms", "600000"};
  static final long EVENT_TIMEOUT_S = 20;

  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) cleanup.get(i).close();
  }

  private NameServerProcess server(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of(SERVER_ARGS));
    args.addAll(List.of(extra));
    NameServerProcess s = NameServerProcess.start(args.toArray(String[]::new));
    cleanup.add(s);
    return s;
  }

  private ManagedChannel plaintext(String target) {
    ManagedChannel ch = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    cleanup.add(ch::shutdownNow);
    return ch;
  }

  static void register(ManagedChannel ch, String broker, String addr, String... topics) {
    RegisterBrokerRequest.Builder req = RegisterBrokerRequest.newBuilder()
        .setClusterName("DefaultCluster").setBrokerName(broker).setBrokerId(0).setBrokerAddr(addr)
        .setDataVersion(DataVersion.newBuilder().setStateVersion(1).setTimestamp(1000).setCounter(1));
    for (String t : topics) {
      req.addTopicConfigs(TopicConfig.newBuilder().setTopicName(t).setReadQueueNums(4).setWriteQueueNums(4).setPerm(6));
    }
    BrokerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).registerBroker(req.build());
  }

  /** Collects a watcher's events for the test thread. */
  static final class Events implements RouteWatcher.Listener {
    final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    @Override public void onChange(WatchEvent.Change change) { queue.add(change); }
    @Override public void onReset(WatchEvent.Reset reset) { queue.add(reset); }
    @Override public void onProtocolError(WatchEvent.ProtocolError error) { queue.add(error); }
    @Override public void onDisconnected(String target, Status status, Duration delay) { queue.add(status); }

    /** Events up to and including the first that `ok` accepts. */
    List<Object> until(String what, Predicate<Object> ok) throws InterruptedException {
      List<Object> seen = new ArrayList<>();
      for (;;) {
        Object e = queue.poll(EVENT_TIMEOUT_S, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError("no event for " + what + "; saw " + seen);
        seen.add(e);
        if (ok.test(e)) return seen;
      }
    }

    WatchEvent.Change nextChange(String what) throws InterruptedException {
      List<Object> seen = until(what, e -> e instanceof WatchEvent.Change);
      return (WatchEvent.Change) seen.get(seen.size() - 1);
    }
  }

  private RouteWatcher watcher(RouteWatcher.Builder b) {
    RouteWatcher w = b.start();
    cleanup.add(() -> {
      w.close();
      assertTrue(w.awaitTermination(Duration.ofSeconds(10)), "watcher thread did not end");
    });
    return w;
  }

  static List<String> brokerNames(TopicRouteData route) {
    return route.getQueueDatasList().stream().map(QueueData::getBrokerName).toList();
  }

  @Test
  void lookupReturnsTheRouteWithEpochAndRevision() throws Exception {
    NameServerProcess s = server();
    ManagedChannel ch = plaintext(s.address);
    register(ch, "broker-a", "127.0.0.1:10911", "TopicA");
    GetRouteInfoByTopicResponse res = RouteServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
        .getRouteInfoByTopic(GetRouteInfoByTopicRequest.newBuilder().setTopic("TopicA").build());
    assertEquals(s.epoch, res.getEpoch());
    assertTrue(res.getRevision() >= 1 && res.getTopicRevision() <= res.getRevision());
    assertEquals(List.of("broker-a"), brokerNames(res.getRoute()));
    assertEquals("127.0.0.1:10911", res.getRoute().getBrokerDatas(0).getBrokerAddrsMap().get(0L));
  }

  @Test
  void errorsAreStatusCodesThatNameTheProblem() throws Exception {
    NameServerProcess s = server();
    RouteServiceGrpc.RouteServiceBlockingStub stub =
        RouteServiceGrpc.newBlockingStub(plaintext(s.address)).withDeadlineAfter(10, TimeUnit.SECONDS);
    StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
        () -> stub.getRouteInfoByTopic(GetRouteInfoByTopicRequest.newBuilder().setTopic("NoSuchTopic").build()));
    assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    StatusRuntimeException bad = assertThrows(StatusRuntimeException.class,
        () -> stub.getRouteInfoByTopic(GetRouteInfoByTopicRequest.newBuilder().setTopic("no spaces").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
    assertTrue(bad.getStatus().getDescription().contains("topic"), bad.getStatus().getDescription());
  }

  @Test
  void healthCheckServes() throws Exception {
    NameServerProcess s = server();
    HealthCheckResponse res = HealthGrpc.newBlockingStub(plaintext(s.address)).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("namesrv.v1.RouteService").build());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, res.getStatus());
  }

  @Test
  void tlsWithABearerToken() throws Exception {
    String clientToken = "client-token-1234567890";
    String brokerToken = "broker-token-1234567890";
    Path auth = Files.createTempFile("namesrv-auth", ".json");
    Files.writeString(auth, "{\"principals\": ["
        + "{\"name\": \"apps\", \"roles\": [\"client\"], \"tokenSha256\": \"" + sha256(clientToken) + "\"},"
        + "{\"name\": \"broker-a\", \"roles\": [\"broker\"], \"tokenSha256\": \"" + sha256(brokerToken) + "\"}]}");
    NameServerProcess s = server("--tls-mode", "enforcing",
        "--tls-cert-file", NameServerProcess.TLS.resolve("server.crt").toString(),
        "--tls-key-file", NameServerProcess.TLS.resolve("server.key").toString(),
        "--auth-file", auth.toString());
    File ca = NameServerProcess.TLS.resolve("ca.crt").toFile();
    ChannelCredentials tls = TlsChannelCredentials.newBuilder().trustManager(ca).build();
    ManagedChannel ch = Grpc.newChannelBuilder(s.address, tls).build();
    cleanup.add(ch::shutdownNow);

    BrokerServiceGrpc.newBlockingStub(ch).withCallCredentials(new BearerToken(brokerToken))
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .registerBroker(RegisterBrokerRequest.newBuilder().setClusterName("DefaultCluster").setBrokerName("broker-a")
            .setBrokerAddr("127.0.0.1:10911")
            .addTopicConfigs(TopicConfig.newBuilder().setTopicName("TopicA").setReadQueueNums(4).setWriteQueueNums(4).setPerm(6))
            .build());
    GetRouteInfoByTopicRequest req = GetRouteInfoByTopicRequest.newBuilder().setTopic("TopicA").build();
    RouteServiceGrpc.RouteServiceBlockingStub stub = RouteServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
    assertEquals(List.of("broker-a"),
        brokerNames(stub.withCallCredentials(new BearerToken(clientToken)).getRouteInfoByTopic(req).getRoute()));
    StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class, () -> stub.getRouteInfoByTopic(req));
    assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode());

    Events events = new Events();
    RouteWatcher w = watcher(RouteWatcher.newBuilder(List.of(s.address)).topics(List.of("TopicA"))
        .channelFactory(t -> Grpc.newChannelBuilder(t, tls).build())
        .callCredentials(new BearerToken(clientToken)).listener(events));
    events.nextChange("snapshot over TLS");
    assertEquals(List.of("TopicA"), w.topics());
  }

  @Test
  void watcherAppliesSnapshotAndChangeSets() throws Exception {
    NameServerProcess s = server();
    ManagedChannel ch = plaintext(s.address);
    register(ch, "broker-a", "127.0.0.1:10911", "TopicA", "TopicB");
    Events events = new Events();
    RouteWatcher w = watcher(RouteWatcher.newBuilder(List.of(s.address))
        .topics(List.of("TopicA", "TopicB", "TopicC")).listener(events));

    WatchEvent.Change snap = events.nextChange("snapshot");
    assertEquals(s.epoch, snap.epoch());
    assertEquals(List.of("TopicA", "TopicB"), snap.updated().stream().sorted().toList());
    assertEquals(List.of("TopicA", "TopicB"), w.topics());

    // One registration touching three topics arrives as one change set, at one revision.
    register(ch, "broker-b", "127.0.0.1:10921", "TopicA", "TopicB", "TopicC");
    WatchEvent.Change change = events.nextChange("broker-b");
    assertEquals(List.of("TopicA", "TopicB", "TopicC"), change.updated().stream().sorted().toList());
    assertEquals(change.revision(), w.position().revision());
    assertEquals(List.of("broker-b"), brokerNames(w.get("TopicC")));

    // broker-b leaves: TopicC is removed and TopicA, TopicB lose its queues, in one set.
    BrokerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).unregisterBroker(
        UnregisterBrokerRequest.newBuilder().setClusterName("DefaultCluster").setBrokerName("broker-b")
            .setBrokerId(0).setBrokerAddr("127.0.0.1:10921").build());
    change = events.nextChange("unregister");
    assertEquals(List.of("TopicC"), change.removed());
    assertEquals(List.of("TopicA", "TopicB"), change.updated().stream().sorted().toList());
    assertNull(w.get("TopicC"));
    assertEquals(List.of("broker-a"), brokerNames(w.get("TopicA")));
  }

  @Test
  void watcherResetsAndFailsOverToAnotherNameServer() throws Exception {
    NameServerProcess a = server();
    NameServerProcess b = server();
    for (NameServerProcess s : List.of(a, b)) register(plaintext(s.address), "broker-a", "127.0.0.1:10911", "TopicA");
    Events events = new Events();
    // random() = 0 picks the first target and makes every backoff 0; failover after 2 failures.
    RouteWatcher w = watcher(RouteWatcher.newBuilder(List.of(a.address, b.address)).topics(List.of("TopicA"))
        .random(() -> 0.0).failoverAfter(2).listener(events));
    assertEquals(a.epoch, events.nextChange("snapshot on a").epoch());
    assertEquals(a.address, w.target());

    a.close();
    List<Object> seen = events.until("snapshot on b", e -> e instanceof WatchEvent.Change);
    assertTrue(seen.stream().anyMatch(e -> e instanceof Status st && st.getCode() == Status.Code.UNAVAILABLE), seen::toString);
    // b has another epoch: it does not honour a's resume point; RESET, then a fresh snapshot.
    WatchEvent.Reset reset = (WatchEvent.Reset) seen.stream().filter(e -> e instanceof WatchEvent.Reset).findFirst()
        .orElseThrow(() -> new AssertionError("no reset in " + seen));
    assertTrue(reset.reason().contains("epoch"), reset.reason());
    WatchEvent.Change last = assertInstanceOf(WatchEvent.Change.class, seen.get(seen.size() - 1));
    assertEquals(b.epoch, last.epoch());
    assertEquals(List.of("TopicA"), last.updated());
    assertEquals(b.address, w.target());
    assertNotNull(w.get("TopicA"));
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
