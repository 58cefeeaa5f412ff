import type { CallOptions, Metadata, ServiceError } from "@grpc/grpc-js";
import { AdminServiceClient } from "../../gen/ts/namesrv/v1/admin_service.js";
import type { CommandContext } from "./command.js";
import { callOn } from "./fanout.js";

/**
 * One AdminService call on `address` with the command's deadline, for fan-out admin commands:
 * `adminCall(address, ctx, (c, md, o, cb) => c.putKvConfig(req, md, o, cb))`.
 */
export function adminCall<Res>(
  address: string,
  ctx: CommandContext,
  invoke: (
    client: AdminServiceClient,
    metadata: Metadata,
    options: CallOptions,
    cb: (err: ServiceError | null, res?: Res) => void,
  ) => unknown,
): Promise<Res> {
  return callOn<AdminServiceClient, Res>(AdminServiceClient, address, ctx, invoke);
}
