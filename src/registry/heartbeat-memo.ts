import type { BrokerMember, HeartbeatSignal } from "../route/types.js";
import { type HeartbeatInput, parseHeartbeat } from "../route/validate.js";

/**
 * What one heartbeat stream last sent and was answered. A broker sends the same identity and data
 * version on every beat, so validating it again, and building the same answer again, is work that
 * a steady stream never needs (bench:heartbeat profiled both at about a third of our CPU per beat).
 *
 * - `parse` validates a heartbeat, or returns the previous one's validated value when every field
 *   it carries is equal to the previous one's; a heartbeat that differs in any field is validated
 *   again (and an invalid one throws as `parseHeartbeat` does, leaving the memo as it was).
 * - `answer` is the previous verdict if it was given to the same validated heartbeat (the very
 *   object `parse` returned), for the same table member object and the same table revision. Members
 *   are replaced, never mutated, when a registration changes them, so an unchanged member object
 *   plus an unchanged revision means an unchanged verdict.
 */
export class HeartbeatMemo<V> {
  private input: HeartbeatInput | null = null;
  private signal: HeartbeatSignal | null = null;
  private last: {
    signal: HeartbeatSignal;
    member: BrokerMember | undefined;
    revision: number;
    verdict: V;
  } | null = null;

  parse(input: HeartbeatInput): HeartbeatSignal {
    const prev = this.input;
    if (prev !== null && this.signal !== null && sameHeartbeat(prev, input)) return this.signal;
    const signal = parseHeartbeat(input);
    const dv = input.dataVersion;
    // A copy: the memo must not change with the caller's object.
    this.input = {
      clusterName: input.clusterName,
      brokerName: input.brokerName,
      brokerId: input.brokerId,
      brokerAddr: input.brokerAddr,
      dataVersion:
        dv === undefined
          ? undefined
          : { stateVersion: dv.stateVersion, timestamp: dv.timestamp, counter: dv.counter },
    };
    this.signal = signal;
    return signal;
  }

  answer(signal: HeartbeatSignal, member: BrokerMember | undefined, revision: number): V | undefined {
    const last = this.last;
    if (last === null || last.signal !== signal || last.member !== member || last.revision !== revision) {
      return undefined;
    }
    return last.verdict;
  }

  remember(signal: HeartbeatSignal, member: BrokerMember | undefined, revision: number, verdict: V): void {
    this.last = { signal, member, revision, verdict };
  }
}

/** Every field of a heartbeat request equal (the data version's absence included). */
function sameHeartbeat(a: HeartbeatInput, b: HeartbeatInput): boolean {
  if (
    a.brokerAddr !== b.brokerAddr ||
    a.brokerId !== b.brokerId ||
    a.brokerName !== b.brokerName ||
    a.clusterName !== b.clusterName
  ) {
    return false;
  }
  const x = a.dataVersion;
  const y = b.dataVersion;
  if (x === undefined || y === undefined) return x === y;
  return x.stateVersion === y.stateVersion && x.timestamp === y.timestamp && x.counter === y.counter;
}
