// Writes dist/build-info.json (the git commit of the build, when the tree is a git checkout) for
// namesrv_build_info and --version. A build outside git writes an empty commit.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";

let commit = "";
try {
  commit = execFileSync("git", ["rev-parse", "HEAD"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();
} catch {
  // not a git checkout
}
mkdirSync("dist", { recursive: true });
writeFileSync("dist/build-info.json", `${JSON.stringify({ commit })}\n`);
