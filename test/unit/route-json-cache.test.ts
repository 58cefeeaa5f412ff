import { describe, expect, it } from "vitest";
import { RouteJsonCache } from "../../src/remoting/route-json-cache.js";

describe("RouteJsonCache", () => {
  it("builds a body once per topic revision, apart per zone and dialect", () => {
    const cache = new RouteJsonCache();
    let builds = 0;
    const build = (text: string) => () => {
      builds++;
      return Buffer.from(text);
    };
    const first = cache.body("T", "", true, 3, build("a"));
    expect(cache.body("T", "", true, 3, build("b"))).toBe(first);
    expect(builds).toBe(1);
    expect(cache.body("T", "", true, 4, build("c")).toString()).toBe("c");
    expect(cache.body("T", "", false, 4, build("d")).toString()).toBe("d");
    expect(cache.body("T", "z1", true, 4, build("e")).toString()).toBe("e");
    expect(cache.body("T", "", true, 4, build("f")).toString()).toBe("c");
    expect(builds).toBe(4);
  });

  it("drops the entry used least recently first when full", () => {
    const cache = new RouteJsonCache(2);
    const body = (topic: string, text = topic) => cache.body(topic, "", true, 1, () => Buffer.from(text));
    body("A");
    body("B");
    body("A", "A2"); // kept: refreshed as the newest
    body("C"); // pushes out B
    expect(cache.size).toBe(2);
    expect(body("A", "rebuilt").toString()).toBe("A");
    expect(body("B", "rebuilt").toString()).toBe("rebuilt");
  });
});
