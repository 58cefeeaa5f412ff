import { defineConfig } from "vitest/config";

/**
 * Interop tests (`npm run test:interop`): real Python, Go and Java clients on the generated stubs
 * and a reflection client (buf curl), against the real server process. They need Debian packages
 * (scripts/install-deps.sh), so `npm test` leaves them out.
 */
export default defineConfig({
  test: {
    include: ["test/interop/**/*.test.ts"],
    // Builds dist/ once: every test here starts `node dist/src/main.js`.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    // Covers a cold Go build of grpc-go from Debian's sources.
    hookTimeout: 300_000,
  },
});
