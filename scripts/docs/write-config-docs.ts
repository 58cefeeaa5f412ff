/**
 * `npm run docs:config`: regenerates docs/configuration.md from src/config/config.ts. Run from the
 * repository root (npm does). test/unit/config-docs.test.ts fails until the result is committed.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { CONFIG_DOC, CONFIG_SOURCE, renderConfigDocs } from "./config-docs.js";

const text = renderConfigDocs(readFileSync(CONFIG_SOURCE, "utf8"));
const before = (() => {
  try {
    return readFileSync(CONFIG_DOC, "utf8");
  } catch {
    return "";
  }
})();
writeFileSync(CONFIG_DOC, text);
console.log(`${CONFIG_DOC}: ${before === text ? "unchanged" : "written"}`);
