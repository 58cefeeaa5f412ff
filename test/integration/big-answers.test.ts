import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListTopicsRequest, type ListTopicsResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import { runCliInProcess } from "../helpers/cli.js";
import { registration, topic, unary } from "../helpers/grpc.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

/**
 * Issue 13 (10): a topic list over a client's default 4 MiB receive limit (40,000 names of 120
 * characters: 4.9 MB) comes in pages, and `namesrvctl topics` and `status` still see all of it.
 */

const COUNT = 40_000;
const name = (i: number) => `${"t".repeat(114)}${String(i).padStart(6, "0")}`;
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({});
  const topicConfigs = Array.from({ length: COUNT }, (_, i) => topic(name(i)));
  await unary((cb) => t.broker.registerBroker(registration({ topicConfigs }), cb));
}, 60_000);
afterAll(() => t.stop());

describe("big answers", () => {
  it("ListTopics answers in pages under 4 MiB", async () => {
    const first = await unary<ListTopicsResponse>((cb) =>
      t.route.listTopics(ListTopicsRequest.fromPartial({}), cb),
    );
    expect(first.topics.length).toBeLessThan(COUNT);
    expect(first.nextPageToken).not.toBe("");
    const second = await unary<ListTopicsResponse>((cb) =>
      t.route.listTopics(ListTopicsRequest.fromPartial({ pageToken: first.nextPageToken }), cb),
    );
    expect(second.topics[0]).toBe(name(first.topics.length));
  });

  it("namesrvctl topics and status see every topic", async () => {
    const [topics, status] = await Promise.all([
      runCliInProcess(["--namesrv", t.server.address, "--json", "topics"]),
      runCliInProcess(["--namesrv", t.server.address, "--json", "status"]),
    ]);
    expect(topics.stderr).toBe("");
    expect(JSON.parse(topics.stdout).topics).toHaveLength(COUNT);
    expect(status.stderr).toBe("");
    expect(JSON.parse(status.stdout).results[0]).toMatchObject({ topics: COUNT });
  }, 60_000);
});
