/**
 * A TCP proxy between clients and one NameServer, with injectable connection faults. It listens on
 * a fixed loopback port for the whole run, so clients keep one address while the NameServer behind
 * it restarts on another port. Faults apply to every connection through the proxy:
 * - latency: every chunk is delivered `ms` later (order kept);
 * - blackhole: nothing is delivered either way (bytes wait, as TCP retransmits them) until healed;
 * - half-open: the NameServer's bytes stop reaching the client while the client's still go through;
 *   when it heals, the connections are cut (the client never learns why its peer went quiet);
 * - reset: every open connection is destroyed with a TCP RST, now.
 * While the NameServer is down, new connections are refused by closing them.
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

export type ProxyFault = "latency" | "blackhole" | "half-open";

interface Pipe {
  client: Socket;
  upstream: Socket;
}

export class FaultProxy {
  private server: Server;
  private readonly pipes = new Set<Pipe>();
  private upstreamPort: number | null = null;
  private latencyMs = 0;
  private holding = false;
  private halfOpen = false;
  port = 0;

  constructor() {
    this.server = createServer((client) => this.accept(client));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const addr = this.server.address();
    this.port = typeof addr === "object" && addr !== null ? addr.port : 0;
    return `127.0.0.1:${this.port}`;
  }

  /** Where connections go; null while the NameServer is down. */
  target(port: number | null): void {
    this.upstreamPort = port;
  }

  inject(fault: ProxyFault, latencyMs = 0): void {
    if (fault === "latency") this.latencyMs = latencyMs;
    if (fault === "blackhole") this.holding = true;
    if (fault === "half-open") this.halfOpen = true;
  }

  /** Ends every fault; connections that were half-open are cut. */
  heal(): void {
    this.latencyMs = 0;
    const wasHalfOpen = this.halfOpen;
    this.holding = false;
    this.halfOpen = false;
    for (const p of this.pipes) {
      if (wasHalfOpen) this.cut(p, false);
    }
  }

  /** Destroys every open connection with a RST. */
  reset(): void {
    for (const p of [...this.pipes]) this.cut(p, true);
  }

  get connections(): number {
    return this.pipes.size;
  }

  async close(): Promise<void> {
    this.reset();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.upstreamPort === null) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(this.upstreamPort, "127.0.0.1");
    const pipe = { client, upstream };
    this.pipes.add(pipe);
    const end = () => this.cut(pipe, false);
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    this.forward(client, upstream, pipe, false);
    this.forward(upstream, client, pipe, true);
  }

  /** Copies `from` to `to` honouring the faults; `down` is the NameServer-to-client direction. */
  private forward(from: Socket, to: Socket, pipe: Pipe, down: boolean): void {
    // One ordered queue per direction: latency and holds delay chunks, never reorder them.
    const queue: Array<{ chunk: Buffer; at: number }> = [];
    let timer: NodeJS.Timeout | null = null;
    const pump = () => {
      timer = null;
      if (!this.pipes.has(pipe)) return;
      while (queue.length > 0 && !this.holding && (queue[0] as { at: number }).at <= Date.now()) {
        const head = queue.shift() as { chunk: Buffer };
        if (!to.destroyed) to.write(head.chunk);
      }
      if (queue.length < 64 && from.isPaused()) from.resume();
      if (queue.length > 0) {
        const wait = this.holding ? 20 : Math.max(1, (queue[0] as { at: number }).at - Date.now());
        timer = setTimeout(pump, wait);
      }
    };
    from.on("data", (chunk: Buffer) => {
      if (!this.pipes.has(pipe)) return;
      if (down && this.halfOpen) return; // lost: the client never hears from its peer again
      queue.push({ chunk, at: Date.now() + this.latencyMs });
      if (queue.length > 64) from.pause();
      if (timer === null) pump();
    });
    from.on("close", () => {
      if (timer !== null) clearTimeout(timer);
    });
  }

  private cut(pipe: Pipe, rst: boolean): void {
    if (!this.pipes.delete(pipe)) return;
    for (const s of [pipe.client, pipe.upstream]) {
      if (rst) s.resetAndDestroy();
      else s.destroy();
    }
  }
}
