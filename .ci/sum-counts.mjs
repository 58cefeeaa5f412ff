// Sums the legs' result files in the folder given: vitest JSON reports (*.json) and plain
// "passed failed skipped" lines (*.counts). Prints the one closing line "N passed, N failed, N skipped".
// Anything else there (the chaos leg's history folder) is not a count and is passed over.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
  const name = entry.name;
  if (!entry.isFile() || !(name.endsWith(".json") || name.endsWith(".counts"))) continue;
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
