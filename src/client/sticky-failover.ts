import { pickRandom } from "./addresses.js";
import { NameServerError } from "./errors.js";
import type { SdkLogger } from "./logger.js";

/**
 * Where unary calls go: one NameServer chosen at random and kept (sticky) while it answers. An
 * attempt that finds it unreachable (UNAVAILABLE, DEADLINE_EXCEEDED) is retried on a random other
 * one, never "the next" one, so that the clients of a dead NameServer spread over the survivors;
 * the first call to fail over moves the choice, and `onFailover` hears of it once. Any other error
 * is the answer and is thrown as is. Transport-free: an attempt is any function of an address.
 */
export class StickyFailover {
  private chosen: string;
  private closed = false;

  constructor(
    private readonly addrs: readonly string[],
    private readonly random: () => number,
    private readonly log: SdkLogger,
    private readonly onFailover: (from: string, to: string, error: NameServerError) => void,
  ) {
    this.chosen = pickRandom(addrs, random) as string;
  }

  /** The NameServer the next call starts on. */
  get current(): string {
    return this.chosen;
  }

  /**
   * Runs `attempt` on the current NameServer, then on random untried others while the attempts
   * fail as unreachable. Rejects with the last error, or, when every NameServer was tried, with
   * one naming them all. After `close()` an unreachable error ends the call instead of moving on.
   */
  async run<T>(attempt: (address: string) => Promise<T>): Promise<{ value: T; address: string }> {
    const tried = new Set<string>();
    let address = this.chosen;
    for (;;) {
      try {
        return { value: await attempt(address), address };
      } catch (e) {
        const err = e as NameServerError;
        if (!err.unreachable || this.closed) throw err;
        tried.add(address);
        const next = pickRandom(this.addrs, this.random, tried);
        if (next === undefined) {
          const all = [...tried].join(", ");
          throw new NameServerError(
            err.code,
            `no NameServer reachable (tried ${all}): ${err.details}`,
            address,
          );
        }
        // Concurrent calls that failed on the same NameServer move the choice once.
        if (this.chosen === address) {
          this.chosen = next;
          this.log.info({ peer: address, next, err: err.message }, "NameServer unreachable, failing over");
          this.onFailover(address, next, err);
        }
        address = next;
      }
    }
  }

  /** Calls in flight stop failing over. Idempotent. */
  close(): void {
    this.closed = true;
  }
}
