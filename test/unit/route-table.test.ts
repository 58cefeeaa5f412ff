import { describe, expect, it } from "vitest";
import { brokerGroups, hasCluster, topicNames } from "../../src/route/route-queries.js";
import { RouteTable } from "../../src/route/route-table.js";
import type { BrokerData, QueueData } from "../../src/route/types.js";
import { CLUSTER, expectDomainError, recordChanges, registration, topic, version } from "./fixtures.js";

// broker-a: master A, slaves A1 and A2. broker-b: master B.
const A = "10.0.0.1:10911";
const A_HA = "10.0.0.1:10912";
const A1 = "10.0.0.2:10911";
const A2 = "10.0.0.3:10911";
const B = "10.0.1.1:10911";

const masterA = (overrides: Parameters<typeof registration>[0] = {}) => registration(overrides);
const slaveA = (brokerId: number, brokerAddr: string, overrides: Parameters<typeof registration>[0] = {}) =>
  registration({ brokerId, brokerAddr, haServerAddr: "", ...overrides });
const masterB = (overrides: Parameters<typeof registration>[0] = {}) =>
  registration({ brokerName: "broker-b", brokerAddr: B, haServerAddr: "", ...overrides });

function queueData(brokerName: string, overrides: Partial<QueueData> = {}): QueueData {
  return { brokerName, readQueueNums: 8, writeQueueNums: 8, perm: 6, topicSysFlag: 0, ...overrides };
}

function brokerData(brokerName: string, addrs: [number, string][], cluster = CLUSTER): BrokerData {
  return { cluster, brokerName, brokerAddrs: new Map(addrs), zoneName: "" };
}

/** The route of a topic that must exist. */
function routeOf(table: RouteTable, name: string) {
  const found = table.route(name);
  if (found === undefined) throw new Error(`topic ${name} has no route`);
  return found;
}

describe("RouteTable: an empty table", () => {
  it("is at revision 0 and knows no topic, cluster or group", () => {
    const table = new RouteTable();
    expect(table.revision).toBe(0);
    expect(table.route("T1")).toBeUndefined();
    expect(table.topicNames()).toEqual([]);
    expect(hasCluster(table.view, CLUSTER)).toBe(false);
    expect(brokerGroups(table.view)).toEqual([]);
  });
});

describe("RouteTable: master registration", () => {
  it("creates every topic of the master with its queue data and broker data", () => {
    const table = new RouteTable();
    const outcome = table.register(
      masterA({
        topics: [topic("T1", { readQueueNums: 4, writeQueueNums: 2, perm: 7, topicSysFlag: 3 }), topic("T2")],
      }),
    );

    expect(outcome).toEqual({
      changed: true,
      revision: 1,
      masterAddr: "",
      masterHaServerAddr: "",
      displaced: [],
    });
    expect(table.revision).toBe(1);
    expect(table.route("T1")).toEqual({
      route: {
        queueDatas: [
          queueData("broker-a", { readQueueNums: 4, writeQueueNums: 2, perm: 7, topicSysFlag: 3 }),
        ],
        brokerDatas: [brokerData("broker-a", [[0, A]])],
        orderTopicConf: "",
      },
      topicRevision: 1,
    });
    expect(routeOf(table, "T2").route.queueDatas).toEqual([queueData("broker-a")]);
    expect(table.topicNames()).toEqual(["T1", "T2"]);
    expect(table.member(A)).toEqual({
      clusterName: CLUSTER,
      brokerName: "broker-a",
      brokerId: 0,
      brokerAddr: A,
      haServerAddr: A_HA,
      zoneName: "",
      dataVersion: version(1),
    });
  });

  it("lists queue datas sorted by broker name and each group's addresses by broker id", () => {
    const table = new RouteTable();
    table.register(masterB({ topics: [topic("T", { writeQueueNums: 2 })] }));
    table.register(slaveA(2, A2));
    table.register(masterA({ topics: [topic("T")] }));
    table.register(slaveA(1, A1));

    const { route } = routeOf(table, "T");
    expect(route.queueDatas.map((q) => q.brokerName)).toEqual(["broker-a", "broker-b"]);
    expect(route.queueDatas[1]).toEqual(queueData("broker-b", { writeQueueNums: 2 }));
    expect(route.brokerDatas.map((b) => b.brokerName)).toEqual(["broker-a", "broker-b"]);
    expect([...(route.brokerDatas[0]?.brokerAddrs.entries() ?? [])]).toEqual([
      [0, A],
      [1, A1],
      [2, A2],
    ]);
  });

  it("a registration with no topics creates the group but no topic", () => {
    const table = new RouteTable();
    const outcome = table.register(masterA());
    expect(outcome.changed).toBe(true);
    expect(table.revision).toBe(1);
    expect(table.topicNames()).toEqual([]);
    expect(brokerGroups(table.view)).toEqual([brokerData("broker-a", [[0, A]])]);
  });
});

