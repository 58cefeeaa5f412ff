package io.namesrv.client;

import java.util.List;

/**
 * What applying one WatchRoutes frame did (see {@link WatchState#apply}). Epochs and revisions are
 * uint64 carried in a {@code long}: compare them with {@link Long#compareUnsigned} and print them
 * with {@link Long#toUnsignedString}.
 */
public sealed interface WatchEvent {

  /** The server did not honour the resume point; a fresh snapshot follows. */
  record Reset(String reason) implements WatchEvent {}

  /** A snapshot completed: the view is the server's as of {@code revision} (a Change follows). */
  record Synced(long epoch, long revision) implements WatchEvent {}

  /**
   * The view moved to a consistent point (a snapshot, or a complete change set). {@code updated}:
   * topics whose route is new or changed; {@code removed}: topics that are gone; both in frame order.
   */
  record Change(long epoch, long revision, List<String> updated, List<String> removed) implements WatchEvent {
    public Change {
      updated = List.copyOf(updated);
      removed = List.copyOf(removed);
    }
  }

  /** A progress mark moved the resume point; nothing changed. */
  record Progress(long epoch, long revision) implements WatchEvent {}

  /** The server broke the protocol: the stream is dropped and resumed; the view is untouched. */
  record ProtocolError(String message) implements WatchEvent {}
}
