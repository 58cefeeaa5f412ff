import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repository's ./data: the server's default data directory, which tests must never write. */
const REPO_DATA = resolve(import.meta.dirname, "..", "data");

/** Every file under `dir` with its size and modification time; empty when `dir` is missing. */
function listing(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const st = statSync(join(dir, name));
    out.set(name, `${st.size}:${st.mtimeMs}`);
  }
  out.set(".", "exists");
  return out;
}

/**
 * Child-process tests run dist/src/main.js: build it once before any test file runs. The teardown
 * fails the run when a test created or changed the repository's ./data (a server started without
 * a temporary data directory): such a file is read by the next `npm start`, and a file left by
 * `npm start` would be read by such a test.
 */
export default function setup(): () => void {
  execFileSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
  const before = listing(REPO_DATA);
  return () => {
    const after = listing(REPO_DATA);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (name) => before.get(name) !== after.get(name),
    );
    if (changed.length > 0) {
      // vitest logs an error thrown here but still exits 0, so the exit code is set as well.
      process.exitCode = 1;
      throw new Error(
        `a test wrote into ${REPO_DATA} (${changed.join(", ")}): start servers with a temporary data ` +
          "directory (startTestServer and startServerProcess do so unless told otherwise)",
      );
    }
  };
}
