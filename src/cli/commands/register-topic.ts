import {
  RegisterTopicRequest,
  type RegisterTopicResponse,
} from "../../../gen/ts/namesrv/v1/admin_service.js";
import { adminCall } from "../admin.js";
import { type CommandContext, UsageError } from "../command.js";
import { fanOutCommand } from "../fanout.js";

/** Defaults of mqadmin's updateTopic: 8 read and 8 write queues, READ|WRITE. */
const DEFAULTS = { "read-queues": 8, "write-queues": 8, perm: 6, "sys-flag": 0 } as const;
type Flag = keyof typeof DEFAULTS;
const LIMITS: Record<Flag, number> = {
  "read-queues": 1024,
  "write-queues": 1024,
  perm: 7,
  "sys-flag": 2 ** 32 - 1,
};

function flag(ctx: CommandContext, name: Flag): number {
  const v = ctx.values[name];
  if (v === undefined) return DEFAULTS[name];
  if (typeof v !== "string" || !/^\d+$/.test(v) || Number(v) > LIMITS[name]) {
    throw new UsageError(`--${name}: want a whole number 0..${LIMITS[name]}, got ${JSON.stringify(v)}`);
  }
  return Number(v);
}

/**
 * `register-topic TOPIC BROKER_NAME...` on every NameServer (RegisterTopic): sets or replaces the
 * topic's queue data on each named broker group, all with the same queue counts and permission.
 * All or nothing per NameServer: a group it does not know is NOT_FOUND there and nothing is set.
 */
export const registerTopicCommand = fanOutCommand<RegisterTopicResponse>({
  name: "register-topic",
  synopsis: "TOPIC BROKER_NAME...",
  summary: "set a topic's queue data on registered broker groups, on every NameServer",
  options: {
    "read-queues": { type: "string", value: "N", help: "read queues per group, 0..1024 (default 8)" },
    "write-queues": { type: "string", value: "N", help: "write queues per group, 0..1024 (default 8)" },
    perm: { type: "string", value: "N", help: "permission bits, READ=4 WRITE=2 INHERIT=1 (default 6)" },
    "sys-flag": { type: "string", value: "N", help: "RocketMQ topic system flags (default 0)" },
  },
  minArgs: 2,
  maxArgs: Number.POSITIVE_INFINITY,
  check: (ctx) => {
    for (const f of Object.keys(DEFAULTS) as Flag[]) flag(ctx, f);
  },
  call: (address, ctx) => {
    const [topic, ...groups] = ctx.args as [string, ...string[]];
    const request = RegisterTopicRequest.fromPartial({
      topic,
      queueDatas: groups.map((brokerName) => ({
        brokerName,
        readQueueNums: flag(ctx, "read-queues"),
        writeQueueNums: flag(ctx, "write-queues"),
        perm: flag(ctx, "perm"),
        topicSysFlag: flag(ctx, "sys-flag"),
      })),
    });
    return adminCall<RegisterTopicResponse>(address, ctx, (c, md, o, cb) =>
      c.registerTopic(request, md, o, cb),
    );
  },
  headers: ["CHANGED", "REVISION"],
  cells: (r) => [String(r.changed), String(r.revision)],
  json: (r) => ({ changed: r.changed, epoch: String(r.epoch), revision: String(r.revision) }),
});
