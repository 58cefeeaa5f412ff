import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // test/interop needs Debian packages (`npm run test:interop`); test/rocketmq the real RocketMQ
    // broker, tools and clients from Maven Central and the Go proxy (`npm run test:rocketmq`);
    // test/browser Debian's Chromium (`npm run test:browser`).
    exclude: ["test/interop/**", "test/rocketmq/**", "test/browser/**"],
    // Builds dist/ once, for the tests that start the server as a child process.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
