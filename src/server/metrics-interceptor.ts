import {
  ServerInterceptingCall,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  type ServerMethodDefinition,
  status,
} from "@grpc/grpc-js";
import type { Clock } from "../clock/clock.js";
import type { GrpcCallStats, GrpcType } from "../metrics/grpc-call-stats.js";

/**
 * go-grpc-prometheus's server metrics as a grpc-js interceptor, outermost so that calls refused by
 * auth are counted with their code. Per call: one map lookup, two clock readings for unary calls,
 * and increments of plain numbers (GrpcCallStats); prom-client formats them at scrape time.
 * A call that ends without a status (the client cancelled) is counted as Canceled.
 */
export function metricsInterceptor(stats: GrpcCallStats, clock: Clock): ServerInterceptor {
  return (method: ServerMethodDefinition<unknown, unknown>, call: ServerInterceptingCallInterface) => {
    const m = stats.method(method.path, grpcType(method));
    m.started++;
    const unary = m.type === "unary";
    const startedAt = unary ? clock.now() : 0;
    let done = false;
    const finish = (code: number) => {
      if (done) return;
      done = true;
      m.handled[code] = (m.handled[code] ?? 0) + 1;
      if (unary) m.seconds.observe((clock.now() - startedAt) / 1000);
    };
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMessage: (message, pass) => {
            m.received++;
            pass(message);
          },
          onCancel: () => finish(status.CANCELLED),
        }),
      sendMessage: (message, next) => {
        m.sent++;
        next(message);
      },
      sendStatus: (s, next) => {
        finish(s.code);
        next(s);
      },
    });
  };
}

function grpcType(method: { requestStream: boolean; responseStream: boolean }): GrpcType {
  if (method.requestStream) return method.responseStream ? "bidi_stream" : "client_stream";
  return method.responseStream ? "server_stream" : "unary";
}
