import { readFileSync } from "node:fs";

/** What this build is: namesrv_build_info, `--version`, `namesrvctl status`. */
export interface BuildInfo {
  /** package.json's version. */
  readonly version: string;
  /** The git commit the build was made from, "" when unknown (dist/build-info.json, written by `npm run build`). */
  readonly commit: string;
  /** Node.js version running it ("v20.20.2"). */
  readonly node: string;
}

let cached: BuildInfo | undefined;

/**
 * Reads package.json and dist/build-info.json once. Both sit at fixed places relative to this
 * file, in the source tree (src/version.ts, run by vitest) and in the build (dist/src/version.js).
 */
export function buildInfo(): BuildInfo {
  if (cached !== undefined) return cached;
  const inDist = import.meta.url.includes("/dist/src/");
  const root = new URL(inDist ? "../../" : "../", import.meta.url);
  const pkg = readJson(new URL("package.json", root)) as { version?: string } | undefined;
  const build = readJson(new URL("dist/build-info.json", root)) as { commit?: string } | undefined;
  cached = { version: pkg?.version ?? "unknown", commit: build?.commit ?? "", node: process.version };
  return cached;
}

/** One line for `--version`: "namesrv 0.1.0 (commit abc123, node v20.20.2)". */
export function versionLine(program: string): string {
  const b = buildInfo();
  const commit = b.commit === "" ? "" : `commit ${b.commit.slice(0, 12)}, `;
  return `${program} ${b.version} (${commit}node ${b.node})\n`;
}

function readJson(url: URL): unknown {
  try {
    return JSON.parse(readFileSync(url, "utf8"));
  } catch {
    return undefined;
  }
}
