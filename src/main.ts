#!/usr/bin/env node
/**
 * Entry point: `namesrv [flags]`. The only place that reads argv, the environment and config files,
 * and that installs signal handlers.
 */
import { readFileSync } from "node:fs";
import { startNameServer } from "./app.js";
import { systemClock } from "./clock/system-clock.js";
import { ConfigError } from "./config/config.js";
import { formatConfig, loadConfig, usage } from "./config/load.js";
import { createLogger, createPrettyLogger } from "./log/logger.js";
import { versionLine } from "./version.js";

async function main(): Promise<number> {
  if (process.argv.slice(2).includes("--version")) {
    process.stdout.write(versionLine("namesrv"));
    return 0;
  }
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig(process.argv.slice(2), process.env, (path) => readFileSync(path, "utf8"));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`namesrv: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (loaded.help) {
    process.stdout.write(usage());
    return 0;
  }
  if (loaded.printConfig) {
    process.stdout.write(`${formatConfig(loaded.config)}\n`);
    return 0;
  }
  const config = loaded.config;
  const pretty =
    config.logFormat === "pretty" || (config.logFormat === "auto" && process.stdout.isTTY === true);
  const log = pretty ? await createPrettyLogger(config.logLevel) : createLogger(config.logLevel);
  const server = await startNameServer(config, { logger: log });
  log.info(
    {
      address: server.address,
      httpAddress: server.httpAddress,
      epoch: server.registry.epoch.toString(),
      pid: process.pid,
    },
    "namesrv ready",
  );

  let stopped = false;
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log.info({ signal }, "shutting down");
      // The hard deadline: whatever still holds the event loop (a client's socket, a grpc-js
      // timer, a write to a hung disk), the process is gone 1 s after the shutdown timeout.
      // The timer is unref'd: a process that ends on its own exits earlier.
      systemClock.setTimeout(() => {
        log.warn(
          { shutdownTimeoutMs: config.shutdownTimeoutMs, stopped },
          "shutdown deadline passed: exiting",
        );
        process.exit(stopped ? 0 : 1);
      }, config.shutdownTimeoutMs + 1_000);
      server.close().then(resolve, resolve);
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  stopped = true;
  log.info("stopped");
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`namesrv: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
