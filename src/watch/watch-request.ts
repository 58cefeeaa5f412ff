import { invalidArgument } from "../errors/domain-error.js";
import { parseName } from "../route/validate.js";
import type { WatchRequest } from "./frames.js";

/** Most topics one watch may name (a larger set should watch all topics). */
export const MAX_WATCH_TOPICS = 100_000;

/** WatchRoutesRequest as received (structural: the domain does not import gen/). */
export interface WatchRoutesInput {
  topics: string[];
  allTopics: boolean;
  resumeEpoch: bigint;
  resumeRevision: bigint;
}

/** Validates a WatchRoutes request; INVALID_ARGUMENT names the field and the rule. */
export function parseWatchRequest(input: WatchRoutesInput): WatchRequest {
  if (input.allTopics && input.topics.length > 0) {
    throw invalidArgument("topics", "must be empty when all_topics is true");
  }
  if (!input.allTopics && input.topics.length === 0) {
    throw invalidArgument("topics", "required unless all_topics is true");
  }
  if (input.topics.length > MAX_WATCH_TOPICS) {
    throw invalidArgument("topics", `at most ${MAX_WATCH_TOPICS} topics (watch all_topics instead)`);
  }
  const topics = input.allTopics
    ? ("all" as const)
    : new Set(input.topics.map((t, i) => parseName(t, `topics[${i}]`)));
  if (input.resumeEpoch === 0n) return { topics };
  if (input.resumeRevision > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw invalidArgument("resume_revision", `must be at most ${Number.MAX_SAFE_INTEGER}`);
  }
  return { topics, resume: { epoch: input.resumeEpoch, revision: Number(input.resumeRevision) } };
}
