package io.namesrv.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real NameServer for the interop tests: {@code node dist/src/main.js --listen 127.0.0.1:0} as a
 * child process (built by `npm run build`), its address and epoch read from its "namesrv ready"
 * log line. {@link #close} kills it by its own handle.
 */
final class NameServerProcess implements AutoCloseable {
  static final Path REPO = Path.of(System.getProperty("namesrv.repo", "../..")).toAbsolutePath().normalize();
  static final Path TLS = REPO.resolve("test/fixtures/tls");
  private static final Pattern ADDRESS = Pattern.compile("\"address\":\"([^\"]+)\"");
  private static final Pattern EPOCH = Pattern.compile("\"epoch\":\"(\\d+)\"");

  final Process process;
  final String address;
  /** uint64 in a long. */
  final long epoch;

  private NameServerProcess(Process process, String address, long epoch) {
    this.process = process;
    this.address = address;
    this.epoch = epoch;
  }

  static NameServerProcess start(String... args) throws Exception {
    Path main = REPO.resolve("dist/src/main.js");
    if (!Files.exists(main)) throw new IllegalStateException(main + " not found: run `npm run build`");
    List<String> cmd = new ArrayList<>(List.of("node", main.toString(), "--listen", "127.0.0.1:0", "--http-listen", "off",
        "--data-dir", Files.createTempDirectory("namesrv-java-test").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      List<String> lines = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (lines.size() < 50) lines.add(line);
          if (!ready.isDone() && line.contains("\"msg\":\"namesrv ready\"")) ready.complete(line);
        }
      } catch (IOException ignored) {
        // the process is gone
      }
      ready.completeExceptionally(new IllegalStateException("server exited before ready: " + lines));
    }, "namesrv-server-log");
    reader.setDaemon(true);
    reader.start();
    try {
      String line = ready.get(30, TimeUnit.SECONDS);
      Matcher a = ADDRESS.matcher(line);
      Matcher e = EPOCH.matcher(line);
      if (!a.find() || !e.find()) throw new IllegalStateException("no address/epoch in " + line);
      return new NameServerProcess(p, a.group(1), Long.parseUnsignedLong(e.group(1)));
    } catch (Exception err) {
      p.destroyForcibly();
      throw err;
    }
  }

  /** SIGKILL, then wait: a crash as the clients see it. Idempotent. */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
