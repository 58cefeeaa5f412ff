import type { BrokerMember, HeartbeatSignal } from "../route/types.js";
import { sameDataVersion } from "../route/types.js";
import type { HeartbeatAction, HeartbeatVerdict } from "./results.js";

/** A heartbeat's verdict and whether it renews the broker's lease. */
export interface Judged {
  readonly verdict: HeartbeatVerdict;
  readonly renews: boolean;
}

/**
 * The verdict on a valid heartbeat from the member registered at its address (if any). Pure.
 * - no member: REGISTER_AGAIN, no renewal (a restarted NameServer, or an expired broker);
 * - a member under another identity: REGISTER_AGAIN, no renewal;
 * - another data version: REGISTER_AGAIN, renewed (the broker is alive, its table is stale here);
 * - otherwise OK, renewed.
 */
export function judgeHeartbeat(
  hb: HeartbeatSignal,
  member: BrokerMember | undefined,
  epoch: bigint,
  revision: number,
): Judged {
  const answer = (action: HeartbeatAction, reason: string, renews: boolean): Judged => ({
    verdict: { epoch, revision, action, reason, brokerAddr: hb.brokerAddr },
    renews,
  });
  if (member === undefined) return answer("REGISTER_AGAIN", "broker not registered", false);
  if (
    member.clusterName !== hb.clusterName ||
    member.brokerName !== hb.brokerName ||
    member.brokerId !== hb.brokerId
  ) {
    return answer(
      "REGISTER_AGAIN",
      `address registered as broker ${member.brokerName} id ${member.brokerId} of cluster ${member.clusterName}`,
      false,
    );
  }
  if (!sameDataVersion(member.dataVersion, hb.dataVersion)) {
    return answer("REGISTER_AGAIN", "data version differs from the registered one", true);
  }
  return answer("OK", "", true);
}
