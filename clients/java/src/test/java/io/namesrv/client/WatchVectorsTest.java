package io.namesrv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.namesrv.v1.TopicRouteData;
import io.namesrv.v1.WatchRoutesResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared WatchRoutes conformance vectors (test/vectors/README.md) run against WatchState, the
 * frame applier that RouteWatcher uses: the same files the TypeScript, Python and Go watchers run.
 */
class WatchVectorsTest {
  static final Path VECTORS = Path.of(System.getProperty("namesrv.repo", "../.."), "test", "vectors", "watch");

  static List<Path> cases() throws IOException {
    try (Stream<Path> s = Files.list(VECTORS)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void findsTheVectors() throws IOException {
    assertTrue(cases().size() >= 13, "vectors not found under " + VECTORS);
  }

  @TestFactory
  Stream<DynamicTest> vectors() throws IOException {
    return cases().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
  }

  /** An event in the vectors' form, or null for kinds they do not compare (Synced). */
  static Map<String, Object> asJson(WatchEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (e instanceof WatchEvent.Change c) {
      m.put("type", "change");
      m.put("epoch", Long.toUnsignedString(c.epoch()));
      m.put("revision", Long.toUnsignedString(c.revision()));
      m.put("updated", c.updated().stream().sorted().toList());
      m.put("removed", c.removed().stream().sorted().toList());
    } else if (e instanceof WatchEvent.Progress p) {
      m.put("type", "progress");
      m.put("epoch", Long.toUnsignedString(p.epoch()));
      m.put("revision", Long.toUnsignedString(p.revision()));
    } else if (e instanceof WatchEvent.Reset r) {
      m.put("type", "reset");
      m.put("reason", r.reason());
    } else if (e instanceof WatchEvent.ProtocolError) {
      m.put("type", "protocolError");
    } else {
      return null;
    }
    return m;
  }

  /** A JSON event of the file as the same plain map. */
  static Map<String, Object> fromJson(JsonObject o) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      if (e.getValue().isJsonArray()) {
        List<String> list = new ArrayList<>();
        e.getValue().getAsJsonArray().forEach(x -> list.add(x.getAsString()));
        m.put(e.getKey(), list);
      } else {
        m.put(e.getKey(), e.getValue().getAsString());
      }
    }
    return m;
  }

  static void run(Path file) throws IOException {
    JsonObject c = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    String name = c.get("name").getAsString();
    WatchState state = new WatchState();
    boolean connected = false;
    int i = 0;
    for (JsonElement el : c.getAsJsonArray("steps")) {
      JsonObject step = el.getAsJsonObject();
      String op = step.get("op").getAsString();
      String where = name + " step " + i++ + " (" + op + ")";
      if (op.equals("connect")) {
        assertFalse(connected, where + ": connect while a stream is open");
        Position pos = state.position();
        JsonObject resume = step.getAsJsonObject("resume");
        assertEquals(resume.get("epoch").getAsString(), Long.toUnsignedString(pos == null ? 0 : pos.epoch()), where);
        assertEquals(resume.get("revision").getAsString(), Long.toUnsignedString(pos == null ? 0 : pos.revision()), where);
        state.startStream();
        connected = true;
        continue;
      }
      assertTrue(connected, where + ": no open stream");
      JsonObject expect = step.getAsJsonObject("expect");
      if (op.equals("end")) {
        connected = false;
      } else {
        List<WatchEvent> events = state.apply(frame(step.get("frame")));
        List<Map<String, Object>> got = events.stream().map(WatchVectorsTest::asJson).filter(x -> x != null).toList();
        List<Map<String, Object>> want = new ArrayList<>();
        expect.getAsJsonArray("events").forEach(x -> want.add(fromJson(x.getAsJsonObject())));
        assertEquals(want, got, where + ": events");
        if (events.stream().anyMatch(e -> e instanceof WatchEvent.ProtocolError)) connected = false;
      }
      checkState(state, expect, where);
    }
  }

  static WatchRoutesResponse frame(JsonElement json) throws InvalidProtocolBufferException {
    WatchRoutesResponse.Builder b = WatchRoutesResponse.newBuilder();
    JsonFormat.parser().merge(json.toString(), b);
    return b.build();
  }

  static void checkState(WatchState state, JsonObject expect, String where) throws InvalidProtocolBufferException {
    checkView(state.position(), state.topics(), state::get, expect, where);
  }

  /**
   * A client's position and view (its topics, and each topic's entry by `entry`) against a step's
   * expectation: shared by the WatchState steps here and the RouteWatcher replay.
   */
  static void checkView(
      Position pos, List<String> gotTopics, Function<String, WatchedRoute> entry, JsonObject expect, String where)
      throws InvalidProtocolBufferException {
    JsonElement wantPos = expect.get("position");
    if (wantPos == null || wantPos.isJsonNull()) {
      assertEquals(null, pos, where + ": position");
    } else {
      assertNotNull(pos, where + ": position");
      assertEquals(wantPos.getAsJsonObject().get("epoch").getAsString(), Long.toUnsignedString(pos.epoch()), where + ": position epoch");
      assertEquals(wantPos.getAsJsonObject().get("revision").getAsString(), Long.toUnsignedString(pos.revision()), where + ": position revision");
    }
    JsonElement view = expect.get("view");
    if (view == null) return;
    List<String> topics = new ArrayList<>(view.getAsJsonObject().keySet());
    topics.sort(null);
    assertEquals(topics, gotTopics, where + ": topics");
    for (Map.Entry<String, JsonElement> e : view.getAsJsonObject().entrySet()) {
      WatchedRoute got = entry.apply(e.getKey());
      assertNotNull(got, where + ": " + e.getKey());
      JsonObject want = e.getValue().getAsJsonObject();
      assertEquals(want.get("topicRevision").getAsString(), Long.toUnsignedString(got.topicRevision()), where + ": " + e.getKey());
      TopicRouteData.Builder route = TopicRouteData.newBuilder();
      JsonFormat.parser().merge(want.get("route").toString(), route);
      assertEquals(route.build(), got.route(), where + ": " + e.getKey() + " route");
    }
  }
}
