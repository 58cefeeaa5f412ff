import type {
  ServerInterceptingCall,
  ServerInterceptingCallInterface,
  ServerInterceptor,
  ServerMethodDefinition,
} from "@grpc/grpc-js";
import type { Clock } from "../clock/clock.js";
import type { Logger } from "../log/logger.js";
import {
  GRPC_CODE_NAMES,
  type GrpcCallStats,
  type GrpcType,
  type MethodStats,
} from "../metrics/grpc-call-stats.js";

/**
 * The per-call hooks of grpc-js's own call (BaseServerInterceptingCall, grpc-js 1.14, private; the
 * same hooks feed channelz when it is on, which our server turns off). grpc-js calls them on every
 * message received and sent, and exactly once at the end of the call with its status: the one sent,
 * or CANCELLED when the stream closed without one. If a grpc-js upgrade renames the field, the
 * counts of test/integration/http-metrics.test.ts fail (and the server warns once at the first call).
 */
interface CallEvents {
  addMessageReceived(): void;
  addMessageSent(): void;
  onCallEnd(status: { code: number }): void;
  onStreamEnd(success: boolean): void;
}

interface BaseCall {
  callEventTracker?: CallEvents | null;
}

/** handled[] index of a status code; codes grpc-js does not know count as Unknown. */
function codeIndex(code: number): number {
  return code >= 0 && code < GRPC_CODE_NAMES.length ? code : 2;
}

/** The events of every streaming call of one method: one object per method, shared by its calls. */
class StreamEvents implements CallEvents {
  constructor(protected readonly m: MethodStats) {}
  addMessageReceived(): void {
    this.m.received++;
  }
  addMessageSent(): void {
    this.m.sent++;
  }
  onCallEnd(status: { code: number }): void {
    const i = codeIndex(status.code);
    this.m.handled[i] = (this.m.handled[i] as number) + 1;
  }
  onStreamEnd(): void {}
}

/** The events of one unary call: the only per-call object, for its start time (handling seconds). */
class UnaryEvents extends StreamEvents {
  constructor(
    m: MethodStats,
    private readonly clock: Clock,
    private readonly startedAt: number,
  ) {
    super(m);
  }
  override onCallEnd(status: { code: number }): void {
    super.onCallEnd(status);
    this.m.seconds.observe((this.clock.now() - this.startedAt) / 1000);
  }
}

/** One method's stats and, for a streaming method, its shared events. */
interface Counted {
  readonly m: MethodStats;
  readonly stream: StreamEvents | null;
}

/**
 * go-grpc-prometheus's server metrics (started, handled by code, unary handling seconds, messages
 * received and sent) for every call of every service, ours and the libraries' (health,
 * reflection) alike, with no interceptor layer: it must be the first interceptor, so that it gets
 * grpc-js's own call, and it returns that call unchanged after handing it the method's counters
 * (see CallEvents). A layer of our own costs several µs per lookup (docs/performance.md); this costs
 * a map lookup per call (the method's counters, resolved once per method), and for a unary call one
 * small object and two clock readings. Everything grpc-js ends is counted with its code: refusals
 * of the call guard and of auth before any handler, malformed requests, deadlines, cancellations.
 * With metrics off it is not installed, and grpc-js's hooks stay null (no work per call).
 */
export function callCounter(stats: GrpcCallStats, clock: Clock, log: Logger): ServerInterceptor {
  const methods = new Map<string, Counted>();
  let warned = false;
  return (method: ServerMethodDefinition<unknown, unknown>, call: ServerInterceptingCallInterface) => {
    let counted = methods.get(method.path);
    if (counted === undefined) {
      const m = stats.method(method.path, grpcType(method));
      counted = { m, stream: m.type === "unary" ? null : new StreamEvents(m) };
      methods.set(method.path, counted);
    }
    const m = counted.m;
    m.started++;
    const base = call as unknown as BaseCall;
    if (base.callEventTracker === null) {
      base.callEventTracker = counted.stream ?? new UnaryEvents(m, clock, clock.now());
    } else if (!warned) {
      warned = true;
      log.warn(
        { method: method.path },
        "grpc-js call has no free event hooks: gRPC calls are counted as started only",
      );
    }
    // grpc-js types an interceptor as returning its own class, but chains whatever it returns.
    return call as ServerInterceptingCall;
  };
}

function grpcType(method: { requestStream: boolean; responseStream: boolean }): GrpcType {
  if (method.requestStream) return method.responseStream ? "bidi_stream" : "client_stream";
  return method.responseStream ? "server_stream" : "unary";
}
