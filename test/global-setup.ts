import { execFileSync } from "node:child_process";

/** Child-process tests run dist/src/main.js: build it once before any test file runs. */
export default function setup(): void {
  execFileSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
}
