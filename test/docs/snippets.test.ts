import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registration, topic, unary } from "../helpers/grpc.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { authFileText } from "../helpers/tls.js";
import { binDir, ROOT, type RunOptions, type RunResult, runShell, runTypeScript } from "./run-snippet.js";
import { type Block, documentBlocks, extractBlocks, type Fixture, substituteAddress } from "./snippets.js";

/**
 * Runs the code blocks of README.md and docs/**\/*.md (convention: docs/contributing.md, "Code
 * blocks in the documentation"). Shell and TypeScript blocks run against a fresh NameServer on
 * 127.0.0.1:0, the example address replaced by its own; Python, Go and Java blocks are listed as
 * left to those languages' interop legs; output blocks are listed as shown; every other block
 * must carry a skip mark with its reason.
 */

const TIMEOUT_MS = 20_000;

let bin: Awaited<ReturnType<typeof binDir>>;
beforeAll(async () => {
  bin = await binDir();
});
afterAll(async () => {
  await bin?.remove();
});

/**
 * A file reads as one shell session: variables that an earlier shell block of the same file sets
 * on a line of its own (`buf=node_modules/.bin/buf`) are set for the later ones too.
 */
function sessionOf(block: Block, all: readonly Block[]): string {
  const earlier = all.filter((b) => b.file === block.file && b.kind === "shell" && b.line < block.line);
  return earlier
    .flatMap((b) => b.code.split("\n").filter((l) => /^[A-Za-z_][A-Za-z0-9_]*=\S*$/.test(l)))
    .join("\n");
}

/** Starts the block's fixture, runs it against it, stops it. */
async function runBlock(block: Block, session = ""): Promise<RunResult> {
  const t = await startFixture(block.marks.server);
  try {
    const opts: RunOptions = {
      address: t.server.address,
      stream: block.marks.stream,
      timeoutMs: TIMEOUT_MS,
      env: t.env,
    };
    const code = substituteAddress(
      block.kind === "shell" ? `${session}\n${block.code}` : block.code,
      t.server.address,
    );
    return block.kind === "typescript"
      ? await runTypeScript(code, opts, bin.dir)
      : await runShell(code, opts, bin.dir);
  } finally {
    await t.stop();
  }
}

/** The token of the `auth` fixture's admin principal, given to blocks as NAMESRV_TOKEN. */
const AUTH_TOKEN = "snippet-admin-token";

