package io.namesrv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.namesrv.v1.BrokerServiceGrpc;
import io.namesrv.v1.RegisterBrokerRequest;
import io.namesrv.v1.TopicConfig;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every ```java snippet of docs/clients/java.md compiles and runs, as it is, against a real
 * NameServer (NAMESRV_ADDR), with this build's class path: {@code java -cp CP Snippet.java}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DocSnippetsIT {
  static final Path DOC = NameServerProcess.REPO.resolve("docs/clients/java.md");

  static List<String> snippets() throws Exception {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("^```java\\n(.*?)^```", Pattern.MULTILINE | Pattern.DOTALL).matcher(Files.readString(DOC));
    while (m.find()) out.add(m.group(1));
    return out;
  }

  static void register(ManagedChannel ch, BearerToken token) {
    BrokerServiceGrpc.BrokerServiceBlockingStub stub = BrokerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
    if (token != null) stub = stub.withCallCredentials(token);
    stub.registerBroker(RegisterBrokerRequest.newBuilder().setClusterName("DefaultCluster").setBrokerName("broker-a")
        .setBrokerAddr("127.0.0.1:10911")
        .addTopicConfigs(TopicConfig.newBuilder().setTopicName("TopicA").setReadQueueNums(4).setWriteQueueNums(4).setPerm(6))
        .build());
  }

  @Test
  void snippetsRunAgainstAServer() throws Exception {
    List<String> snippets = snippets();
    assertTrue(snippets.size() >= 4, "snippets in " + DOC);
    String clientToken = "client-token-1234567890";
    String brokerToken = "broker-token-1234567890";
    Path auth = Files.createTempFile("namesrv-auth", ".json");
    Files.writeString(auth, "{\"principals\": ["
        + "{\"name\": \"apps\", \"roles\": [\"client\"], \"tokenSha256\": \"" + RouteWatcherIT.sha256(clientToken) + "\"},"
        + "{\"name\": \"broker-a\", \"roles\": [\"broker\"], \"tokenSha256\": \"" + RouteWatcherIT.sha256(brokerToken) + "\"}]}");
    File ca = NameServerProcess.TLS.resolve("ca.crt").toFile();
    try (NameServerProcess plain = NameServerProcess.start("--heartbeat-timeout-ms", "600000");
        NameServerProcess secure = NameServerProcess.start("--heartbeat-timeout-ms", "600000", "--tls-mode", "enforcing",
            "--tls-cert-file", NameServerProcess.TLS.resolve("server.crt").toString(),
            "--tls-key-file", NameServerProcess.TLS.resolve("server.key").toString(),
            "--auth-file", auth.toString())) {
      ManagedChannel p = Grpc.newChannelBuilder(plain.address, InsecureChannelCredentials.create()).build();
      ChannelCredentials tls = TlsChannelCredentials.newBuilder().trustManager(ca).build();
      ManagedChannel s = Grpc.newChannelBuilder(secure.address, tls).build();
      try {
        register(p, null);
        register(s, new BearerToken(brokerToken));
      } finally {
        p.shutdownNow();
        s.shutdownNow();
      }
      String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      Path dir = Files.createTempDirectory("namesrv-java-snippets");
      for (String code : snippets) {
        Matcher name = Pattern.compile("public class (\\w+)").matcher(code);
        assertTrue(name.find(), "snippet without a public class:\n" + code);
        Path file = dir.resolve(name.group(1) + ".java");
        Files.writeString(file, code);
        boolean usesTls = code.contains("NAMESRV_CA_FILE");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m", "-cp", cp, file.toString())
            .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("NAMESRV_ADDR", usesTls ? secure.address : plain.address);
        env.put("NAMESRV_CA_FILE", ca.toString());
        env.put("NAMESRV_TOKEN", clientToken);
        Process proc = pb.start();
        proc.getOutputStream().close();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS), name.group(1) + " did not end");
        assertEquals(0, proc.exitValue(), name.group(1) + ":\n" + out);
        switch (name.group(1)) {
          case "Errors" -> assertTrue(out.contains("NoSuchTopic -> NOT_FOUND") && out.contains("INVALID_ARGUMENT"), out);
          case "TlsToken" -> assertEquals(List.of("broker-a", "[TopicA]"), out.lines().toList(), out);
          default -> assertTrue(out.contains("broker-a"), name.group(1) + ":\n" + out);
        }
      }
    }
  }
}
