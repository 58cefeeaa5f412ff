// Sums the legs' result files in the folder given: vitest JSON reports (*.json) and plain
// "passed failed skipped" lines (*.counts). Prints the one closing line "N passed, N failed, N skipped".
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of readdirSync(dir).sort()) {
  const text = readFileSync(join(dir, name), "utf8");
  if (name.endsWith(".json")) {
    const r = JSON.parse(text);
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
  } else if (name.endsWith(".counts")) {
    const [p, f, s] = text.trim().split(/\s+/).map(Number);
    passed += p;
    failed += f;
    skipped += s ?? 0;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
