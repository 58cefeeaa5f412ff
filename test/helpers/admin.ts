import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentials, type ServiceError } from "@grpc/grpc-js";
import { AdminServiceClient, type AdminServiceService } from "../../gen/ts/namesrv/v1/admin_service.js";
import type { NameServerConfig } from "../../src/config/config.js";
import { unary, unaryError } from "./grpc.js";
import { startTestServer, type TestServer } from "./server.js";

/** A test server (see startTestServer) with its own data directory and an AdminService client. */
export interface AdminTestServer extends TestServer {
  admin: AdminServiceClient;
  dataDir: string;
}

/** A fresh temporary directory; remove it with `rm(dir, { recursive: true })`. */
export function tempDir(prefix = "namesrv-test-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * Starts a test server whose KV config lives in `dataDir` (a fresh temporary directory unless
 * given), with an AdminService client. `stop()` also closes the client; the directory is removed
 * only when this function created it.
 */
export async function startAdminTestServer(
  overrides: Partial<NameServerConfig> = {},
  epoch?: bigint,
): Promise<AdminTestServer> {
  const own = overrides.dataDir === undefined;
  const dataDir = overrides.dataDir ?? (await tempDir());
  const t = await startTestServer({ ...overrides, dataDir }, epoch);
  const admin = new AdminServiceClient(t.server.address, credentials.createInsecure(), {
    "grpc.use_local_subchannel_pool": 1,
  });
  return {
    ...t,
    admin,
    dataDir,
    async stop() {
      admin.close();
      await t.stop();
      if (own) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

type AdminDefinition = typeof AdminServiceService;
/** An AdminService method, by its generated (camelCase) name. */
export type AdminMethod = keyof AdminDefinition;
type RequestOf<M extends AdminMethod> = Parameters<AdminDefinition[M]["requestSerialize"]>[0];
type ResponseOf<M extends AdminMethod> = Parameters<AdminDefinition[M]["responseSerialize"]>[0];

/** Awaits an AdminService call: `await adminCall(t.admin, "putKvConfig", req)`. */
export function adminCall<M extends AdminMethod>(
  client: AdminServiceClient,
  method: M,
  request: RequestOf<M>,
): Promise<ResponseOf<M>> {
  const invoke = client[method] as unknown as (
    req: RequestOf<M>,
    cb: (err: ServiceError | null, res?: ResponseOf<M>) => void,
  ) => unknown;
  return unary<ResponseOf<M>>((cb) => invoke.call(client, request, cb));
}

/** Awaits an AdminService call that must fail; returns its error. */
export function adminError<M extends AdminMethod>(
  client: AdminServiceClient,
  method: M,
  request: RequestOf<M>,
): Promise<ServiceError> {
  const invoke = client[method] as unknown as (
    req: RequestOf<M>,
    cb: (err: ServiceError | null) => void,
  ) => unknown;
  return unaryError((cb) => invoke.call(client, request, cb));
}
