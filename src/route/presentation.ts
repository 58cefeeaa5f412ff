import type { GroupView } from "./route-table.js";
import { type BrokerData, Perm, type QueueData, type TopicRoute } from "./types.js";

/**
 * How the route table presents stored queue data to clients. Queue datas are stored as registered;
 * the presentation applies the operator's drain and the acting-master mode:
 * - a drained group (`writeWiped`) shows its queue datas without WRITE;
 * - with acting master on, a group with members but no master shows its smallest slave under id 0
 *   (marked acting) and its queue datas without WRITE.
 * Pure functions of the table's state.
 */

/** A group as the presentation needs it. */
export interface PresentedGroup extends GroupView {
  readonly writeWiped: boolean;
}

/** With `actingMaster`, a group that has members but no master shows its smallest slave as master. */
export function isActing(g: GroupView, actingMaster: boolean): boolean {
  return actingMaster && g.addrs.size > 0 && !g.addrs.has(0);
}

/** A topic's route from its queue datas (group name -> stored queue data), groups sorted by name. */
export function presentRoute(
  queueDatasByGroup: ReadonlyMap<string, QueueData>,
  groups: ReadonlyMap<string, PresentedGroup>,
  actingMaster: boolean,
  orderTopicConf: string,
): TopicRoute {
  const queueDatas: QueueData[] = [];
  const brokerDatas: BrokerData[] = [];
  for (const name of [...queueDatasByGroup.keys()].sort()) {
    const qd = queueDatasByGroup.get(name) as QueueData;
    const g = groups.get(name);
    const acting = g !== undefined && isActing(g, actingMaster);
    const readOnly = acting || g?.writeWiped === true;
    queueDatas.push(readOnly && (qd.perm & Perm.WRITE) !== 0 ? { ...qd, perm: qd.perm & ~Perm.WRITE } : qd);
    if (g !== undefined) brokerDatas.push(acting ? actingBrokerDataOf(g) : brokerDataOf(g));
  }
  return { queueDatas, brokerDatas, orderTopicConf };
}

/** A group as routes show it: its members sorted by id. */
export function brokerDataOf(g: GroupView): BrokerData {
  const ids = [...g.addrs.keys()].sort((a, b) => a - b);
  return {
    cluster: g.clusterName,
    brokerName: g.brokerName,
    brokerAddrs: new Map(ids.map((id) => [id, g.addrs.get(id) as string])),
    zoneName: g.zoneName,
  };
}

/** A group without a master, its smallest slave presented under id 0 and marked acting. */
function actingBrokerDataOf(g: GroupView): BrokerData {
  const [first, ...rest] = [...g.addrs.keys()].sort((a, b) => a - b);
  const addrs = new Map<number, string>([[0, g.addrs.get(first as number) as string]]);
  for (const id of rest) addrs.set(id, g.addrs.get(id) as string);
  return {
    cluster: g.clusterName,
    brokerName: g.brokerName,
    brokerAddrs: addrs,
    zoneName: g.zoneName,
    actingMaster: true,
  };
}
