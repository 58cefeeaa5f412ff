import type { Command } from "../command.js";
import { clustersCommand } from "./clusters.js";
import { configGetCommand, configSetCommand } from "./config.js";
import { deleteTopicCommand } from "./delete-topic.js";
import { kvDeleteCommand } from "./kv-delete.js";
import { kvGetCommand } from "./kv-get.js";
import { kvListCommand } from "./kv-list.js";
import { kvPutCommand } from "./kv-put.js";
import { registerTopicCommand } from "./register-topic.js";
import { routeCommand } from "./route.js";
import { statusCommand } from "./status.js";
import { systemTopicsCommand } from "./system-topics.js";
import { topicsCommand } from "./topics.js";
import { unitTopicsCommand } from "./unit-topics.js";
import { watchCommand } from "./watch.js";
import { addWritePermCommand, wipeWritePermCommand } from "./write-perm.js";

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
  kvPutCommand,
  kvGetCommand,
  kvDeleteCommand,
  kvListCommand,
  wipeWritePermCommand,
  addWritePermCommand,
  deleteTopicCommand,
  registerTopicCommand,
  systemTopicsCommand,
  unitTopicsCommand,
  configGetCommand,
  configSetCommand,
];
