import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CONFIG_DOC,
  CONFIG_SOURCE,
  fieldComments,
  renderConfigDocs,
  statedDefault,
} from "../../scripts/docs/config-docs.js";
import { CONFIG_KEYS, DEFAULT_CONFIG, envName, flagName } from "../../src/config/config.js";

const ROOT = join(import.meta.dirname, "../..");
const source = readFileSync(join(ROOT, CONFIG_SOURCE), "utf8");

describe(`${CONFIG_DOC} (generated from ${CONFIG_SOURCE})`, () => {
  it("is up to date: run `npm run docs:config` and commit it when this fails", () => {
    const committed = readFileSync(join(ROOT, CONFIG_DOC), "utf8");
    // One assertion on the whole text: the diff shows which field drifted.
    expect(committed).toBe(renderConfigDocs(source));
  });

  it("names every field with its flag, env variable and default", () => {
    const page = renderConfigDocs(source);
    for (const key of CONFIG_KEYS) {
      expect(page).toContain(`\n## ${key}\n`);
      expect(page).toContain(`\`${flagName(key)}\``);
      expect(page).toContain(`\`${envName(key)}\``);
      expect(page).toContain(`default \`${JSON.stringify(DEFAULT_CONFIG[key])}\``);
    }
  });

  it("every field's doc comment is found, and its stated default is the real one", () => {
    const comments = fieldComments(source);
    expect([...comments.keys()].sort()).toEqual([...CONFIG_KEYS].sort());
    for (const key of CONFIG_KEYS) {
      const stated = statedDefault(comments.get(key) as string);
      if (stated !== undefined) expect([key, stated]).toEqual([key, JSON.stringify(DEFAULT_CONFIG[key])]);
    }
  });

  it("a field added the usual way is picked up; one without a doc comment is refused", () => {
    const added = source.replace(
      "export interface NameServerConfig {\n",
      "export interface NameServerConfig {\n  /**\n   * A new limit, in ms\n   * (1..2). Default 1: why.\n   */\n  newLimitMs: number;\n",
    );
    expect(fieldComments(added).get("newLimitMs")).toBe("A new limit, in ms (1..2). Default 1: why.");
    expect(statedDefault("A new limit. Default 1: why.")).toBe("1");

    const undocumented = source.replace(/ *\/\*\* Log level \(one[^\n]*\n/, "");
    expect(undocumented).not.toBe(source);
    expect(() => renderConfigDocs(undocumented)).toThrow(
      "src/config/config.ts: NameServerConfig fields without a doc comment: logLevel",
    );
  });
});
