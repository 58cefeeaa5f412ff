package io.namesrv.client;

import io.namesrv.v1.TopicRouteUpdate;
import io.namesrv.v1.WatchRoutesResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client side of the WatchRoutes protocol, with no transport: a local view of the watched
 * topics' routes, the frames of an unfinished snapshot or change set, and the resume point.
 * {@link RouteWatcher} feeds it the frames of its streams; the shared conformance vectors
 * (test/vectors/watch/) feed it recorded ones, as they feed the TypeScript, Python and Go watchers.
 *
 * <p>States of one stream ({@link #startStream} enters the first): live, where {@code routes}
 * frames collect into a pending change set until one has more = false, then the whole set applies
 * at once; snapshot (after SNAPSHOT_BEGIN), where {@code routes} frames fill a staging view that
 * END_OF_SNAPSHOT swaps in. The view and the position change only at consistent points, so a reader
 * never sees half a revision, and a stream that dies in the middle of a set loses only the
 * unfinished part (the resume sends it again).
 *
 * <p>Not thread-safe: {@link RouteWatcher} guards it.
 */
public final class WatchState {
  private Map<String, WatchedRoute> view = new HashMap<>();
  private Map<String, WatchedRoute> staging;
  private final List<TopicRouteUpdate> pending = new ArrayList<>();
  private Position checkpoint;
  private Position lastFrame;

  /** The route of {@code topic} in the view, or null. */
  public WatchedRoute get(String topic) {
    return view.get(topic);
  }

  /** Topics in the view, sorted. */
  public List<String> topics() {
    List<String> out = new ArrayList<>(view.keySet());
    out.sort(null);
    return out;
  }

  /** The resume point: the last consistent (epoch, revision), or null before the first snapshot. */
  public Position position() {
    return checkpoint;
  }

  /** A new stream starts: drops an unfinished snapshot or change set; the view stays. */
  public void startStream() {
    staging = null;
    pending.clear();
    lastFrame = null;
  }

  /** Applies one frame of the current stream; returns what happened, in order. */
  public List<WatchEvent> apply(WatchRoutesResponse frame) {
    Position last = lastFrame;
    if (last != null && last.epoch() == frame.getEpoch()
        && Long.compareUnsigned(frame.getRevision(), last.revision()) < 0) {
      return List.of(new WatchEvent.ProtocolError("revision went back from "
          + Long.toUnsignedString(last.revision()) + " to " + Long.toUnsignedString(frame.getRevision())));
    }
    lastFrame = new Position(frame.getEpoch(), frame.getRevision());
    switch (frame.getEventCase()) {
      case RESET:
        return List.of(new WatchEvent.Reset(frame.getReset().getReason()));
      case SNAPSHOT_BEGIN:
        staging = new LinkedHashMap<>();
        return List.of();
      case ROUTES:
        if (staging != null) {
          for (TopicRouteUpdate u : frame.getRoutes().getUpdatesList()) applyUpdate(staging, u);
          return List.of();
        }
        pending.addAll(frame.getRoutes().getUpdatesList());
        return frame.getRoutes().getMore() ? List.of() : List.of(applyPending(frame));
      case END_OF_SNAPSHOT:
        if (staging == null) {
          return List.of(new WatchEvent.ProtocolError("END_OF_SNAPSHOT without SNAPSHOT_BEGIN"));
        }
        List<WatchEvent> events = replaceView(staging, frame);
        staging = null;
        return events;
      case PROGRESS:
        // A progress mark inside a snapshot or a change set is not a consistent point: ignore it.
        if (staging != null || !pending.isEmpty()) return List.of();
        checkpoint = new Position(frame.getEpoch(), frame.getRevision());
        return List.of(new WatchEvent.Progress(frame.getEpoch(), frame.getRevision()));
      default:
        return List.of();
    }
  }

  private WatchEvent.Change applyPending(WatchRoutesResponse frame) {
    List<String> updated = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (TopicRouteUpdate u : pending) {
      applyUpdate(view, u);
      (u.getRemoved() ? removed : updated).add(u.getTopic());
    }
    pending.clear();
    checkpoint = new Position(frame.getEpoch(), frame.getRevision());
    return new WatchEvent.Change(frame.getEpoch(), frame.getRevision(), updated, removed);
  }

  private List<WatchEvent> replaceView(Map<String, WatchedRoute> next, WatchRoutesResponse frame) {
    // In another epoch topic revisions are not comparable: every topic counts as updated.
    boolean sameEpoch = checkpoint != null && checkpoint.epoch() == frame.getEpoch();
    List<String> updated = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (Map.Entry<String, WatchedRoute> e : next.entrySet()) {
      WatchedRoute old = view.get(e.getKey());
      if (!sameEpoch || old == null || old.topicRevision() != e.getValue().topicRevision()) {
        updated.add(e.getKey());
      }
    }
    for (String topic : view.keySet()) {
      if (!next.containsKey(topic)) removed.add(topic);
    }
    view = next;
    checkpoint = new Position(frame.getEpoch(), frame.getRevision());
    return List.of(
        new WatchEvent.Synced(frame.getEpoch(), frame.getRevision()),
        new WatchEvent.Change(frame.getEpoch(), frame.getRevision(), updated, removed));
  }

  private static void applyUpdate(Map<String, WatchedRoute> view, TopicRouteUpdate u) {
    if (u.getRemoved() || !u.hasRoute()) {
      view.remove(u.getTopic());
    } else {
      view.put(u.getTopic(), new WatchedRoute(u.getRoute(), u.getTopicRevision()));
    }
  }
}
