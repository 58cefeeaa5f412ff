import type { Command } from "../command.js";
import { clustersCommand } from "./clusters.js";
import { routeCommand } from "./route.js";
import { statusCommand } from "./status.js";
import { topicsCommand } from "./topics.js";
import { watchCommand } from "./watch.js";

/**
 * Every namesrvctl command, in help order. To add one, write one file exporting a `Command` (admin
 * writes: `fanOutCommand(...)` from ../fanout.js, which calls every NameServer and reports each
 * outcome) and list it here.
 */
export const COMMANDS: readonly Command[] = [
  routeCommand,
  clustersCommand,
  topicsCommand,
  watchCommand,
  statusCommand,
];
