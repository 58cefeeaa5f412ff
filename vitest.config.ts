import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // test/interop and test/browser need Debian packages: `npm run test:interop`, `npm run test:browser`.
    exclude: ["test/interop/**", "test/browser/**"],
    // Builds dist/ once, for the tests that start the server as a child process.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