describe("RouteTable: slaves", () => {
  it("a slave adds its address to the group but does not change queue data while a master exists", () => {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T1")] }));
    const changes = recordChanges(table);

    const outcome = table.register(
      slaveA(1, A1, {
        topics: [topic("T1", { readQueueNums: 2, writeQueueNums: 2, perm: 4 }), topic("SLAVE_ONLY")],
        dataVersion: version(7),
      }),
    );

    expect(outcome.changed).toBe(true);
    expect(outcome.revision).toBe(2);
    const { route, topicRevision } = routeOf(table, "T1");
    expect(route.queueDatas).toEqual([queueData("broker-a")]);
    expect(route.brokerDatas).toEqual([
      brokerData("broker-a", [
        [0, A],
        [1, A1],
      ]),
    ]);
    // The route shows the new address, so the topic changed at this revision.
    expect(topicRevision).toBe(2);
    expect(changes).toEqual([{ revision: 2, topics: ["T1"] }]);
    expect(table.route("SLAVE_ONLY")).toBeUndefined();
  });

  it("a slave learns its master's address and HA address", () => {
    const table = new RouteTable();
    table.register(masterA());
    const outcome = table.register(slaveA(1, A1));
    expect(outcome.masterAddr).toBe(A);
    expect(outcome.masterHaServerAddr).toBe(A_HA);
  });

  it("a slave registered before its master learns the master on its next (even unchanged) registration", () => {
    const table = new RouteTable();
    const first = table.register(slaveA(1, A1));
    expect(first.masterAddr).toBe("");
    expect(first.masterHaServerAddr).toBe("");

    table.register(masterA());
    const again = table.register(slaveA(1, A1));
    expect(again.changed).toBe(false);
    expect(again.masterAddr).toBe(A);
    expect(again.masterHaServerAddr).toBe(A_HA);
  });

  it("a master is told no master address", () => {
    const table = new RouteTable();
    table.register(masterA());
    table.register(slaveA(1, A1));
    const outcome = table.register(masterA({ dataVersion: version(2), topics: [topic("T1")] }));
    expect(outcome.masterAddr).toBe("");
    expect(outcome.masterHaServerAddr).toBe("");
  });

  it("with no master, the smallest slave sets the queue data, its permissions kept as registered (as RocketMQ)", () => {
    const table = new RouteTable();
    table.register(slaveA(2, A2, { topics: [topic("T1", { perm: 7 })] }));
    expect(routeOf(table, "T1").route.queueDatas).toEqual([queueData("broker-a", { perm: 7 })]);

    // A smaller slave takes over publishing the group's queue data.
    table.register(slaveA(1, A1, { topics: [topic("T1", { perm: 6, readQueueNums: 4 })] }));
    expect(routeOf(table, "T1").route.queueDatas).toEqual([
      queueData("broker-a", { perm: 6, readQueueNums: 4 }),
    ]);

    // A larger slave does not.
    table.register(slaveA(3, "10.0.0.4:10911", { topics: [topic("T1", { readQueueNums: 1 }), topic("T9")] }));
    expect(routeOf(table, "T1").route.queueDatas).toEqual([
      queueData("broker-a", { perm: 6, readQueueNums: 4 }),
    ]);
    expect(table.route("T9")).toBeUndefined();
  });

  it("a group whose master leaves keeps its permissions, at once and after later registrations (one rule, no drift)", () => {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T1", { perm: 6 })] }));
    table.register(slaveA(1, A1, { topics: [topic("T1", { perm: 6 })] }));
    table.unregister({ clusterName: CLUSTER, brokerName: "broker-a", brokerId: 0, brokerAddr: A });
    expect(routeOf(table, "T1").route.queueDatas).toEqual([queueData("broker-a", { perm: 6 })]);
    // The slave's next changed registration changes nothing of it either.
    table.register(slaveA(1, A1, { dataVersion: version(2), topics: [topic("T1", { perm: 6 })] }));
    expect(routeOf(table, "T1").route.queueDatas).toEqual([queueData("broker-a", { perm: 6 })]);
    // Producers still find no master address, so nothing is written there.
    expect(routeOf(table, "T1").route.brokerDatas[0]?.brokerAddrs.has(0)).toBe(false);
  });

  it("with acting master on, a masterless group is presented read-only, whoever registered its queue data", () => {
    const table = new RouteTable(100, { actingMaster: true });
    table.register(masterA({ topics: [topic("T1", { perm: 6 })] }));
    table.register(slaveA(1, A1, { topics: [topic("T1", { perm: 6 })] }));
    table.unregister({ clusterName: CLUSTER, brokerName: "broker-a", brokerId: 0, brokerAddr: A });
    expect(routeOf(table, "T1").route.queueDatas).toEqual([queueData("broker-a", { perm: 4 })]);
    table.register(slaveA(1, A1, { dataVersion: version(2), topics: [topic("T1", { perm: 6 })] }));
    expect(routeOf(table, "T1").route.queueDatas).toEqual([queueData("broker-a", { perm: 4 })]);
  });

  it("a master joining a slave-only group publishes its own permissions", () => {
    const table = new RouteTable();
    table.register(slaveA(1, A1, { topics: [topic("T1", { perm: 4 })] }));
    expect(routeOf(table, "T1").route.queueDatas[0]?.perm).toBe(4);

    table.register(masterA({ topics: [topic("T1", { perm: 6 })] }));
    expect(routeOf(table, "T1").route.queueDatas).toEqual([queueData("broker-a", { perm: 6 })]);
  });
});

