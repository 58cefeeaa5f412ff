import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { cleanDetails, toNameServerError } from "../../src/client/errors.js";

describe("the cause of a failed call, in one line", () => {
  it.each([
    [
      "Deadline exceeded after 0.301s,name resolution: 0.007s,metadata filters: 0.001s,Waiting for LB pick",
      "Deadline exceeded after 0.301s",
    ],
    [
      "No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ",
      "cannot connect: connect ECONNREFUSED 127.0.0.1:1",
    ],
    [
      "No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1 (2026-11-30T18:01:02.345Z)",
      "cannot connect: connect ECONNREFUSED 127.0.0.1:1",
    ],
    [
      "Name resolution failed for target dns:nonexistent.invalid:9876\nResolution note: ",
      "Name resolution failed for target dns:nonexistent.invalid:9876",
    ],
    ["topic_configs[2].perm: must be 0..7", "topic_configs[2].perm: must be 0..7"],
  ])("%j -> %j", (raw, clean) => {
    expect(cleanDetails(raw)).toBe(clean);
    const err = toNameServerError({ code: status.UNAVAILABLE, details: raw }, "127.0.0.1:1");
    expect(err.details).toBe(clean);
    expect(err.message).toBe(`${clean} (UNAVAILABLE from 127.0.0.1:1)`);
  });
});
