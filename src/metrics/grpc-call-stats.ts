import { Buckets, LATENCY_BUCKETS_S } from "./buckets.js";
import type { Sample } from "./snapshot-metric.js";
import { histogramSamples } from "./snapshot-metric.js";

/** go-grpc-prometheus's grpc_type values. */
export type GrpcType = "unary" | "client_stream" | "server_stream" | "bidi_stream";

/**
 * gRPC status code names as Go's codes.Code prints them, which is what go-grpc-prometheus puts in
 * grpc_code: dashboards and alerts written for Go servers work unchanged.
 */
export const GRPC_CODE_NAMES: readonly string[] = [
  "OK",
  "Canceled",
  "Unknown",
  "InvalidArgument",
  "DeadlineExceeded",
  "NotFound",
  "AlreadyExists",
  "PermissionDenied",
  "ResourceExhausted",
  "FailedPrecondition",
  "Aborted",
  "OutOfRange",
  "Unimplemented",
  "Internal",
  "Unavailable",
  "DataLoss",
  "Unauthenticated",
];

/** One method's counts; the server's call counter bumps the fields directly (no lookup per message). */
export class MethodStats {
  started = 0;
  received = 0;
  sent = 0;
  /** Calls handled, by status code number. */
  readonly handled = new Float64Array(GRPC_CODE_NAMES.length);
  /** Handling time of unary calls, s. */
  readonly seconds = new Buckets(LATENCY_BUCKETS_S);

  constructor(
    readonly service: string,
    readonly method: string,
    readonly type: GrpcType,
  ) {}

  labels(): Record<string, string> {
    return { grpc_service: this.service, grpc_method: this.method, grpc_type: this.type };
  }
}

/** Per-method call counts of a gRPC server, in go-grpc-prometheus's families. */
export class GrpcCallStats {
  private readonly methods = new Map<string, MethodStats>();

  /** The stats of method `path` ("/pkg.Service/Method"), created on its first call. */
  method(path: string, type: GrpcType): MethodStats {
    let m = this.methods.get(path);
    if (m === undefined) {
      const slash = path.lastIndexOf("/");
      m = new MethodStats(path.slice(1, slash), path.slice(slash + 1), type);
      this.methods.set(path, m);
    }
    return m;
  }

  /** Samples of one counter family (`started`, `received` or `sent`), one per method called. */
  counter(field: "started" | "received" | "sent"): Sample[] {
    return [...this.methods.values()].map((m) => ({ labels: m.labels(), value: m[field] }));
  }

  /** grpc_server_handled_total: one sample per method and code seen. */
  handled(): Sample[] {
    const out: Sample[] = [];
    for (const m of this.methods.values()) {
      m.handled.forEach((value, code) => {
        if (value > 0)
          out.push({ labels: { ...m.labels(), grpc_code: GRPC_CODE_NAMES[code] ?? String(code) }, value });
      });
    }
    return out;
  }

  /** grpc_server_handling_seconds of unary methods. */
  handlingSeconds(name: string): Sample[] {
    const out: Sample[] = [];
    for (const m of this.methods.values()) {
      if (m.type === "unary") out.push(...histogramSamples(name, m.labels(), m.seconds));
    }
    return out;
  }
}
