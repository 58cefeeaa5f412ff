#!/usr/bin/env node
/**
 * A stand-in broker: `node dist/src/cli/broker-agent-main.js --broker-name broker-a --broker-addr
 * 127.0.0.1:10911 --topics TopicA,TopicB` runs a BrokerAgent with that identity and topic table
 * against the NameServers of --namesrv (or NAMESRV_ADDR) until SIGTERM/SIGINT, then unregisters
 * everywhere and exits 0. It serves no messages: it exists for the demo, tests and trying things
 * out. Logs JSON lines on stdout ("broker agent started", "registered", ..., "stopped").
 */
import { parseArgs } from "node:util";
import { pino } from "pino";
import { TopicConfig } from "../../gen/ts/namesrv/v1/route.js";
import { parseNameServerList } from "../client/addresses.js";
import { BrokerAgent } from "../client/broker-agent.js";
import type { ChannelSecurity } from "../client/security.js";
import { versionLine } from "../version.js";
import { resolveSecurityFlags, SECURITY_OPTIONS, securityFromFlags } from "./security-flags.js";
import { dropIpServerNameWarning } from "./warnings.js";

const USAGE = `Usage: broker-agent-main --broker-name NAME --broker-addr HOST:PORT [flags]

  --namesrv ADDRS            NameServers, host:port separated by , or ; (default: env NAMESRV_ADDR)
  --cluster NAME             cluster (default DefaultCluster)
  --broker-name NAME         broker group name (required)
  --broker-id N              0 = master (default), > 0 = slave
  --broker-addr HOST:PORT    the broker's address, its identity (required)
  --zone NAME                zone (default none)
  --topics LIST              topics, comma-separated, each NAME[:QUEUES[:PERM]] (default 4 queues, perm 6)
  --heartbeat-timeout-ms N   silent-expiry timeout to ask for (default: the NameServer's)
  --log-level LEVEL          pino level (default info)
  --version                  print the version and exit
  --tls                      connect with TLS, trusting the system's root CAs
  --tls-ca FILE              PEM CA certificate(s) the NameServers' certificates chain to (implies --tls)
  --tls-cert FILE            PEM client certificate (mTLS), with --tls-key (implies --tls)
  --tls-key FILE             PEM private key of --tls-cert (implies --tls)
  --tls-server-name NAME     check the NameServers' certificates for NAME, not the address's host
  --token-file FILE          bearer token sent with every call (default: env NAMESRV_TOKEN)

Environment: NAMESRV_ADDR (NameServers), NAMESRV_TOKEN (bearer token; never pass a token as a flag).
`;

function fail(message: string): never {
  process.stderr.write(`broker-agent: ${message}\n`);
  process.exit(2);
}

function parseTopics(text: string): TopicConfig[] {
  return text
    .split(",")
    .filter((t) => t.trim() !== "")
    .map((entry) => {
      const [name = "", queues = "4", perm = "6"] = entry.trim().split(":");
      if (!/^\d+$/.test(queues) || !/^\d+$/.test(perm)) fail(`--topics: bad entry ${JSON.stringify(entry)}`);
      return TopicConfig.fromPartial({
        topicName: name,
        readQueueNums: Number(queues),
        writeQueueNums: Number(queues),
        perm: Number(perm),
      });
    });
}

function main(): void {
  dropIpServerNameWarning();
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      options: {
        namesrv: { type: "string" },
        cluster: { type: "string", default: "DefaultCluster" },
        "broker-name": { type: "string" },
        "broker-id": { type: "string", default: "0" },
        "broker-addr": { type: "string" },
        zone: { type: "string", default: "" },
        topics: { type: "string", default: "" },
        "heartbeat-timeout-ms": { type: "string", default: "0" },
        "log-level": { type: "string", default: "info" },
        ...Object.fromEntries(Object.entries(SECURITY_OPTIONS).map(([name, o]) => [name, { type: o.type }])),
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
      strict: true,
    }).values;
  } catch (err) {
    fail((err as Error).message.split("\n")[0] ?? "bad flags");
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    return;
  }
  if (values.version === true) {
    process.stdout.write(versionLine("broker-agent"));
    return;
  }
  const brokerName = values["broker-name"];
  const brokerAddr = values["broker-addr"];
  if (typeof brokerName !== "string" || typeof brokerAddr !== "string") {
    fail("--broker-name and --broker-addr are required (see --help)");
  }
  let namesrvAddrs: string[];
  try {
    namesrvAddrs = parseNameServerList(String(values.namesrv ?? process.env.NAMESRV_ADDR ?? ""));
  } catch (err) {
    fail(`--namesrv: ${(err as Error).message}`);
  }
  let security: ChannelSecurity;
  try {
    security = resolveSecurityFlags(securityFromFlags(values, process.env));
  } catch (err) {
    fail((err as Error).message);
  }
  const brokerId = String(values["broker-id"]);
  const timeout = String(values["heartbeat-timeout-ms"]);
  if (!/^\d+$/.test(brokerId) || !/^\d+$/.test(timeout))
    fail("--broker-id and --heartbeat-timeout-ms take numbers");

  const log = pino({
    level: String(values["log-level"]),
    base: { service: "broker-agent", pid: process.pid },
    formatters: { level: (label) => ({ level: label }) },
  });
  const agent = new BrokerAgent({
    namesrvAddrs,
    broker: {
      clusterName: String(values.cluster),
      brokerName,
      brokerId: BigInt(brokerId),
      brokerAddr,
      zoneName: String(values.zone),
    },
    topics: parseTopics(String(values.topics)),
    heartbeatTimeoutMs: Number(timeout),
    logger: log,
    security,
  });
  // REGISTER_AGAIN is logged by the agent's link ("NameServer asks to register again"), once.
  log.info(
    { namesrv: namesrvAddrs, brokerName, brokerAddr, tls: security.tls, token: security.hasToken },
    "broker agent started",
  );

  // The agent's timers are unref'd; this keeps the process up until a signal arrives.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const stop = (signal: NodeJS.Signals) => {
    log.info({ signal }, "stopping: unregistering");
    void agent.close().then((outcomes) => {
      for (const o of outcomes) {
        if (o.ok) log.info({ peer: o.address, removed: o.removed }, "unregistered");
        else log.warn({ peer: o.address, err: o.error.message }, "unregister failed");
      }
      log.info("stopped");
      clearInterval(keepAlive);
      process.exitCode = 0;
    });
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main();