describe("RouteTable: data version", () => {
  it("a re-registration with an unchanged data version changes nothing, even with another topic list", () => {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T1")] }));
    const before = table.route("T1");
    const changes = recordChanges(table);

    const outcome = table.register(
      masterA({ topics: [topic("T1", { readQueueNums: 1 }), topic("T2")], dataVersion: version(1) }),
    );

    expect(outcome).toEqual({
      changed: false,
      revision: 1,
      masterAddr: "",
      masterHaServerAddr: "",
      displaced: [],
    });
    expect(table.revision).toBe(1);
    expect(changes).toEqual([]);
    expect(table.route("T1")).toEqual(before);
    expect(table.route("T2")).toBeUndefined();
  });

  it("a changed data version replaces the group's queue data", () => {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T1"), topic("SHARED"), topic("ONLY_A")] }));
    table.register(masterB({ topics: [topic("SHARED", { writeQueueNums: 4 })] }));
    const changes = recordChanges(table);

    const outcome = table.register(
      masterA({ dataVersion: version(2), topics: [topic("T1", { readQueueNums: 16 }), topic("NEW")] }),
    );

    expect(outcome.changed).toBe(true);
    expect(outcome.revision).toBe(3);
    expect(routeOf(table, "T1").route.queueDatas).toEqual([queueData("broker-a", { readQueueNums: 16 })]);
    expect(routeOf(table, "NEW").route.queueDatas).toEqual([queueData("broker-a")]);
    // Left out: SHARED loses broker-a (queue data and broker data) but keeps broker-b ...
    expect(routeOf(table, "SHARED").route).toEqual({
      queueDatas: [queueData("broker-b", { writeQueueNums: 4 })],
      brokerDatas: [brokerData("broker-b", [[0, B]])],
      orderTopicConf: "",
    });
    // ... and ONLY_A, with no group left, is gone.
    expect(table.route("ONLY_A")).toBeUndefined();
    expect(table.topicNames()).toEqual(["NEW", "SHARED", "T1"]);
    expect(changes).toEqual([{ revision: 3, topics: ["NEW", "ONLY_A", "SHARED", "T1"] }]);
    expect(table.member(A)?.dataVersion).toEqual(version(2));
  });

  it("a re-registration changing any one field of a topic, or swapping one name for another, applies it", () => {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T1"), topic("T2")] }));
    const changes = recordChanges(table);
    const fields = [{ readQueueNums: 3 }, { writeQueueNums: 3 }, { perm: 4 }, { topicSysFlag: 1 }];
    fields.forEach((change, i) => {
      table.register(masterA({ dataVersion: version(2 + i), topics: [topic("T1", change), topic("T2")] }));
      expect(routeOf(table, "T1").route.queueDatas).toEqual([queueData("broker-a", change)]);
    });
    table.register(masterA({ dataVersion: version(9), topics: [topic("T1"), topic("T3")] }));
    expect(table.topicNames()).toEqual(["T1", "T3"]);
    expect(changes.map((c) => c.topics)).toEqual([["T1"], ["T1"], ["T1"], ["T1"], ["T1", "T2", "T3"]]);
  });

  it("bumps the revision once per applied batch and stamps only the topics that changed", () => {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T1"), topic("T2")] }));
    table.register(masterB({ topics: [topic("T3")] }));
    expect(table.revision).toBe(2);
    const changes = recordChanges(table);

    const outcome = table.register(
      masterA({ dataVersion: version(2), topics: [topic("T1", { perm: 4 }), topic("T2")] }),
    );

    expect(outcome.revision).toBe(3);
    expect(table.revision).toBe(3);
    expect(changes).toEqual([{ revision: 3, topics: ["T1"] }]);
    expect(routeOf(table, "T1").topicRevision).toBe(3);
    expect(routeOf(table, "T2").topicRevision).toBe(1);
    expect(routeOf(table, "T3").topicRevision).toBe(2);
  });

  it("a new data version with an identical topic table changes nothing visible", () => {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T1")] }));
    const changes = recordChanges(table);

    const outcome = table.register(masterA({ dataVersion: version(2), topics: [topic("T1")] }));

    expect(outcome.changed).toBe(false);
    expect(outcome.revision).toBe(1);
    expect(changes).toEqual([]);
    expect(table.member(A)?.dataVersion).toEqual(version(2));
  });
});

