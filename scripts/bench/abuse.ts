/**
 * Scenario: the attacks of issue 13, replayed one after another against one NameServer process.
 * For each attack it prints what the attack cost the server, measured in the same run: its RSS
 * growth (peak during the attack against before), the lookup p99 during the attack against the
 * p99 alone (just before), and whether a real broker stayed registered: a broker that registered
 * before the attack keeps beating on its stream, and a second broker registers and opens its
 * stream during the attack. The attacker connects from 127.0.0.2 (loopback), the real clients
 * from 127.0.0.1, so per-address limits show their effect (the slow-TLS attacker from 127.0.1.x,
 * against a server with TLS on and its file descriptors lowered to 4,096 with prlimit, so that
 * the attack outnumbers them). Targets of the issue are printed beside the figures.
 *
 *   npm run bench:abuse -- [--topics 20000] [--attack-ms 8000] [--only heartbeat,calls,...]
 *   attacks: heartbeat, calls, bomb, stuck-watchers, snapshot-storm, slow-tls
 */
import { once } from "node:events";
import { readdirSync } from "node:fs";
import http2 from "node:http2";
import { connect as netConnect, type Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { credentials } from "@grpc/grpc-js";
import { PutKVConfigRequest } from "../../gen/ts/namesrv/v1/admin_service.js";
import {
  BrokerServiceClient,
  type HeartbeatRequest,
  type HeartbeatResponse,
  RegisterBrokerRequest,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import {
  GetRouteInfoByTopicRequest,
  GetRouteInfoByTopicResponse,
  WatchRoutesRequest,
} from "../../gen/ts/namesrv/v1/route_service.js";
import { HANDSHAKE_TIMEOUT_MS } from "../../src/server/listener.js";
import { type OptionValues, parseOptions } from "./lib/args.js";
import { topicConfig, topicName } from "./lib/fixture.js";
import { NAMESRV_MAIN, REPO, rssBytes, type ServerProc, startNamesrv, startServer } from "./lib/proc.js";
import { asBuffer, PATH, RawClient } from "./lib/raw-client.js";
import { fmt, machineInfo, publish, type ScenarioReport, type TargetCheck, table } from "./lib/report.js";
import { runAsMain, withProcesses } from "./lib/scenario.js";
import { nowUs, percentile, sleep } from "./lib/stats.js";

export const ABUSE_OPTIONS = {
  topics: { default: 20_000, help: "topics in the table (served by the real broker)" },
  attackMs: { default: 8_000, help: "how long each attack is held while lookups are measured" },
  lookupConcurrency: { default: 4, help: "lookups in flight during the measurements" },
  only: { default: "", help: "comma-separated attacks to run (default: all)" },
  attackerAddress: { default: "127.0.0.2", help: "loopback source address of the attacker" },
  namesrvArgs: { default: "", help: "extra namesrv flags (space-separated), e.g. to A/B a limit" },
} as const;

export type AbuseOptions = OptionValues<typeof ABUSE_OPTIONS>;

const MiB = 1024 * 1024;

/** A raw HTTP/2 connection of the attacker, from its own loopback address. */
async function attackerSession(address: string, from: string): Promise<http2.ClientHttp2Session> {
  const colon = address.lastIndexOf(":");
  const session = http2.connect(`http://${address}`, {
    createConnection: () =>
      netConnect({
        host: address.slice(0, colon),
        port: Number(address.slice(colon + 1)),
        localAddress: from,
      }) as Socket,
  });
  session.on("error", () => {});
  await Promise.race([once(session, "remoteSettings"), once(session, "close")]);
  return session;
}

function grpcStream(
  session: http2.ClientHttp2Session,
  path: string,
  headers: http2.OutgoingHttpHeaders = {},
) {
  const stream = session.request({
    ":method": "POST",
    ":path": path,
    "content-type": "application/grpc",
    te: "trailers",
    ...headers,
  });
  stream.on("error", () => {});
  return stream;
}

function frame(message: Uint8Array, compressed = false): Buffer {
  const out = Buffer.alloc(5 + message.length);
  out[0] = compressed ? 1 : 0;
  out.writeUInt32BE(message.length, 1);
  Buffer.from(message).copy(out, 5);
  return out;
}

/** A broker with its own connection that registers, then beats every second on its stream. */
class RealBroker {
  private readonly client: BrokerServiceClient;
  private stream: ReturnType<BrokerServiceClient["heartbeat"]> | undefined;
  private timer: NodeJS.Timeout | undefined;
  lastAction = "";
  answered = 0;
  failed = "";

  constructor(
    address: string,
    readonly reg: RegisterBrokerRequest,
  ) {
    this.client = new BrokerServiceClient(address, credentials.createInsecure(), {
      "grpc.use_local_subchannel_pool": 1,
      "grpc.max_send_message_length": 256 * MiB,
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.client.registerBroker(this.reg, (err) => (err ? reject(err) : resolve())),
    );
    const stream = this.client.heartbeat();
    this.stream = stream;
    const beat: HeartbeatRequest = {
      clusterName: this.reg.clusterName,
      brokerName: this.reg.brokerName,
      brokerId: this.reg.brokerId,
      brokerAddr: this.reg.brokerAddr,
      dataVersion: this.reg.dataVersion,
    };
    const first = new Promise<void>((resolve) => {
      stream.on("data", (r: HeartbeatResponse) => {
        this.answered++;
        this.lastAction = String(r.action);
        resolve();
      });
    });
    stream.on("error", (err: Error) => {
      this.failed = err.message;
    });
    stream.write(beat);
    this.timer = setInterval(() => stream.write(beat), 1_000);
    await Promise.race([first, sleep(5_000)]);
  }

  /** True while its stream answers OK (action 1). */
  get healthy(): boolean {
    return this.failed === "" && this.answered > 0 && this.lastAction === "1";
  }

  close(): void {
    clearInterval(this.timer);
    this.stream?.cancel();
    this.client.close();
  }
}

function brokerRegistration(name: string, addr: string, topics: number): RegisterBrokerRequest {
  return RegisterBrokerRequest.fromPartial({
    clusterName: "real",
    brokerName: name,
    brokerId: 0n,
    brokerAddr: addr,
    haServerAddr: addr,
    topicConfigs: Array.from({ length: topics }, (_, i) => topicConfig(topicName(i), 8)),
    dataVersion: { stateVersion: 1n, timestamp: 1n, counter: 1n },
    heartbeatTimeoutMs: 0n,
  });
}

/** Lookups of random topics, `concurrency` in flight, for `ms`: latencies in µs and failures. */
async function lookups(
  client: RawClient,
  topics: number,
  concurrency: number,
  ms: number,
): Promise<{ latUs: number[]; failed: number }> {
  const latUs: number[] = [];
  let failed = 0;
  const end = Date.now() + ms;
  const worker = async () => {
    while (Date.now() < end) {
      const req = asBuffer(
        GetRouteInfoByTopicRequest.encode(
          GetRouteInfoByTopicRequest.fromPartial({ topic: topicName(Math.floor(Math.random() * topics)) }),
        ).finish(),
      );
      const t0 = nowUs();
      try {
        await client.unary(PATH.getRoute, req, 30_000);
        latUs.push(nowUs() - t0);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latUs, failed };
}

/** Whether broker `name` is in the route of topic 0. */
async function inRoutes(client: RawClient, name: string): Promise<boolean> {
  try {
    const req = asBuffer(
      GetRouteInfoByTopicRequest.encode(
        GetRouteInfoByTopicRequest.fromPartial({ topic: topicName(0) }),
      ).finish(),
    );
    const res = GetRouteInfoByTopicResponse.decode(await client.unary(PATH.getRoute, req, 10_000));
    return (res.route?.brokerDatas ?? []).some((b) => b.brokerName === name);
  } catch {
    return false;
  }
}

interface Attack {
  readonly name: string;
  readonly what: string;
  /** How its server differs from the defaults: extra flags, and a lower descriptor limit. */
  readonly server?: { readonly args: readonly string[]; readonly nofile?: number };
  /**
   * Starts the attack; returns when it is in place, with a function that ends it and a note
   * (read after the measurement, so it may count what happened during it).
   */
  start(address: string, from: string): Promise<{ stop(): void; note: string | (() => string) }>;
  /** Issue targets for this attack, given the figures. */
  targets(f: AttackFigures): TargetCheck[];
}

interface AttackFigures {
  readonly attack: string;
  readonly rssGrowthBytes: number;
  /** Most file descriptors the server held during the attack. */
  readonly fdsPeak: number;
  readonly p99AloneUs: number;
  readonly p99DuringUs: number;
  readonly lookupsFailed: number;
  readonly brokerStayed: boolean;
  readonly newBrokerGotIn: boolean;
  readonly note: string;
}

/** Opens `perConnection` streams on each of `connections` attacker connections. */
async function flood(
  address: string,
  from: string,
  connections: number,
  perConnection: number,
  open: (s: http2.ClientHttp2Session) => void,
): Promise<{ stop(): void; sessions: http2.ClientHttp2Session[] }> {
  const sessions: http2.ClientHttp2Session[] = [];
  for (let c = 0; c < connections; c++) {
    const s = await attackerSession(address, from);
    sessions.push(s);
    for (let i = 0; i < perConnection && !s.destroyed; i++) open(s);
  }
  await sleep(1_000); // let the server take them in
  return {
    stop: () => {
      for (const s of sessions) s.destroy();
    },
    sessions,
  };
}

/** The slow-TLS attack: the server's descriptor limit, and how fast and from where it is attacked. */
const SLOW_TLS = {
  /** The server runs with this many file descriptors (soft and hard), so the attack outnumbers them. */
  nofile: 4_096,
  /** New half-handshakes per second, all attack long. */
  perSecond: 250,
  /** Loopback source addresses 127.0.1.1 ... : 50 per address stay open, below --max-connections-per-address. */
  addresses: 50,
  /** Most attacker sockets open at once (a bound on the load generator). */
  maxOpen: 6_000,
};

/** A TLS record header announcing a 128-byte handshake message, and its first byte: then nothing. */
const PARTIAL_CLIENT_HELLO = Buffer.from([0x16, 0x03, 0x01, 0x00, 0x80, 0x01]);

/**
 * Opens connections that send part of a ClientHello and then nothing, `perSecond` of them, until
 * stopped. Before the fix each held its descriptor forever (Node reports the handshake timeout
 * without closing the socket), so as many as the server's descriptors took it down; now each is
 * closed after the handshake timeout, and beyond --max-pending-tls-handshakes at once, so at most
 * the smaller of that limit and `perSecond` x the timeout are open at once.
 */
function slowTls(address: string): {
  stop(): void;
  counts(): { opened: number; closedByServer: number; open: number };
} {
  const colon = address.lastIndexOf(":");
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  const open = new Set<Socket>();
  let opened = 0;
  let closedByServer = 0;
  let stopped = false;
  const t0 = Date.now();
  const tick = setInterval(() => {
    const due = Math.floor(((Date.now() - t0) / 1000) * SLOW_TLS.perSecond);
    while (opened < due && open.size < SLOW_TLS.maxOpen) {
      const from = `127.0.1.${(opened % SLOW_TLS.addresses) + 1}`;
      opened++;
      const socket = netConnect({ host, port, localAddress: from });
      open.add(socket);
      socket.on("error", () => {});
      socket.once("connect", () => socket.write(PARTIAL_CLIENT_HELLO));
      socket.once("close", () => {
        open.delete(socket);
        if (!stopped) closedByServer++;
      });
    }
  }, 20);
  return {
    stop() {
      stopped = true;
      clearInterval(tick);
      for (const socket of open) socket.destroy();
    },
    counts: () => ({ opened, closedByServer, open: open.size }),
  };
}

const ATTACKS: readonly Attack[] = [
  {
    name: "heartbeat",
    what: "1,000 Heartbeat streams that never beat (10 connections x 100)",
    async start(address, from) {
      const f = await flood(address, from, 10, 100, (s) => grpcStream(s, PATH.heartbeat).resume());
      return { stop: f.stop, note: "" };
    },
    targets: (f) => [
      {
        target: "1,000 idle Heartbeat streams from one client: a real broker stays registered",
        measured: `registered broker kept: ${f.brokerStayed}; new broker got in: ${f.newBrokerGotIn}`,
        met: f.brokerStayed && f.newBrokerGotIn,
      },
    ],
  },
  {
    name: "calls",
    what: "never-finished unary calls (50 connections x 1,000, headers only) and 10,000 public Health/Watch streams",
    async start(address, from) {
      const calls = await flood(address, from, 50, 1_000, (s) =>
        grpcStream(s, "/namesrv.v1.AdminService/GetKVConfig"),
      );
      const watches = await flood(address, from, 10, 1_000, (s) => {
        const st = grpcStream(s, "/grpc.health.v1.Health/Watch");
        st.end(frame(new Uint8Array(0)));
      });
      return {
        stop: () => {
          calls.stop();
          watches.stop();
        },
        note: "",
      };
    },
    targets: (f) => [
      {
        target: "never-finished calls and public health watches from one client: RSS growth < 200 MB",
        measured: `${fmt.n(f.rssGrowthBytes / MiB, 1)} MiB`,
        met: f.rssGrowthBytes < 200 * 1e6,
      },
    ],
  },
  {
    name: "bomb",
    what: "24 concurrent gzip PutKVConfig requests, each ~61 KB inflating to 60 MiB",
    async start(address, from) {
      const inflated = PutKVConfigRequest.encode(
        PutKVConfigRequest.fromPartial({ namespace: "NS", key: "k", value: "\0".repeat(60 * MiB) }),
      ).finish();
      const body = frame(gzipSync(inflated), true);
      const session = await attackerSession(address, from);
      let stopped = false;
      const fire = () => {
        if (stopped || session.destroyed) return;
        const st = grpcStream(session, "/namesrv.v1.AdminService/PutKVConfig", { "grpc-encoding": "gzip" });
        st.resume();
        st.on("close", fire); // keep 24 in flight for the whole attack
        st.end(body);
      };
      for (let i = 0; i < 24; i++) fire();
      await sleep(1_000);
      return {
        stop: () => {
          stopped = true;
          session.destroy();
        },
        note: `${fmt.n(body.length / 1024, 0)} KiB sent per request`,
      };
    },
    targets: () => [],
  },
  {
    name: "stuck-watchers",
    what: "50 all_topics WatchRoutes subscribers that never read",
    async start(address, from) {
      const req = frame(
        WatchRoutesRequest.encode(WatchRoutesRequest.fromPartial({ allTopics: true })).finish(),
      );
      const f = await flood(address, from, 5, 10, (s) => grpcStream(s, PATH.watchRoutes).end(req));
      await sleep(2_000);
      return { stop: f.stop, note: "" };
    },
    targets: (f) => [
      {
        target: "50 all_topics subscribers that never read: RSS growth < 300 MB",
        measured: `${fmt.n(f.rssGrowthBytes / MiB, 1)} MiB`,
        met: f.rssGrowthBytes < 300 * 1e6,
      },
      {
        target: "... and lookup p99 < 250 ms during the attack",
        measured: `${fmt.ms(f.p99DuringUs)} ms`,
        met: f.p99DuringUs < 250_000,
      },
    ],
  },
  {
    name: "snapshot-storm",
    what: "1,000 all_topics subscribers that read, all starting together",
    async start(address, from) {
      const req = frame(
        WatchRoutesRequest.encode(WatchRoutesRequest.fromPartial({ allTopics: true })).finish(),
      );
      const f = await flood(address, from, 10, 100, (s) => {
        const st = grpcStream(s, PATH.watchRoutes);
        st.resume();
        st.end(req);
      });
      return { stop: f.stop, note: "" };
    },
    targets: (f) => [
      {
        target: "1,000 subscribers snapshotting at once: lookup p99 < 250 ms",
        measured: `${fmt.ms(f.p99DuringUs)} ms`,
        met: f.p99DuringUs < 250_000,
      },
      {
        target:
          "... RSS growth about the watch budget (--watch-queued-bytes-budget, 256 MiB) plus per-stream overhead (docs/operating-limits.md: what the rest is)",
        measured: `${fmt.n(f.rssGrowthBytes / MiB, 1)} MiB (+969 MiB before the shared snapshot plan)`,
        met: null,
      },
    ],
  },
  {
    name: "slow-tls",
    what: `partial TLS ClientHellos that never finish, ${SLOW_TLS.perSecond}/s from ${SLOW_TLS.addresses} addresses, against a server with ${SLOW_TLS.nofile} file descriptors`,
    server: {
      args: [
        "--tls-mode",
        "permissive",
        "--tls-cert-file",
        `${REPO}test/fixtures/tls/server.crt`,
        "--tls-key-file",
        `${REPO}test/fixtures/tls/server.key`,
      ],
      nofile: SLOW_TLS.nofile,
    },
    async start(address) {
      const attack = slowTls(address);
      // Past the handshake timeout, so that the server is closing as many as arrive.
      await sleep(HANDSHAKE_TIMEOUT_MS + 3_000);
      return {
        stop: () => attack.stop(),
        note: () => {
          const c = attack.counts();
          return `${c.opened} half-handshakes opened in all (the server has ${SLOW_TLS.nofile} descriptors), ${c.closedByServer} closed by the server (at the handshake timeout, or at once beyond --max-pending-tls-handshakes), ${c.open} open when measured`;
        },
      };
    },
    targets: (f) => [
      {
        target: `slow TLS: more half-handshakes than the server has descriptors, a real broker stays registered and a new one gets in`,
        measured: `server fds peak ${f.fdsPeak} of ${SLOW_TLS.nofile}; broker kept: ${f.brokerStayed}; new broker got in: ${f.newBrokerGotIn}`,
        met: f.brokerStayed && f.newBrokerGotIn && f.fdsPeak < SLOW_TLS.nofile,
      },
    ],
  },
];

/** Open file descriptors of `pid`. */
function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/**
 * A fresh NameServer for `attack`, at the defaults (not the load generators' raised limits: they
 * are what is measured) plus the attack's flags; under `prlimit` when the attack lowers its file
 * descriptor limit (prlimit execs node, so the PID is the server's).
 */
function startAttacked(attack: Attack, extra: readonly string[]): Promise<ServerProc> {
  const args = [...(attack.server?.args ?? []), ...extra];
  const nofile = attack.server?.nofile;
  if (nofile === undefined) return startNamesrv(args, [], undefined, "namesrv", {});
  return startServer(
    "namesrv",
    "prlimit",
    [`--nofile=${nofile}:${nofile}`, process.execPath, NAMESRV_MAIN, "--listen", "127.0.0.1:0", ...args],
    { NAMESRV_HTTP_LISTEN: "127.0.0.1:0" },
  );
}

export async function runAbuse(argv: string[]): Promise<ScenarioReport> {
  const opts = parseOptions("abuse", ABUSE_OPTIONS, argv);
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const only = opts.only.split(",").filter(Boolean);
  const attacks = ATTACKS.filter((a) => only.length === 0 || only.includes(a.name));
  const notes = [
    "attacks run one after another against one server; RSS growth = peak RSS during the attack - RSS before it",
    "server fds peak = most file descriptors the server process held during the attack (/proc/PID/fd)",
  ];
  return withProcesses(async () => {
    const figures: AttackFigures[] = [];
    for (const attack of attacks) {
      // A fresh server per attack: one attack's leftovers do not weigh on the next.
      const namesrv = await startAttacked(attack, opts.namesrvArgs.split(" ").filter(Boolean));
      const address = namesrv.address;
      const keeper = new RealBroker(address, brokerRegistration("real-a", "10.7.0.1:10911", opts.topics));
      await keeper.start();
      const lookup = new RawClient(address, "lookups");
      const alone = await lookups(
        lookup,
        opts.topics,
        opts.lookupConcurrency,
        Math.min(opts.attackMs, 4_000),
      );
      const rssBefore = rssBytes(namesrv.pid);
      let rssPeak = rssBefore;
      let fdsPeak = openFds(namesrv.pid);
      const sampler = setInterval(() => {
        try {
          rssPeak = Math.max(rssPeak, rssBytes(namesrv.pid));
          fdsPeak = Math.max(fdsPeak, openFds(namesrv.pid));
        } catch {
          // the server is gone; the lookups report it
        }
      }, 100);
      process.stderr.write(`abuse: ${attack.name}: ${attack.what}\n`);
      const running = await attack.start(address, opts.attackerAddress);
      const newcomer = new RealBroker(address, brokerRegistration("real-b", "10.7.0.2:10911", 10));
      const [during] = await Promise.all([
        lookups(lookup, opts.topics, opts.lookupConcurrency, opts.attackMs),
        newcomer.start().catch(() => undefined),
      ]);
      const stayed = keeper.healthy && (await inRoutes(lookup, "real-a"));
      const newcomerIn = newcomer.healthy;
      clearInterval(sampler);
      const note = typeof running.note === "function" ? running.note() : running.note;
      running.stop();
      keeper.close();
      newcomer.close();
      lookup.close();
      await namesrv.stop();
      figures.push({
        attack: attack.name,
        rssGrowthBytes: rssPeak - rssBefore,
        fdsPeak,
        p99AloneUs: percentile(alone.latUs, 99),
        p99DuringUs: percentile(during.latUs, 99),
        lookupsFailed: during.failed,
        brokerStayed: stayed,
        newBrokerGotIn: newcomerIn,
        note,
      });
    }
    const tables = [
      table(
        [
          "attack",
          "RSS growth MiB",
          "server fds peak",
          "lookup p99 alone ms",
          "p99 during ms",
          "lookups failed",
          "broker stayed",
          "new broker in",
        ],
        figures.map((f) => [
          f.attack,
          fmt.n(f.rssGrowthBytes / MiB, 1),
          String(f.fdsPeak),
          fmt.ms(f.p99AloneUs),
          fmt.ms(f.p99DuringUs),
          String(f.lookupsFailed),
          String(f.brokerStayed),
          String(f.newBrokerGotIn),
        ]),
      ),
    ];
    const targets = attacks.flatMap((a) => {
      const f = figures.find((x) => x.attack === a.name);
      return f ? a.targets(f) : [];
    });
    targets.push({
      target:
        "a healthy subscriber's memory within 1.1x, lookup and fan-out throughput within 0.95x of before",
      measured: "not measured here: run bench:fanout and bench:lookup with --compare-with against main",
      met: null,
    });
    for (const f of figures) if (f.note) notes.push(`${f.attack}: ${f.note}`);
    const report: ScenarioReport = {
      scenario: "abuse",
      startedAt,
      machine,
      settings: { ...opts },
      figures,
      targets,
      tables,
      notes,
    };
    publish(report);
    return report;
  });
}

runAsMain(import.meta.url, runAbuse);
