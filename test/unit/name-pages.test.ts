import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/errors/domain-error.js";
import { MAX_PAGE_BYTES, pageOf } from "../../src/server/name-pages.js";

const names = (n: number, width = 5) =>
  Array.from({ length: n }, (_, i) => `T${String(i).padStart(width, "0")}`);

/** All pages of `sorted` with `pageSize`, by following the tokens. */
function allPages(sorted: string[], pageSize: number): string[][] {
  const pages: string[][] = [];
  let token = "";
  for (let i = 0; i < 10_000; i++) {
    const page = pageOf(sorted, pageSize, token);
    pages.push(page.names);
    if (page.nextPageToken === "") return pages;
    token = page.nextPageToken;
  }
  throw new Error("paging did not end");
}

describe("pageOf", () => {
  it("page_size 0: everything in one page when it fits", () => {
    expect(pageOf(names(3), 0, "")).toEqual({ names: ["T00000", "T00001", "T00002"], nextPageToken: "" });
    expect(pageOf([], 0, "")).toEqual({ names: [], nextPageToken: "" });
  });

  it("pages of page_size follow each other, in order, with nothing lost or repeated", () => {
    const sorted = names(10);
    const pages = allPages(sorted, 3);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
    expect(pages.flat()).toEqual(sorted);
  });

  it("no page holds more than MAX_PAGE_BYTES of names, whatever page_size says", () => {
    const long = Array.from({ length: 60_000 }, (_, i) => `${"x".repeat(120)}${String(i).padStart(6, "0")}`);
    const pages = allPages(long, 0);
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages)
      expect(p.reduce((n, s) => n + s.length + 6, 0)).toBeLessThanOrEqual(MAX_PAGE_BYTES);
    expect(pages.flat()).toEqual(long);
  });

  it("a token continues after its name even when that name was removed meanwhile", () => {
    const first = pageOf(["a", "b", "c", "d"], 2, "");
    expect(first.names).toEqual(["a", "b"]);
    expect(pageOf(["a", "c", "d"], 2, first.nextPageToken).names).toEqual(["c", "d"]);
  });

  it("a token that is not one is INVALID_ARGUMENT naming page_token", () => {
    for (const bad of ["nope", "!!!", Buffer.from("before:x").toString("base64url")]) {
      expect(() => pageOf(names(3), 0, bad)).toThrow(DomainError);
      expect(() => pageOf(names(3), 0, bad)).toThrow("page_token: must be the next_page_token");
    }
  });
});
