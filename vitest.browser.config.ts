import { defineConfig } from "vitest/config";

// The dashboard in Debian's Chromium (npm run test:browser, CI leg 30-browser): needs the chromium
// package (scripts/install-deps.sh browser) and the built dashboard (npm run build).
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
