#!/usr/bin/env node
// The layer boundary, checked on every `npm run lint` (and so in CI):
// - the domain (DOMAIN_DIRS) imports no transport: no @grpc/* package, nothing under gen/, and
//   nothing of src/server, src/client or src/cli;
// - nothing outside the domain imports a domain-private file (DOMAIN_PRIVATE): the rest of the code
//   goes through the domain's front door (Registry);
// - src/client (the SDK) and src/server never import each other.
// Scanned: every .ts/.mts/.js/.mjs file under src/ and scripts/. Not test/: unit tests of the domain
// test its private parts on purpose.
//
// Usage: node scripts/check-layers.mjs [ROOT]   (default: the working directory)
// Prints one line per forbidden import, "file:line: rule: imports "specifier"", and exits 1 if any.
//
// Why a script and not biome's noRestrictedImports: biome matches the import text, not the file it
// resolves to, biome.json takes no comments (an exception could not say why it exists), and the
// rule options of one biome override replace those of another, so the domain-private list would be
// repeated in every folder's override instead of living in one place.

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** The domain: plain TypeScript with an injected clock; no transport. */
const DOMAIN_DIRS = [
  "src/route",
  "src/registry",
  "src/liveness",
  "src/watch",
  "src/kv",
  "src/errors",
  "src/clock",
  "src/config",
];

/**
 * Files of the domain that only the domain may import. Add a file here when it becomes private;
 * everything outside DOMAIN_DIRS then has to use the domain's public front door instead.
 */
const DOMAIN_PRIVATE = [
  "src/route/route-table.ts",
  "src/route/change-log.ts",
  "src/route/presentation.ts",
  "src/registry/admin-queries.ts",
  "src/registry/heartbeat-judge.ts",
  "src/registry/heartbeat-memo.ts",
  "src/liveness/sweeper.ts",
  "src/watch/subscription.ts",
];

/**
 * Imports still allowed although a rule forbids them: [importing file, imported file], each with
 * the reason and what removes it, e.g.
 *   // issue 12: removed by the front-door refactor
 *   ["src/server/watch-encoder.ts", "src/route/route-table.ts"],
 * The check notes entries that are no longer needed. Empty since the issue 12 refactor removed the
 * last server and app imports of route-table.ts.
 */
const ALLOWED = [];

/** True when repository path `p` is `dir` or inside it. */
const under = (p, dir) => p === dir || p.startsWith(`${dir}/`);
const inDomain = (p) => DOMAIN_DIRS.some((d) => under(p, d));
/** "src/route/route-table.js" and "src/route/route-table" name "src/route/route-table.ts". */
const withoutExtension = (p) => p.replace(/\.(?:[cm]?ts|[cm]?js)$/, "");

/**
 * The rules. `from` selects importing files by repository path; `forbids` is given the import: a
 * package name (`pkg`) or a repository path (`path`), exactly one of them set.
 */
const RULES = [
  {
    name: "the domain imports no transport (@grpc/*, gen/, src/server, src/client, src/cli)",
    from: inDomain,
    forbids: ({ pkg, path }) =>
      pkg?.startsWith("@grpc/") === true ||
      (path !== undefined && ["gen", "src/server", "src/client", "src/cli"].some((d) => under(path, d))),
  },
  {
    name: "only the domain imports a domain-private file (use the Registry front door)",
    from: (p) => !inDomain(p),
    forbids: ({ path }) =>
      path !== undefined && DOMAIN_PRIVATE.some((f) => withoutExtension(f) === withoutExtension(path)),
  },
  {
    name: "the SDK (src/client) does not import the server",
    from: (p) => under(p, "src/client"),
    forbids: ({ path }) => path !== undefined && under(path, "src/server"),
  },
  {
    name: "the server does not import the SDK (src/client)",
    from: (p) => under(p, "src/server"),
    forbids: ({ path }) => path !== undefined && under(path, "src/client"),
  },
];

const SOURCE = /\.(?:[cm]?ts|[cm]?js)$/;

/** Every source file under `dir` (repository paths), skipping node_modules and declaration files. */
function sourceFiles(root, dir) {
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  const out = [];
  for (const e of entries) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (e.name !== "node_modules") out.push(...sourceFiles(root, p));
    } else if (SOURCE.test(e.name) && !e.name.endsWith(".d.ts")) {
      out.push(p);
    }
  }
  return out;
}

/** `text` with comments blanked out (newlines kept, so line numbers stay right); strings are kept. */
function withoutComments(text) {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else if (c === "/" && next === "/") {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      out += " ".repeat(stop - i);
      i = stop;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Static imports and re-exports (`from "x"`), side-effect imports, `import("x")` and `require("x")`. */
const IMPORT =
  /\bfrom\s*(["'])([^"'\n]+)\1|\bimport\s*\(?\s*(["'])([^"'\n]+)\3|\brequire\s*\(\s*(["'])([^"'\n]+)\5/g;

/** The imports of one file: specifier, line, and what it names (`pkg` or repository `path`). */
function importsOf(root, file) {
  const text = withoutComments(readFileSync(join(root, file), "utf8"));
  const out = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[2] ?? m[4] ?? m[6];
    const line = text.slice(0, m.index).split("\n").length;
    if (spec.startsWith(".")) {
      const path = relative(root, resolve(root, dirname(file), spec))
        .split("\\")
        .join("/");
      out.push({ spec, line, path });
    } else if (!spec.startsWith("node:")) {
      out.push({ spec, line, pkg: spec });
    }
  }
  return out;
}

/**
 * Checks the tree at `root`. Returns the violations (file, line, rule, spec) and the ALLOWED
 * entries that matched nothing.
 */
function checkLayers(root) {
  const violations = [];
  const used = new Set();
  for (const file of [...sourceFiles(root, "src"), ...sourceFiles(root, "scripts")]) {
    const rules = RULES.filter((r) => r.from(file));
    if (rules.length === 0) continue;
    for (const imp of importsOf(root, file)) {
      for (const rule of rules) {
        if (!rule.forbids(imp)) continue;
        const allowed = ALLOWED.findIndex(
          ([f, t]) =>
            f === file && imp.path !== undefined && withoutExtension(t) === withoutExtension(imp.path),
        );
        if (allowed >= 0) used.add(allowed);
        else violations.push({ file, line: imp.line, rule: rule.name, spec: imp.spec });
      }
    }
  }
  const unused = ALLOWED.filter((_, i) => !used.has(i));
  return { violations, unused };
}

const root = resolve(process.argv[2] ?? ".");
const { violations, unused } = checkLayers(root);
for (const [file, target] of unused) {
  console.error(`note: scripts/check-layers.mjs ALLOWED entry no longer needed: ${file} -> ${target}`);
}
for (const v of violations) console.log(`${v.file}:${v.line}: ${v.rule}: imports "${v.spec}"`);
if (violations.length > 0) {
  console.log(`${violations.length} forbidden import(s); see the rules in scripts/check-layers.mjs`);
  process.exit(1);
}
