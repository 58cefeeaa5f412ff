import {
  AddWritePermOfBrokerRequest,
  type AddWritePermOfBrokerResponse,
  WipeWritePermOfBrokerRequest,
  type WipeWritePermOfBrokerResponse,
} from "../../../gen/ts/namesrv/v1/admin_service.js";
import { adminCall } from "../admin.js";
import { fanOutCommand } from "../fanout.js";

type WritePermResponse = WipeWritePermOfBrokerResponse | AddWritePermOfBrokerResponse;

const columns = {
  headers: ["TOPICS", "REVISION"],
  cells: (r: WritePermResponse) => [String(r.topicCount), String(r.revision)],
  json: (r: WritePermResponse) => ({
    topicCount: r.topicCount,
    epoch: String(r.epoch),
    revision: String(r.revision),
  }),
};

/** `wipe-write-perm BROKER_NAME` on every NameServer: drain a group before maintenance. */
export const wipeWritePermCommand = fanOutCommand<WritePermResponse>({
  name: "wipe-write-perm",
  synopsis: "BROKER_NAME",
  summary: "drain a broker group (its queues lose WRITE) on every NameServer",
  minArgs: 1,
  maxArgs: 1,
  call: (address, ctx) =>
    adminCall<WipeWritePermOfBrokerResponse>(address, ctx, (c, md, o, cb) =>
      c.wipeWritePermOfBroker(
        WipeWritePermOfBrokerRequest.fromPartial({ brokerName: ctx.args[0] as string }),
        md,
        o,
        cb,
      ),
    ),
  ...columns,
});

/** `add-write-perm BROKER_NAME` on every NameServer: end a drain. */
export const addWritePermCommand = fanOutCommand<WritePermResponse>({
  name: "add-write-perm",
  synopsis: "BROKER_NAME",
  summary: "end a drain (its queues get WRITE back) on every NameServer",
  minArgs: 1,
  maxArgs: 1,
  call: (address, ctx) =>
    adminCall<AddWritePermOfBrokerResponse>(address, ctx, (c, md, o, cb) =>
      c.addWritePermOfBroker(
        AddWritePermOfBrokerRequest.fromPartial({ brokerName: ctx.args[0] as string }),
        md,
        o,
        cb,
      ),
    ),
  ...columns,
});
