import { createHash } from "node:crypto";
import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import {
  type ChannelCredentials,
  type ChannelOptions,
  credentials,
  InterceptingCall,
  type Interceptor,
} from "@grpc/grpc-js";
import { pino } from "pino";
import { AdminServiceClient } from "../../gen/ts/namesrv/v1/admin_service.js";
import { BrokerServiceClient } from "../../gen/ts/namesrv/v1/broker_service.js";
import { RouteServiceClient } from "../../gen/ts/namesrv/v1/route_service.js";
import { type NameServer, startNameServer } from "../../src/app.js";
import { ManualClock } from "../../src/clock/manual-clock.js";
import { DEFAULT_CONFIG, type NameServerConfig } from "../../src/config/config.js";
import { tempDir } from "./admin.js";
import { TEST_LIVENESS } from "./server.js";

/** The committed test certificates (scripts/make-test-certs.sh). */
export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "tls");
export const fixture = (name: string): string => join(FIXTURES, name);
export const readFixture = (name: string): Promise<Buffer> => readFile(fixture(name));

/** One structured log line. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

/**
 * A real server on 127.0.0.1:0 with a ManualClock, its own temporary directory (data, and copies of
 * the server's certificate, key and CA that a test may overwrite) and captured logs.
 */
export interface SecureTestServer {
  server: NameServer;
  clock: ManualClock;
  dir: string;
  /** Paths of the server's TLS files in `dir`. */
  certFile: string;
  keyFile: string;
  caFile: string;
  authFile: string;
  logs: LogLine[];
  /** Log lines whose message contains `text`. */
  logged(text: string): LogLine[];
  /** Runs the file checks (certificate, key, CA, auth file) now. */
  checkFiles(): void;
  stop(): Promise<void>;
}

/** Principals of the auth file: name, roles and optional token, broker names, certificate CN. */
export interface TestPrincipal {
  name: string;
  roles: string[];
  token?: string;
  brokerNames?: string[];
  certCommonName?: string;
  /** RocketMQ ACL credentials (remoting). */
  accessKey?: string;
  secretKey?: string;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The auth file's JSON for `principals` (tokens hashed). */
export function authFileText(principals: readonly TestPrincipal[]): string {
  return JSON.stringify({
    principals: principals.map((p) => ({
      name: p.name,
      roles: p.roles,
      ...(p.token !== undefined ? { tokenSha256: sha256Hex(p.token) } : {}),
      ...(p.brokerNames !== undefined ? { brokerNames: p.brokerNames } : {}),
      ...(p.certCommonName !== undefined ? { certCommonName: p.certCommonName } : {}),
      ...(p.accessKey !== undefined ? { accessKey: p.accessKey, secretKey: p.secretKey } : {}),
    })),
  });
}

export interface SecureServerSetup {
  /** Config overrides; the TLS file paths default to the copies in the server's directory. */
  config?: Partial<NameServerConfig>;
  /** When given, an auth file with these principals is written and `authFile` set. */
  principals?: readonly TestPrincipal[];
}

export async function startSecureServer(setup: SecureServerSetup = {}): Promise<SecureTestServer> {
  const dir = await tempDir("namesrv-tls-");
  const certFile = join(dir, "server.crt");
  const keyFile = join(dir, "server.key");
  const caFile = join(dir, "clients-ca.crt");
  const authFile = join(dir, "auth.json");
  await copyFile(fixture("server.crt"), certFile);
  await copyFile(fixture("server.key"), keyFile);
  await copyFile(fixture("ca.crt"), caFile);
  if (setup.principals) await writeFile(authFile, authFileText(setup.principals));
  const logs: LogLine[] = [];
  const logger = pino(
    { level: "debug" },
    { write: (line: string) => logs.push(JSON.parse(line) as LogLine) },
  );
  const clock = new ManualClock();
  const tlsOn = (setup.config?.tlsMode ?? "disabled") !== "disabled";
  const config: NameServerConfig = {
    ...DEFAULT_CONFIG,
    ...TEST_LIVENESS,
    listen: "127.0.0.1:0",
    httpListen: "",
    dataDir: join(dir, "data"),
    ...(tlsOn ? { tlsCertFile: certFile, tlsKeyFile: keyFile } : {}),
    ...((setup.config?.tlsClientAuth ?? "none") !== "none" ? { tlsClientCaFile: caFile } : {}),
    ...(setup.principals ? { authFile } : {}),
    ...setup.config,
  };
  const server = await startNameServer(config, { logger, clock });
  return {
    server,
    clock,
    dir,
    certFile,
    keyFile,
    caFile,
    authFile,
    logs,
    logged: (text) => logs.filter((l) => l.msg.includes(text)),
    checkFiles: () => clock.advance(config.reloadCheckIntervalMs),
    async stop() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** How a test client connects: plaintext, or TLS trusting `ca` with an optional client certificate; and a token. */
export interface ClientSetup {
  tls?: { ca: string; cert?: string; key?: string };
  token?: string;
}

/** Generated clients of one server, connected as a `ClientSetup` says (a private connection each). */
export interface SecureClients {
  broker: BrokerServiceClient;
  route: RouteServiceClient;
  admin: AdminServiceClient;
  close(): void;
}

export async function secureClients(address: string, setup: ClientSetup = {}): Promise<SecureClients> {
  let creds: ChannelCredentials = credentials.createInsecure();
  if (setup.tls) {
    const { ca, cert, key } = setup.tls;
    creds = credentials.createSsl(
      await readFixture(ca),
      key ? await readFixture(key) : null,
      cert ? await readFixture(cert) : null,
    );
  }
  const options: ChannelOptions = { "grpc.use_local_subchannel_pool": 1 };
  const token = setup.token;
  if (token !== undefined) {
    const addToken: Interceptor = (opts, next) =>
      new InterceptingCall(next(opts), {
        start(metadata, listener, nextStart) {
          metadata.set("authorization", `Bearer ${token}`);
          nextStart(metadata, listener);
        },
      });
    options.interceptors = [addToken];
  }
  // TLS clients name the server "localhost" (the certificates' SAN), plaintext ones the address.
  const target = setup.tls ? address.replace(/^127\.0\.0\.1:/, "localhost:") : address;
  const broker = new BrokerServiceClient(target, creds, options);
  const route = new RouteServiceClient(target, creds, options);
  const admin = new AdminServiceClient(target, creds, options);
  return {
    broker,
    route,
    admin,
    close() {
      broker.close();
      route.close();
      admin.close();
    },
  };
}

/** The common name of the certificate a new TLS connection to `port` is served. */
export function servedCommonName(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect(
      { host: "127.0.0.1", port, servername: "localhost", ALPNProtocols: ["h2"], rejectUnauthorized: false },
      () => {
        const cn = socket.getPeerCertificate().subject?.CN;
        socket.destroy();
        resolve(String(cn));
      },
    );
    socket.on("error", reject);
  });
}

/** Replaces a file the server watches with a fixture (copied, so the inode and mtime change). */
export async function replaceWith(path: string, fixtureName: string): Promise<void> {
  await rm(path, { force: true });
  await copyFile(fixture(fixtureName), path);
}