async function startFixture(fixture: Fixture): Promise<TestServer & { env: NodeJS.ProcessEnv }> {
  if (fixture === "auth") {
    const dir = await mkdtemp(join(tmpdir(), "namesrv-snippet-auth-"));
    const authFile = join(dir, "auth.json");
    await writeFile(authFile, authFileText([{ name: "ops", roles: ["admin"], token: AUTH_TOKEN }]));
    const t = await startTestServer({ authFile });
    return {
      ...t,
      env: { NAMESRV_TOKEN: AUTH_TOKEN },
      async stop() {
        await t.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const t = { ...(await startTestServer()), env: {} };
  if (fixture === "broker") {
    await unary((cb) =>
      t.broker.registerBroker(
        registration({ brokerAddr: "127.0.0.1:10911", haServerAddr: "", topicConfigs: [topic("TopicA")] }),
        cb,
      ),
    );
  }
  return t;
}

function expectSuccess(block: Block, r: RunResult): void {
  const where = `${block.file}:${block.line} (${block.lang})`;
  const detail = `${where} failed with code ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
  if (block.marks.stream) {
    expect(r.stopped || r.code === 0, detail).toBe(true);
    expect(r.stdout, `${where}: a stream block must print before it is stopped`).not.toBe("");
  } else {
    expect(r.code, detail).toBe(0);
  }
}

const blocks = documentBlocks(ROOT);
const byFile = new Map<string, Block[]>();
for (const b of blocks) byFile.set(b.file, [...(byFile.get(b.file) ?? []), b]);

for (const [file, fileBlocks] of byFile) {
  describe(file, () => {
    for (const block of fileBlocks) {
      const name = `${block.file}:${block.line} ${block.lang || "(no language)"}`;
      if (block.problems.length > 0) {
        it(`${name}: marked correctly`, () => {
          expect.fail(`${name}: ${block.problems.join("; ")} (see docs/contributing.md)`);
        });
      } else if (block.marks.skip !== undefined) {
        it.skip(`${name}: not run: ${block.marks.skip}`, () => {});
      } else if (block.kind === "leg") {
        it.skip(`${name}: left to the ${block.lang} interop leg`, () => {});
      } else if (block.kind === "output") {
        it.skip(`${name}: output or a file format, shown not run`, () => {});
      } else {
        it(`${name} runs against server=${block.marks.server}${block.marks.stream ? " (stream)" : ""}`, {
          timeout: TIMEOUT_MS + 10_000,
        }, async () => {
          expectSuccess(block, await runBlock(block, sessionOf(block, blocks)));
        });
      }
    }
  });
}

describe("the snippet runner itself", () => {
  const md = (lang: string, code: string, mark = "") => `${mark}\n\`\`\`${lang}\n${code}\n\`\`\`\n`;
  const one = (text: string) => extractBlocks(text, "x.md")[0] as Block;

  it("reads marks, and refuses unknown ones, a skip without reason, an untagged block", () => {
    expect(one(md("sh", "true", '<!-- snippet: skip="needs Java" -->')).marks.skip).toBe("needs Java");
    expect(one(md("sh", "true", "<!-- snippet: server=broker stream -->")).marks).toEqual({
      server: "broker",
      stream: true,
    });
    expect(one(md("sh", "true", "<!-- snippet: skip -->")).problems).toEqual([
      'skip needs a reason: skip="why"',
    ]);
    expect(one(md("sh", "true", "<!-- snippet: servr=x -->")).problems[0]).toMatch(/unknown mark "servr"/);
    expect(one(md("", "x")).problems[0]).toMatch(/no language/);
    expect(one(md("rust", "fn main() {}")).problems[0]).toMatch(/has no runner/);
    expect(one(md("sh", "true", "<!-- snippet: server -->")).marks.server).toBe("empty");
    for (const risky of [
      "npm ci && npm test",
      "npm start -- --listen x",
      "npm run bench:lookup",
      "git checkout .",
      "rm -rf dist",
    ]) {
      expect(one(md("sh", risky)).problems[0], risky).toMatch(
        /changes this checkout or never ends: mark it skip/,
      );
      expect(one(md("sh", risky, '<!-- snippet: skip="x" -->')).problems).toEqual([]);
    }
    expect(one(md("sh", "namesrvctl route TopicA")).problems).toEqual([]);
  });

  it("a failing shell block fails; the example address is the test server's", async () => {
    const failing = one(md("sh", "false"));
    expect((await runBlock(failing)).code).not.toBe(0);
    const r = await runBlock(one(md("sh", 'echo "127.0.0.1:9876 $NAMESRV_ADDR"\nnamesrvctl clusters')));
    expect(r.code, r.stderr).toBe(0);
    const [a, b] = r.stdout.split("\n")[0]?.split(" ") ?? [];
    expect(a).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(a).not.toBe("127.0.0.1:9876");
    expect(b).toBe(a);
  });

  it("server=auth has authentication on: anonymous reflection is refused, namesrvctl has the token", async () => {
    const mark = "<!-- snippet: server=auth -->";
    const anonymous = await runBlock(
      one(
        md(
          "sh",
          "buf curl --protocol grpc --http2-prior-knowledge http://127.0.0.1:9876/grpc.health.v1.Health/Check",
          mark,
        ),
      ),
    );
    expect(anonymous.code).not.toBe(0); // reflection refused: buf curl finds no schema
    const open = await runBlock(
      one(
        md(
          "sh",
          "buf curl --protocol grpc --http2-prior-knowledge http://127.0.0.1:9876/grpc.health.v1.Health/Check",
        ),
      ),
    );
    expect(open.code, open.stderr).toBe(0);
    const withToken = await runBlock(one(md("sh", "namesrvctl clusters", mark)));
    expect(withToken.code, withToken.stderr).toBe(0);
  });

  it("a TypeScript block is type-checked, then run", { timeout: 60_000 }, async () => {
    const ok = await runBlock(one(md("ts", 'const n: number = 1;\nconsole.log("ran", n);')));
    expect(ok.stdout, ok.stderr).toContain("ran 1");
    const typeError = await runBlock(one(md("ts", 'const n: number = "one";\nconsole.log(n);')));
    expect(typeError.code).not.toBe(0);
    expect(typeError.stderr).toMatch(/tsc: .*TS2322/s);
  });
});
