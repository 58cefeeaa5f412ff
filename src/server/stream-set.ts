import { status } from "@grpc/grpc-js";
import { serviceError } from "./status.js";

/** A server stream that can be ended with a status (grpc-js: emitting 'error' sends it). */
interface EndableStream {
  emit(event: "error", err: Error): boolean;
}

/**
 * The long-lived streams currently open, so that shutdown can end them explicitly with
 * UNAVAILABLE "shutting down" before the server drains (otherwise a graceful shutdown would wait
 * for clients that never hang up).
 */
export class StreamSet {
  private readonly open = new Set<EndableStream>();
  private closing = false;

  /** Tracks `stream`; returns the function that stops tracking it. */
  add(stream: EndableStream): () => void {
    this.open.add(stream);
    return () => this.open.delete(stream);
  }

  get size(): number {
    return this.open.size;
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** Ends every tracked stream with UNAVAILABLE; later streams are refused the same way. Idempotent. */
  endAll(): void {
    this.closing = true;
    for (const stream of [...this.open])
      stream.emit("error", serviceError(status.UNAVAILABLE, "shutting down"));
    this.open.clear();
  }
}
