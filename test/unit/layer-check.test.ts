import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

/** The layer boundary check that `npm run lint` runs, run as a real process on a tree. */
const CHECKER = join(import.meta.dirname, "../../scripts/check-layers.mjs");
const REPO = join(import.meta.dirname, "../..");

async function check(root: string): Promise<{ code: number; lines: string[] }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [CHECKER, root]);
    return { code: 0, lines: stdout.split("\n").filter((l) => l !== "") };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, lines: err.stdout.split("\n").filter((l) => l !== "") };
  }
}

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "layers-"));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const TRANSPORT = "the domain imports no transport";
const PRIVATE = "only the domain imports a domain-private file";

describe("layer boundary check (scripts/check-layers.mjs)", () => {
  it("the repository passes it", async () => {
    expect(await check(REPO)).toEqual({ code: 0, lines: [] });
  });

  it("reports every forbidden import with file, line and rule, and fails", async () => {
    const root = tree({
      "src/route/route-table.ts": "export class RouteTable {}\n",
      "src/watch/hub.ts": [
        'import { status } from "@grpc/grpc-js";', // 1: transport package
        'import { RouteData } from "../../gen/ts/namesrv/v1/route.js";', // 2: generated code
        'import type { X } from "../server/status.js";', // 3: the server
        'export { Y } from "../client/errors.js";', // 4: the SDK
        'const cli = () => import("../cli/main.js");', // 5: the CLI
        '// import { z } from "../server/commented-out.js";', // 6: a comment, not an import
        'import { RouteTable } from "../route/route-table.js";', // 7: the domain may use its private parts
        'import { join } from "node:path";', // 8: fine
        "",
      ].join("\n"),
      "src/server/handler.ts": [
        "import {",
        "  type RouteTable,",
        '} from "../route/route-table.js";', // 3: private, across lines
        'import { RouteClient } from "../client/route-client.js";', // 4: server -> SDK
        "",
      ].join("\n"),
      // Once on the temporary allow list (issue 12); no longer.
      "src/server/admin-service.ts": 'import type { RouteTable } from "../route/route-table.js";\n',
      "src/client/sdk.ts": [
        'import { code } from "../server/status";', // 1: SDK -> server, no extension
        'import { RouteTable } from "../route/route-table";', // 2: private, no extension
        "",
      ].join("\n"),
      "src/cli/commands/c.ts": 'export * from "../../route/route-table.js";\n',
      "scripts/bench/b.ts": 'import { RouteTable } from "../../src/route/route-table.js";\n',
    });
    const { code, lines } = await check(root);
    expect(code).toBe(1);
    const reported = lines
      .filter((l) => !l.includes("forbidden import(s)"))
      .map((l) => l.split(": imports")[0]);
    expect(reported.sort()).toEqual(
      [
        `scripts/bench/b.ts:1: ${PRIVATE} (use the Registry front door)`,
        `src/cli/commands/c.ts:1: ${PRIVATE} (use the Registry front door)`,
        "src/client/sdk.ts:1: the SDK (src/client) does not import the server",
        `src/client/sdk.ts:2: ${PRIVATE} (use the Registry front door)`,
        `src/server/admin-service.ts:1: ${PRIVATE} (use the Registry front door)`,
        `src/server/handler.ts:3: ${PRIVATE} (use the Registry front door)`,
        "src/server/handler.ts:4: the server does not import the SDK (src/client)",
        `src/watch/hub.ts:1: ${TRANSPORT} (@grpc/*, gen/, src/server, src/client, src/cli)`,
        `src/watch/hub.ts:2: ${TRANSPORT} (@grpc/*, gen/, src/server, src/client, src/cli)`,
        `src/watch/hub.ts:3: ${TRANSPORT} (@grpc/*, gen/, src/server, src/client, src/cli)`,
        `src/watch/hub.ts:4: ${TRANSPORT} (@grpc/*, gen/, src/server, src/client, src/cli)`,
        `src/watch/hub.ts:5: ${TRANSPORT} (@grpc/*, gen/, src/server, src/client, src/cli)`,
      ].sort(),
    );
    expect(lines.at(-1)).toBe("12 forbidden import(s); see the rules in scripts/check-layers.mjs");
  });

  it("one grpc-js import added to a copy of the real domain fails the check", async () => {
    const root = mkdtempSync(join(tmpdir(), "layers-copy-"));
    roots.push(root);
    cpSync(join(REPO, "src"), join(root, "src"), { recursive: true });
    const file = join(root, "src/registry/registry.ts");
    writeFileSync(file, `import { Metadata } from "@grpc/grpc-js";\n${readFileSync(file, "utf8")}`);
    const { code, lines } = await check(root);
    expect(code).toBe(1);
    expect(lines[0]).toMatch(
      /^src\/registry\/registry\.ts:1: the domain imports no transport .*"@grpc\/grpc-js"$/,
    );
  });
});
