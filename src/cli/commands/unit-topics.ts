import {
  ListUnitTopicsRequest,
  type ListUnitTopicsResponse,
  UnitTopicFilter,
} from "../../../gen/ts/namesrv/v1/admin_service.js";
import { adminCall } from "../admin.js";
import { UsageError } from "../command.js";
import { fanOutCommand } from "../fanout.js";

/** --filter values: RocketMQ's three unit topic lists. */
const FILTERS: Readonly<Record<string, UnitTopicFilter>> = {
  unit: UnitTopicFilter.UNIT_TOPIC_FILTER_UNIT,
  "has-unit-sub": UnitTopicFilter.UNIT_TOPIC_FILTER_HAS_UNIT_SUB,
  "has-unit-sub-not-unit": UnitTopicFilter.UNIT_TOPIC_FILTER_HAS_UNIT_SUB_NOT_UNIT,
};

function filterOf(v: string | boolean | undefined): UnitTopicFilter {
  const f = typeof v === "string" ? FILTERS[v] : undefined;
  if (f === undefined) {
    throw new UsageError(
      `--filter: want one of ${Object.keys(FILTERS).join(", ")}, got ${JSON.stringify(v ?? "")}`,
    );
  }
  return f;
}

/** `unit-topics --filter F [--cluster C]` from every NameServer (ListUnitTopics). */
export const unitTopicsCommand = fanOutCommand<ListUnitTopicsResponse>({
  name: "unit-topics",
  synopsis: "",
  summary: "list unit / unit-sub topics (by topic system flags) as every NameServer holds them",
  options: {
    filter: {
      type: "string",
      value: "F",
      help: "unit (unit flag), has-unit-sub (unit-sub flag), has-unit-sub-not-unit (unit-sub without unit); required",
    },
    cluster: { type: "string", value: "CLUSTER", help: "only queue datas on this cluster's groups count" },
  },
  minArgs: 0,
  maxArgs: 0,
  check: (ctx) => {
    filterOf(ctx.values.filter);
  },
  call: (address, ctx) =>
    adminCall<ListUnitTopicsResponse>(address, ctx, (c, md, o, cb) =>
      c.listUnitTopics(
        ListUnitTopicsRequest.fromPartial({
          filter: filterOf(ctx.values.filter),
          clusterName: typeof ctx.values.cluster === "string" ? ctx.values.cluster : "",
        }),
        md,
        o,
        cb,
      ),
    ),
  headers: ["COUNT", "TOPICS"],
  cells: (r) => [String(r.topics.length), r.topics.join(",")],
  json: (r) => ({ topics: r.topics, epoch: String(r.epoch), revision: String(r.revision) }),
});