describe("RouteTable: fencing of broker ids", () => {
  it("refuses a registration for an id held by another address with a greater state_version, changing nothing", () => {
    const table = new RouteTable();
    table.register(masterA({ dataVersion: version(1, 5), topics: [topic("T1")] }));
    const routeBefore = table.route("T1");
    const groupsBefore = brokerGroups(table.view);
    const changes = recordChanges(table);

    const intruder = "10.0.0.9:10911";
    const err = expectDomainError(
      () =>
        table.register(
          masterA({
            brokerAddr: intruder,
            dataVersion: version(9, 4),
            topics: [topic("T1", { perm: 4 }), topic("T2")],
          }),
        ),
      "conflict",
    );

    expect(err.message).toMatch(/^broker_id: /);
    expect(table.revision).toBe(1);
    expect(changes).toEqual([]);
    expect(table.route("T1")).toEqual(routeBefore);
    expect(table.route("T2")).toBeUndefined();
    expect(brokerGroups(table.view)).toEqual(groupsBefore);
    expect(table.member(intruder)).toBeUndefined();
  });

  it("a fenced slave trying to become master keeps its old id", () => {
    const table = new RouteTable();
    table.register(masterA({ dataVersion: version(1, 5) }));
    table.register(slaveA(1, A1, { dataVersion: version(1, 4) }));

    expectDomainError(() => table.register(slaveA(0, A1, { dataVersion: version(2, 4) })), "conflict");

    expect(table.revision).toBe(2);
    expect(table.member(A1)?.brokerId).toBe(1);
    expect(brokerGroups(table.view)).toEqual([
      brokerData("broker-a", [
        [0, A],
        [1, A1],
      ]),
    ]);
  });

  it.each([
    { label: "an equal", stateVersion: 5 },
    { label: "a greater", stateVersion: 6 },
  ])(
    "$label state_version takes the id over and reports the old address as displaced",
    ({ stateVersion }) => {
      const table = new RouteTable();
      table.register(masterA({ dataVersion: version(1, 5), topics: [topic("T1")] }));
      const successor = "10.0.0.9:10911";

      const outcome = table.register(
        masterA({
          brokerAddr: successor,
          dataVersion: version(1, stateVersion),
          topics: [topic("T1", { perm: 4 })],
        }),
      );

      expect(outcome.changed).toBe(true);
      expect(outcome.displaced).toEqual([A]);
      expect(table.member(A)).toBeUndefined();
      expect(table.member(successor)?.brokerId).toBe(0);
      expect(routeOf(table, "T1").route).toEqual({
        queueDatas: [queueData("broker-a", { perm: 4 })],
        brokerDatas: [brokerData("broker-a", [[0, successor]])],
        orderTopicConf: "",
      });
    },
  );

  it("an address moving from slave id 1 to master id 0 appears under one id only", () => {
    const table = new RouteTable();
    table.register(masterA({ dataVersion: version(1, 1), topics: [topic("T1")] }));
    table.register(slaveA(1, A1, { dataVersion: version(1, 1), topics: [topic("T1")] }));

    const outcome = table.register(
      slaveA(0, A1, { dataVersion: version(2, 2), topics: [topic("T1", { perm: 7 })] }),
    );

    expect(outcome.displaced).toEqual([A]);
    expect(table.member(A1)?.brokerId).toBe(0);
    expect(brokerGroups(table.view)).toEqual([brokerData("broker-a", [[0, A1]])]);
    expect(routeOf(table, "T1").route.queueDatas).toEqual([queueData("broker-a", { perm: 7 })]);
  });

  it("a slave promoted after its master left keeps one id and publishes with WRITE", () => {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T1")] }));
    table.register(slaveA(1, A1, { topics: [topic("T1")] }));
    table.removeBrokers([A]);

    const outcome = table.register(slaveA(0, A1, { dataVersion: version(2), topics: [topic("T1")] }));

    expect(outcome.displaced).toEqual([]);
    expect(brokerGroups(table.view)).toEqual([brokerData("broker-a", [[0, A1]])]);
    expect(routeOf(table, "T1").route.queueDatas).toEqual([queueData("broker-a", { perm: 6 })]);
  });

  it("an address registered in one group cannot register in another", () => {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T1")] }));
    const changes = recordChanges(table);

    const err = expectDomainError(
      () => table.register(masterB({ brokerAddr: A, topics: [topic("T2")] })),
      "conflict",
    );

    expect(err.message).toMatch(/^broker_addr: /);
    expect(changes).toEqual([]);
    expect(table.member(A)?.brokerName).toBe("broker-a");
    expect(brokerGroups(table.view).map((g) => g.brokerName)).toEqual(["broker-a"]);
    expect(table.route("T2")).toBeUndefined();
  });

  it("a group cannot change cluster", () => {
    const table = new RouteTable();
    table.register(masterA());

    const err = expectDomainError(
      () => table.register(slaveA(1, A1, { clusterName: "OtherCluster", topics: [topic("T1")] })),
      "conflict",
    );

    expect(err.message).toMatch(/^broker_name: /);
    expect(table.revision).toBe(1);
    expect(hasCluster(table.view, "OtherCluster")).toBe(false);
    expect(table.member(A1)).toBeUndefined();
  });
});

