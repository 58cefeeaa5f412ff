import { type ClientDuplexStream, credentials, type ServiceError, type StatusObject } from "@grpc/grpc-js";
import {
  BrokerServiceClient,
  type HeartbeatRequest,
  type HeartbeatResponse,
  type RegisterBrokerRequest,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import type { TopicConfig } from "../../gen/ts/namesrv/v1/route.js";
import { RouteServiceClient } from "../../gen/ts/namesrv/v1/route_service.js";

/** Generated clients of one server. */
export interface Clients {
  broker: BrokerServiceClient;
  route: RouteServiceClient;
  close(): void;
}

export function connect(address: string): Clients {
  // A private subchannel pool: these clients never share a connection (or its reconnect backoff)
  // with the SDK objects under test that talk to the same address.
  const options = { "grpc.use_local_subchannel_pool": 1 };
  const broker = new BrokerServiceClient(address, credentials.createInsecure(), options);
  const route = new RouteServiceClient(address, credentials.createInsecure(), options);
  return {
    broker,
    route,
    close() {
      broker.close();
      route.close();
    },
  };
}

/** Awaits one unary call: `await unary<Res>((cb) => client.method(req, cb))`. */
export function unary<Res>(
  invoke: (cb: (err: ServiceError | null, res?: Res) => void) => unknown,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    invoke((err, res) => (err ? reject(err) : resolve(res as Res)));
  });
}

/** Awaits a failing unary call and returns its error (fails if the call succeeds). */
export async function unaryError(
  invoke: (cb: (err: ServiceError | null) => void) => unknown,
): Promise<ServiceError> {
  try {
    await unary(invoke);
  } catch (err) {
    return err as ServiceError;
  }
  throw new Error("expected the call to fail, it succeeded");
}

/** A client side of the Heartbeat stream with awaitable answers and final status. */
export class HeartbeatStream {
  private readonly answers: HeartbeatResponse[] = [];
  private waiters: Array<(r: HeartbeatResponse) => void> = [];
  /** Resolves with the call's final status (OK, CANCELLED, UNAVAILABLE, ...). */
  readonly status: Promise<StatusObject>;
  readonly call: ClientDuplexStream<HeartbeatRequest, HeartbeatResponse>;

  constructor(client: BrokerServiceClient) {
    this.call = client.heartbeat();
    this.call.on("data", (r: HeartbeatResponse) => {
      const waiter = this.waiters.shift();
      if (waiter) waiter(r);
      else this.answers.push(r);
    });
    this.call.on("error", () => {}); // the status promise reports it
    this.status = new Promise((resolve) => this.call.on("status", resolve));
  }

  /** Sends a heartbeat and awaits the next answer. */
  async beat(req: HeartbeatRequest): Promise<HeartbeatResponse> {
    this.call.write(req);
    return this.next();
  }

  next(): Promise<HeartbeatResponse> {
    const ready = this.answers.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  cancel(): void {
    this.call.cancel();
  }

  end(): void {
    this.call.end();
  }
}

export function topic(name: string, overrides: Partial<TopicConfig> = {}): TopicConfig {
  return { topicName: name, readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0, ...overrides };
}

/** A RegisterBrokerRequest with sensible defaults. */
export function registration(overrides: Partial<RegisterBrokerRequest> = {}): RegisterBrokerRequest {
  return {
    clusterName: "DefaultCluster",
    brokerName: "broker-a",
    brokerId: 0n,
    brokerAddr: "10.0.0.1:10911",
    haServerAddr: "10.0.0.1:10912",
    zoneName: "",
    topicConfigs: [topic("TopicA"), topic("TopicB")],
    dataVersion: { stateVersion: 1n, timestamp: 1000n, counter: 1n },
    heartbeatTimeoutMs: 0n,
    ...overrides,
  };
}

/** The heartbeat matching a registration. */
export function heartbeatOf(reg: RegisterBrokerRequest): HeartbeatRequest {
  return {
    clusterName: reg.clusterName,
    brokerName: reg.brokerName,
    brokerId: reg.brokerId,
    brokerAddr: reg.brokerAddr,
    dataVersion: reg.dataVersion,
  };
}
