import { ClusterNotFound } from "../errors/domain-error.js";
import {
  brokerGroups,
  hasCluster,
  systemTopics,
  topicNames,
  type UnitTopicFilter,
  unitTopics,
} from "../route/route-queries.js";
import type { TableView } from "../route/route-table.js";
import type { BrokerData } from "../route/types.js";
import { parseOptionalName } from "../route/validate.js";
import type { Versioned } from "./results.js";

/**
 * The list queries of the admin plane and RouteService (cluster info, topic lists), validated and
 * versioned: a cluster name is checked (CLUSTER_NOT_FOUND for one with no group), and each answer
 * carries the table's version read in the same synchronous step.
 */
export class AdminQueries {
  constructor(
    private readonly view: TableView,
    private readonly version: () => Versioned,
  ) {}

  /** Every broker group with its members (GetClusterInfo). */
  brokerGroups(): Versioned & { groups: BrokerData[] } {
    return { ...this.version(), groups: brokerGroups(this.view) };
  }

  /** All topic names, or those of one cluster's groups ("" = all). */
  topicNames(clusterName: string): Versioned & { topics: string[] } {
    return { ...this.version(), topics: topicNames(this.view, this.knownCluster(clusterName)) };
  }

  /** Cluster and group names (RocketMQ's system topic list), of all clusters or one. */
  systemTopics(clusterName: string): Versioned & { topics: string[]; brokerAddr: string } {
    return { ...this.version(), ...systemTopics(this.view, this.knownCluster(clusterName)) };
  }

  /** Topics by unit flags, of all clusters or one. */
  unitTopics(filter: UnitTopicFilter, clusterName: string): Versioned & { topics: string[] } {
    return { ...this.version(), topics: unitTopics(this.view, filter, this.knownCluster(clusterName)) };
  }

  /** undefined for "" (all clusters); CLUSTER_NOT_FOUND for a cluster with no group. */
  private knownCluster(clusterName: string): string | undefined {
    const cluster = parseOptionalName(clusterName, "cluster_name");
    if (cluster !== undefined && !hasCluster(this.view, cluster)) throw new ClusterNotFound(cluster);
    return cluster;
  }
}