describe("RouteTable: unregister", () => {
  it("returns false for an unknown address and changes nothing", () => {
    const table = new RouteTable();
    table.register(masterA());
    const changes = recordChanges(table);

    expect(
      table.unregister({ clusterName: CLUSTER, brokerName: "broker-a", brokerId: 1, brokerAddr: A1 }),
    ).toBe(false);
    expect(table.revision).toBe(1);
    expect(changes).toEqual([]);
  });

  it("is by address: the broker id given does not matter", () => {
    const table = new RouteTable();
    table.register(masterA());
    table.register(slaveA(1, A1));

    expect(
      table.unregister({ clusterName: CLUSTER, brokerName: "broker-a", brokerId: 7, brokerAddr: A1 }),
    ).toBe(true);
    expect(table.member(A1)).toBeUndefined();
    expect(brokerGroups(table.view)).toEqual([brokerData("broker-a", [[0, A]])]);
  });

  it.each([
    { label: "cluster", identity: { clusterName: "OtherCluster", brokerName: "broker-a" } },
    { label: "group", identity: { clusterName: CLUSTER, brokerName: "broker-b" } },
  ])("throws FAILED_PRECONDITION when the $label does not match and keeps the broker", ({ identity }) => {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T1")] }));

    const err = expectDomainError(
      () => table.unregister({ ...identity, brokerId: 0, brokerAddr: A }),
      "conflict",
    );

    expect(err.message).toMatch(/^broker_addr: /);
    expect(table.member(A)).toBeDefined();
    expect(table.revision).toBe(1);
    expect(table.route("T1")).toBeDefined();
  });

  it("removing a slave keeps the group's queue data and stamps its topics with the new revision", () => {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T1"), topic("T2")] }));
    table.register(slaveA(1, A1));
    const changes = recordChanges(table);

    expect(
      table.unregister({ clusterName: CLUSTER, brokerName: "broker-a", brokerId: 1, brokerAddr: A1 }),
    ).toBe(true);

    expect(changes).toEqual([{ revision: 3, topics: ["T1", "T2"] }]);
    expect(routeOf(table, "T1")).toEqual({
      route: {
        queueDatas: [queueData("broker-a")],
        brokerDatas: [brokerData("broker-a", [[0, A]])],
        orderTopicConf: "",
      },
      topicRevision: 3,
    });
  });

  it("a group that loses its last broker removes all its topics in one batch", () => {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T1"), topic("SHARED"), topic("T3")] }));
    table.register(masterB({ topics: [topic("SHARED")] }));
    const changes = recordChanges(table);

    table.unregister({ clusterName: CLUSTER, brokerName: "broker-a", brokerId: 0, brokerAddr: A });

    expect(changes).toEqual([{ revision: 3, topics: ["SHARED", "T1", "T3"] }]);
    expect(table.revision).toBe(3);
    expect(table.topicNames()).toEqual(["SHARED"]);
    expect(routeOf(table, "SHARED")).toEqual({
      route: {
        queueDatas: [queueData("broker-b")],
        brokerDatas: [brokerData("broker-b", [[0, B]])],
        orderTopicConf: "",
      },
      topicRevision: 3,
    });
    expect(brokerGroups(table.view)).toEqual([brokerData("broker-b", [[0, B]])]);
  });
});

