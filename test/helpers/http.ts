import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request to the NameServer's HTTP listener; `ca` (PEM) makes it HTTPS to "localhost". */
export function httpGet(
  address: string,
  path: string,
  opts: { headers?: Record<string, string>; ca?: Buffer; method?: string } = {},
): Promise<HttpAnswer> {
  const port = Number(address.slice(address.lastIndexOf(":") + 1));
  return new Promise((resolve, reject) => {
    const done = (res: import("node:http").IncomingMessage) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        body += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    };
    const common = {
      host: "127.0.0.1",
      port,
      path,
      method: opts.method ?? "GET",
      headers: opts.headers ?? {},
    };
    const req =
      opts.ca === undefined
        ? httpRequest(common, done)
        : httpsRequest({ ...common, ca: opts.ca, servername: "localhost" }, done);
    req.on("error", reject);
    req.end();
  });
}

/** The value of the sample `series` (name with its label set, as printed) in a Prometheus text body. */
export function sample(body: string, series: string): number | undefined {
  for (const line of body.split("\n")) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

/** An open server-sent event stream: events as they arrive. */
export class EventStream {
  private readonly seen: Array<{ event: string; data: unknown }> = [];
  private waiters: Array<() => void> = [];
  private readonly req: import("node:http").ClientRequest;

  constructor(address: string, path: string, headers: Record<string, string> = {}) {
    const port = Number(address.slice(address.lastIndexOf(":") + 1));
    this.req = httpRequest({ host: "127.0.0.1", port, path, headers }, (res) => {
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        buf += d;
        let end = buf.indexOf("\n\n");
        while (end >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
          const data = /^data: (.*)$/m.exec(block)?.[1];
          this.seen.push({ event, data: data === undefined ? undefined : JSON.parse(data) });
          end = buf.indexOf("\n\n");
        }
        const waiters = this.waiters;
        this.waiters = [];
        for (const w of waiters) w();
      });
    });
    this.req.on("error", () => {});
    this.req.end();
  }

  /** Resolves with the first event (seen so far or later) that `match` accepts. */
  async next(
    match: (e: { event: string; data: unknown }) => boolean,
  ): Promise<{ event: string; data: unknown }> {
    for (;;) {
      const found = this.seen.find(match);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): void {
    this.req.destroy();
  }
}
