package io.namesrv.client;

/** A consistent point of a route view: the server's routes as of {@code revision} in {@code epoch} (both uint64). */
public record Position(long epoch, long revision) {
  @Override
  public String toString() {
    return "(epoch " + Long.toUnsignedString(epoch) + ", revision " + Long.toUnsignedString(revision) + ")";
  }
}
