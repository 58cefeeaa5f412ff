import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * The code blocks of the documentation and the marks that say how to run them. The convention is
 * documented in docs/contributing.md ("Code blocks in the documentation"): a block is run according
 * to its language, and an HTML comment on the line right before its fence,
 * `<!-- snippet: KEY[=VALUE] ... -->`, may change that:
 *
 * - `skip="why"`: not run; the reason is required and shows in the test's name.
 * - `server=empty|broker|auth`: the fixture the block runs against (default `empty`): a fresh
 *   NameServer on 127.0.0.1:0; `broker` adds broker-a (DefaultCluster, id 0, 127.0.0.1:10911)
 *   serving TopicA, as the README's examples register it; `auth` has authentication on (one admin
 *   principal whose token is in NAMESRV_TOKEN).
 * - `stream`: the block does not end by itself (a watch): it passes once it has printed a line,
 *   and is then stopped.
 *
 * A shell block that runs npm ci/install/start/test, a benchmark or the demo, git, or rm -r fails
 * without running until it is marked skip (the runner works in this checkout).
 */

/** How a block is handled, by language. */
export type BlockKind = "shell" | "typescript" | "leg" | "output";

const KINDS: Record<string, BlockKind> = {
  sh: "shell",
  bash: "shell",
  shell: "shell",
  ts: "typescript",
  typescript: "typescript",
  python: "leg",
  py: "leg",
  go: "leg",
  java: "leg",
  // Shown, never run: program output, file formats, protos.
  text: "output",
  json: "output",
  proto: "output",
};

/** The fixtures a block may ask for with `server=`. */
export const FIXTURES = ["empty", "broker", "auth"] as const;
export type Fixture = (typeof FIXTURES)[number];

export interface Marks {
  skip?: string;
  server: Fixture;
  stream: boolean;
}

export interface Block {
  /** Path relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  kind: BlockKind | undefined;
  code: string;
  marks: Marks;
  /** Problems with the block's tag or marks; a block with any fails. */
  problems: string[];
}

/**
 * Commands a shell block must not run unmarked: they replace node_modules or the build under the
 * running tests (npm ci, npm install), start what never ends (npm start, npm run demo), or run the
 * tests or benchmarks again. Such a block fails without running until it is marked skip.
 */
const RISKY =
  /(?:^|[\s;&|(])(?:npm\s+(?:ci|install|i|start|test|run\s+(?:bench|demo|test)[\w:-]*)|git\s+\w+|rm\s+-\w*r\w*)\b/m;

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/;
const MARK = /^\s*<!--\s*snippet:(.*?)-->\s*$/;
const PAIR = /([a-z]+)(?:=(?:"([^"]*)"|(\S+)))?/g;

/** Parses the marks of one `<!-- snippet: ... -->` comment. */
export function parseMarks(text: string): { marks: Marks; problems: string[] } {
  const marks: Marks = { server: "empty", stream: false };
  const problems: string[] = [];
  for (const m of text.matchAll(PAIR)) {
    const [, key, quoted, bare] = m;
    const value = quoted ?? bare;
    if (key === "skip") {
      if (value === undefined || value.trim() === "") problems.push('skip needs a reason: skip="why"');
      else marks.skip = value;
    } else if (key === "server") {
      // A bare `server` asks for the default fixture.
      if (value === undefined) marks.server = "empty";
      else if (!FIXTURES.includes(value as Fixture))
        problems.push(`server must be one of ${FIXTURES.join(", ")}`);
      else marks.server = value as Fixture;
    } else if (key === "stream") {
      marks.stream = true;
    } else {
      problems.push(`unknown mark ${JSON.stringify(key)} (known: skip, server, stream)`);
    }
  }
  return { marks, problems };
}

/** The fenced code blocks of a markdown text. */
export function extractBlocks(markdown: string, file: string): Block[] {
  const lines = markdown.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (open === null) continue;
    const [, indent, fence, lang = ""] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] as string;
      if (line.trim().startsWith(fence as string) && line.trim().replace(/[`~]/g, "") === "") break;
      body.push(line.startsWith(indent as string) ? line.slice((indent as string).length) : line);
    }
    const previous = i > 0 ? (lines[i - 1] as string) : "";
    const mark = MARK.exec(previous);
    const { marks, problems } = parseMarks(mark !== null ? (mark[1] as string) : "");
    const kind = KINDS[lang.toLowerCase()];
    const code = body.join("\n");
    if (lang === "") problems.push("the block has no language: tag it (text for output)");
    else if (kind === undefined && marks.skip === undefined) {
      problems.push(`language ${JSON.stringify(lang)} has no runner: mark it skip="why"`);
    }
    const risky = kind === "shell" && marks.skip === undefined ? RISKY.exec(code) : null;
    if (risky !== null) {
      problems.push(
        `runs ${JSON.stringify(risky[0].trim())}, which changes this checkout or never ends: mark it skip="why"`,
      );
    }
    blocks.push({ file, line: i + 1, lang, kind, code, marks, problems });
    i = j;
  }
  return blocks;
}

/** README.md and every docs/**\/*.md under `root`, relative paths, sorted. */
export function documentFiles(root: string): string[] {
  const files = ["README.md"];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) files.push(relative(root, path));
    }
  };
  walk(join(root, "docs"));
  return files.sort();
}

/** Every block of the documentation under `root`. */
export function documentBlocks(root: string): Block[] {
  return documentFiles(root).flatMap((file) => extractBlocks(readFileSync(join(root, file), "utf8"), file));
}

/** Replaces the documentation's example address (127.0.0.1:9876, localhost:9876) with `address`. */
export function substituteAddress(code: string, address: string): string {
  return code.replace(/\b(?:127\.0\.0\.1|localhost):9876\b/g, address);
}
