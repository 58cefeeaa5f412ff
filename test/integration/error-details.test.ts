import { status } from "@grpc/grpc-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RouteClient } from "../../src/client/route-client.js";
import { decodeErrorInfo, STATUS_DETAILS_KEY } from "../../src/wire/error-details.js";
import { type AdminTestServer, adminError, startAdminTestServer } from "../helpers/admin.js";
import { registration, topic, unary, unaryError } from "../helpers/grpc.js";

/**
 * Every refusal carries a machine-readable reason in google.rpc.ErrorInfo (grpc-status-details-bin),
 * so that clients branch without parsing the message (issue 12).
 */
let t: AdminTestServer;
beforeEach(async () => {
  t = await startAdminTestServer();
});
afterEach(async () => {
  await t.stop();
});

function infoOf(err: { metadata?: { get(key: string): unknown[] } }) {
  const bytes = err.metadata?.get(STATUS_DETAILS_KEY)[0];
  expect(bytes).toBeInstanceOf(Uint8Array);
  return decodeErrorInfo(bytes as Uint8Array);
}

describe("error details", () => {
  it("tells an unknown topic, group and cluster apart by reason, with the name in the metadata", async () => {
    await unary((cb) => t.broker.registerBroker(registration({ topicConfigs: [topic("TopicA")] }), cb));
    const noTopic = await unaryError((cb) =>
      t.route.getRouteInfoByTopic({ topic: "Nope", zoneName: "" }, cb),
    );
    expect(noTopic.code).toBe(status.NOT_FOUND);
    expect(infoOf(noTopic)).toEqual({
      reason: "TOPIC_NOT_FOUND",
      domain: "namesrv",
      metadata: { topic: "Nope" },
    });

    const noGroup = await adminError(t.admin, "wipeWritePermOfBroker", { brokerName: "ghost" });
    expect(noGroup.code).toBe(status.NOT_FOUND);
    expect(infoOf(noGroup)).toMatchObject({ reason: "GROUP_NOT_FOUND", metadata: { brokerName: "ghost" } });

    const noCluster = await unaryError((cb) =>
      t.route.listTopics({ clusterName: "NoSuchCluster", pageSize: 0, pageToken: "" }, cb),
    );
    expect(infoOf(noCluster)).toMatchObject({
      reason: "CLUSTER_NOT_FOUND",
      metadata: { clusterName: "NoSuchCluster" },
    });
  });

  it("names the field of an invalid argument and the kind of a conflict", async () => {
    const bad = await unaryError((cb) =>
      t.route.getRouteInfoByTopic({ topic: "bad name", zoneName: "" }, cb),
    );
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    expect(infoOf(bad)).toMatchObject({ reason: "INVALID_ARGUMENT", metadata: { field: "topic" } });

    await unary((cb) => t.broker.registerBroker(registration({}), cb));
    const owned = await unaryError((cb) =>
      t.broker.registerBroker(registration({ brokerName: "broker-other" }), cb),
    );
    expect(owned.code).toBe(status.FAILED_PRECONDITION);
    expect(infoOf(owned)).toMatchObject({ reason: "OWNERSHIP_CONFLICT" });
  });

  it("reaches SDK users as NameServerError.reason", async () => {
    const client = new RouteClient({ namesrvAddrs: [t.server.address] });
    try {
      const err = await client.getRoute("Nope").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: status.NOT_FOUND, reason: "TOPIC_NOT_FOUND" });
    } finally {
      client.close();
    }
  });
});