describe("RouteTable: removeBrokers", () => {
  it("removes several brokers in one revision and returns the ones it removed", () => {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T1"), topic("SHARED")] }));
    table.register(slaveA(1, A1));
    table.register(masterB({ topics: [topic("SHARED"), topic("T2")] }));
    const changes = recordChanges(table);

    const removed = table.removeBrokers([A, "10.9.9.9:1", A1, B]);

    expect(removed.map((m) => m.brokerAddr)).toEqual([A, A1, B]);
    expect(table.revision).toBe(4);
    expect(changes).toEqual([{ revision: 4, topics: ["SHARED", "T1", "T2"] }]);
    expect(table.topicNames()).toEqual([]);
    expect(brokerGroups(table.view)).toEqual([]);
    expect(hasCluster(table.view, CLUSTER)).toBe(false);
  });

  it("changes nothing when none of the addresses is registered", () => {
    const table = new RouteTable();
    table.register(masterA());
    const changes = recordChanges(table);

    expect(table.removeBrokers(["10.9.9.9:1"])).toEqual([]);
    expect(table.removeBrokers([])).toEqual([]);
    expect(table.revision).toBe(1);
    expect(changes).toEqual([]);
  });

  it("a removed address can register again, in another group", () => {
    const table = new RouteTable();
    table.register(masterA());
    table.removeBrokers([A]);

    const outcome = table.register(masterB({ brokerAddr: A, topics: [topic("T1")] }));
    expect(outcome.changed).toBe(true);
    expect(table.member(A)?.brokerName).toBe("broker-b");
  });
});

