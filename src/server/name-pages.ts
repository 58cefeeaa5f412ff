import { invalidArgument } from "../errors/domain-error.js";

/**
 * Most bytes of names in one page: an answer must fit a client's default 4 MiB receive limit
 * (grpc's default in every language), with room for the rest of the message. 100,000 long topic
 * names (11.8 MB) in one answer broke `namesrvctl topics` and `status`.
 */
export const MAX_PAGE_BYTES = 3 * 1024 * 1024;

/** Prefix of page tokens: lets a later format be told apart. */
const TOKEN_PREFIX = "after:";

/** One page of a sorted list of names, and the token of the next page ("" on the last). */
export interface NamePage {
  readonly names: string[];
  readonly nextPageToken: string;
}

/**
 * The page of `sorted` (ascending, unique) that starts after `pageToken`'s name (from the start
 * for ""), holding at most `pageSize` names (0 = no count limit) and at most MAX_PAGE_BYTES of
 * encoded names. A token is the last name of the previous page, base64url-encoded: paging by name
 * rather than by index keeps pages in order while topics come and go. Throws INVALID_ARGUMENT for
 * a token that is not one.
 */
export function pageOf(sorted: readonly string[], pageSize: number, pageToken: string): NamePage {
  let start = 0;
  if (pageToken !== "") {
    const decoded = Buffer.from(pageToken, "base64url").toString("utf8");
    if (
      !decoded.startsWith(TOKEN_PREFIX) ||
      Buffer.from(decoded, "utf8").toString("base64url") !== pageToken
    ) {
      throw invalidArgument("page_token", "must be the next_page_token of a previous answer");
    }
    start = firstAfter(sorted, decoded.slice(TOKEN_PREFIX.length));
  }
  const limit = pageSize > 0 ? pageSize : Number.POSITIVE_INFINITY;
  const names: string[] = [];
  let bytes = 0;
  let i = start;
  for (; i < sorted.length && names.length < limit; i++) {
    const name = sorted[i] as string;
    const cost = Buffer.byteLength(name, "utf8") + 6; // tag and length prefix, generously
    if (names.length > 0 && bytes + cost > MAX_PAGE_BYTES) break;
    bytes += cost;
    names.push(name);
  }
  const last = names[names.length - 1];
  const nextPageToken =
    i < sorted.length && last !== undefined
      ? Buffer.from(TOKEN_PREFIX + last, "utf8").toString("base64url")
      : "";
  return { names, nextPageToken };
}

/** Index of the first name greater than `name` (binary search). */
function firstAfter(sorted: readonly string[], name: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) <= name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
