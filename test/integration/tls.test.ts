import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { createConnection } from "node:net";
import { status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import type { GetClusterInfoResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import { startNameServer } from "../../src/app.js";
import { DEFAULT_CONFIG, type NameServerConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/log/logger.js";
import { HANDSHAKE_TIMEOUT_MS } from "../../src/server/listener.js";
import { registration, unary, unaryError } from "../helpers/grpc.js";
import {
  fixture,
  replaceWith,
  type SecureClients,
  type SecureTestServer,
  secureClients,
  servedCommonName,
  startSecureServer,
} from "../helpers/tls.js";
import { FrameRecorder } from "../helpers/watch.js";

let servers: SecureTestServer[] = [];
let clients: SecureClients[] = [];

afterEach(async () => {
  for (const c of clients) c.close();
  clients = [];
  const stopping = servers.map((s) => s.stop());
  servers = [];
  await Promise.all(stopping);
});

async function start(config: Partial<NameServerConfig>) {
  const t = await startSecureServer({ config });
  servers.push(t);
  return t;
}

async function client(t: SecureTestServer, setup: Parameters<typeof secureClients>[1]) {
  const c = await secureClients(t.server.address, setup);
  clients.push(c);
  return c;
}

const clusterInfo = (c: SecureClients) =>
  unary<GetClusterInfoResponse>((cb) => c.route.getClusterInfo({}, cb));
const clusterInfoError = (c: SecureClients) => unaryError((cb) => c.route.getClusterInfo({}, cb));
const TRUSTING = { ca: "ca.crt" };

describe("tlsMode enforcing", () => {
  it("serves TLS clients that trust its CA", async () => {
    const t = await start({ tlsMode: "enforcing" });
    await expect(clusterInfo(await client(t, { tls: TRUSTING }))).resolves.toBeDefined();
  });

  it("refuses every call of a plaintext client with UNAUTHENTICATED saying TLS is required", async () => {
    const t = await start({ tlsMode: "enforcing" });
    const err = await clusterInfoError(await client(t, {}));
    expect(err.code).toBe(status.UNAUTHENTICATED);
    expect(err.details).toMatch(/accepts TLS connections only \(tlsMode enforcing\)/);
  });

  it("is refused by a client that trusts another CA", async () => {
    const t = await start({ tlsMode: "enforcing" });
    const err = await clusterInfoError(await client(t, { tls: { ca: "other-ca.crt" } }));
    expect(err.code).toBe(status.UNAVAILABLE);
  });
});

describe("tlsMode permissive", () => {
  it("serves TLS and plaintext clients on the same port", async () => {
    const t = await start({ tlsMode: "permissive" });
    await expect(clusterInfo(await client(t, { tls: TRUSTING }))).resolves.toBeDefined();
    await expect(clusterInfo(await client(t, {}))).resolves.toBeDefined();
  });
});

describe("connections that say nothing", () => {
  it("are closed after the handshake timeout", async () => {
    const t = await start({ tlsMode: "permissive" });
    const silent = createConnection({ host: "127.0.0.1", port: t.server.port });
    silent.on("error", () => {});
    await once(silent, "connect");
    let closed = false;
    silent.once("close", () => {
      closed = true;
    });
    // Until the server has accepted the connection there is no timer to fire: step until closed.
    for (let i = 0; i < 100 && !closed; i++) {
      t.clock.advance(HANDSHAKE_TIMEOUT_MS);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(closed).toBe(true);
  });
});

describe("tlsMode disabled (the default)", () => {
  it("serves plaintext and fails a TLS handshake", async () => {
    const t = await start({});
    await expect(clusterInfo(await client(t, {}))).resolves.toBeDefined();
    // A raw TLS client: grpc-js's would retry in the background while the server shuts down.
    await expect(servedCommonName(t.server.port)).rejects.toThrow(/wrong version number/);
  });
});

describe("client certificates", () => {
  const GOOD = { ca: "ca.crt", cert: "client-admin.crt", key: "client-admin.key" };
  const WRONG_CA = { ca: "ca.crt", cert: "other-client-admin.crt", key: "other-client-admin.key" };

  it("require: a certificate from the client CA passes; none, or one from another CA, fails the handshake", async () => {
    const t = await start({ tlsMode: "enforcing", tlsClientAuth: "require" });
    await expect(clusterInfo(await client(t, { tls: GOOD }))).resolves.toBeDefined();
    expect((await clusterInfoError(await client(t, { tls: TRUSTING }))).code).toBe(status.UNAVAILABLE);
    expect((await clusterInfoError(await client(t, { tls: WRONG_CA }))).code).toBe(status.UNAVAILABLE);
  });

  it("optional: no certificate passes, a verified one passes, one that does not verify is refused", async () => {
    const t = await start({ tlsMode: "enforcing", tlsClientAuth: "optional" });
    await expect(clusterInfo(await client(t, { tls: TRUSTING }))).resolves.toBeDefined();
    await expect(clusterInfo(await client(t, { tls: GOOD }))).resolves.toBeDefined();
    expect((await clusterInfoError(await client(t, { tls: WRONG_CA }))).code).toBe(status.UNAVAILABLE);
    expect(t.logged("TLS client certificate refused").length).toBeGreaterThan(0);
  });
});

describe("certificate reload", () => {
  it("serves a rotated certificate to new connections while an open connection keeps working", async () => {
    const t = await start({ tlsMode: "enforcing" });
    const before = await client(t, { tls: TRUSTING });
    const watch = new FrameRecorder(before.route, { topics: ["TopicA"] });
    await watch.until((r) => r.consistent !== null);
    expect(await servedCommonName(t.server.port)).toBe("namesrv-server-1");

    await replaceWith(t.certFile, "server2.crt");
    await replaceWith(t.keyFile, "server2.key");
    t.checkFiles();

    expect(await servedCommonName(t.server.port)).toBe("namesrv-server-2");
    expect(t.logged("TLS certificate reloaded")).toHaveLength(1);
    // The stream opened before the rotation is still live on its connection and sees a change.
    const reg = await unary<{ revision: bigint }>((cb) => before.broker.registerBroker(registration(), cb));
    await watch.at(reg.revision);
    expect(watch.view.has("TopicA")).toBe(true);
    await expect(clusterInfo(await client(t, { tls: TRUSTING }))).resolves.toBeDefined();
    watch.cancel();
  });

  it("applies a rotation that writes the certificate and the key one at a time once both match", async () => {
    const t = await start({ tlsMode: "enforcing" });
    await replaceWith(t.certFile, "server2.crt");
    t.checkFiles();
    expect(await servedCommonName(t.server.port)).toBe("namesrv-server-1");
    expect(t.logged("TLS certificate changed but is unusable")[0]?.err).toMatch(
      /does not match the certificate/,
    );

    await replaceWith(t.keyFile, "server2.key");
    t.checkFiles();
    expect(await servedCommonName(t.server.port)).toBe("namesrv-server-2");
  });

  it("keeps the previous certificate when the new file is not a certificate", async () => {
    const t = await start({ tlsMode: "enforcing" });
    await writeFile(t.certFile, "not a certificate\n");
    t.checkFiles();
    expect(t.logged("TLS certificate changed but is unusable")[0]?.err).toMatch(
      /tlsCertFile .*: no PEM certificate/,
    );
    expect(await servedCommonName(t.server.port)).toBe("namesrv-server-1");
    await expect(clusterInfo(await client(t, { tls: TRUSTING }))).resolves.toBeDefined();
  });

  it("reloads the client CA: certificates of a CA added later pass", async () => {
    const t = await start({ tlsMode: "enforcing", tlsClientAuth: "require" });
    const otherClient = { ca: "ca.crt", cert: "other-client-admin.crt", key: "other-client-admin.key" };
    expect((await clusterInfoError(await client(t, { tls: otherClient }))).code).toBe(status.UNAVAILABLE);
    await replaceWith(t.caFile, "other-ca.crt");
    t.checkFiles();
    await expect(clusterInfo(await client(t, { tls: otherClient }))).resolves.toBeDefined();
  });
});

describe("start", () => {
  it("fails with an error naming the file when the certificate cannot be read", async () => {
    const start = startNameServer(
      {
        ...DEFAULT_CONFIG,
        listen: "127.0.0.1:0",
        tlsMode: "enforcing",
        tlsCertFile: "/nonexistent/server.crt",
        tlsKeyFile: fixture("server.key"),
      },
      { logger: silentLogger() },
    );
    await expect(start).rejects.toThrow(/tlsCertFile \/nonexistent\/server.crt: cannot read/);
  });

  it("fails when the key does not belong to the certificate", async () => {
    const start = startNameServer(
      {
        ...DEFAULT_CONFIG,
        listen: "127.0.0.1:0",
        tlsMode: "enforcing",
        tlsCertFile: fixture("server.crt"),
        tlsKeyFile: fixture("server2.key"),
      },
      { logger: silentLogger() },
    );
    await expect(start).rejects.toThrow(/tlsKeyFile .*server2.key: does not match the certificate/);
  });
});
