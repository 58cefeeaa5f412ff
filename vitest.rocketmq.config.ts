import { defineConfig } from "vitest/config";

/**
 * Tests against real Apache RocketMQ peers (`npm run test:rocketmq`): a broker, mqadmin and the Java
 * and Go clients, installed by scripts/rocketmq/install.sh from Maven Central and the Go module
 * proxy, started as real processes on loopback. JVMs are slow to start on 2 cores: the timeouts
 * are generous, and one file runs at a time.
 */
export default defineConfig({
  test: {
    include: ["test/rocketmq/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