describe("RouteTable: queries", () => {
  function twoClusters(): RouteTable {
    const table = new RouteTable();
    table.register(masterA({ topics: [topic("T2"), topic("SHARED")] }));
    table.register(masterB({ clusterName: "Cluster2", topics: [topic("T1"), topic("SHARED")] }));
    return table;
  }

  it("topicNames lists every topic sorted, or only those on the given cluster's groups", () => {
    const table = twoClusters();
    expect(table.topicNames()).toEqual(["SHARED", "T1", "T2"]);
    expect(topicNames(table.view, CLUSTER)).toEqual(["SHARED", "T2"]);
    expect(topicNames(table.view, "Cluster2")).toEqual(["SHARED", "T1"]);
    expect(topicNames(table.view, "NoSuchCluster")).toEqual([]);
  });

  it("hasCluster is true only while the cluster has a group", () => {
    const table = twoClusters();
    expect(hasCluster(table.view, CLUSTER)).toBe(true);
    expect(hasCluster(table.view, "Cluster2")).toBe(true);
    expect(hasCluster(table.view, "NoSuchCluster")).toBe(false);

    table.removeBrokers([B]);
    expect(hasCluster(table.view, "Cluster2")).toBe(false);
    expect(topicNames(table.view, "Cluster2")).toEqual([]);
  });

  it("brokerGroups lists every group sorted by name, with cluster, addresses and zone", () => {
    const table = new RouteTable();
    table.register(masterB({ clusterName: "Cluster2", zoneName: "zone-2" }));
    table.register(slaveA(1, A1));
    table.register(masterA());

    expect(brokerGroups(table.view)).toEqual([
      brokerData("broker-a", [
        [0, A],
        [1, A1],
      ]),
      { cluster: "Cluster2", brokerName: "broker-b", brokerAddrs: new Map([[0, B]]), zoneName: "zone-2" },
    ]);
  });

  it("a listener that unsubscribed is not called again", () => {
    const table = new RouteTable();
    const seen: number[] = [];
    const unsubscribe = table.onChange((batch) => seen.push(batch.revision));
    table.register(masterA());
    unsubscribe();
    table.register(masterB());
    expect(seen).toEqual([1]);
    expect(table.revision).toBe(2);
  });
});
