import { createHash } from "node:crypto";
import { PermissionDenied, Unauthenticated } from "../errors/domain-error.js";
import {
  type Access,
  accessTo,
  allows,
  mayActFor,
  type Principal,
  type PrincipalTable,
} from "./principals.js";

/** What a call presents: its `authorization` metadata values and its verified client certificate's CN. */
export interface Credentials {
  readonly authorization: readonly string[];
  /** Common name of a client certificate that chains to the client CA; undefined without one. */
  readonly certCommonName: string | undefined;
}

/** Longest `authorization` value looked at; anything longer is refused unread. */
export const MAX_AUTHORIZATION_LENGTH = 4096;

/**
 * Decides who a call is and whether it may proceed, against the current principal table (which
 * the auth file's reloads replace as a whole). A bearer token, when sent, decides alone; otherwise
 * the verified client certificate does. Every refusal is a DomainError: UNAUTHENTICATED (no or
 * unknown credentials) or PERMISSION_DENIED (known, but not allowed), with a message that says
 * what is missing and never echoes a secret.
 */
export class AuthGate {
  private readonly replaced = new Set<() => void>();

  constructor(private table: PrincipalTable) {}

  /** Makes `table` current, then tells the `onReplace` listeners (they re-check open streams). */
  replace(table: PrincipalTable): void {
    this.table = table;
    for (const listener of this.replaced) listener();
  }

  /** Calls `listener` after every `replace`; returns the function that removes it. */
  onReplace(listener: () => void): () => void {
    this.replaced.add(listener);
    return () => this.replaced.delete(listener);
  }

  /** The principal a call with `credentials` is, or null for a public service. Throws when refused. */
  admit(service: string, credentials: Credentials): Principal | null {
    const access = accessTo(service);
    if (access.kind === "public") return null;
    const principal = this.authenticate(credentials);
    if (!allows(principal, access)) {
      throw new PermissionDenied(
        `principal "${principal.name}" (roles: ${[...principal.roles].join(", ")}) may not call ${service}; it needs the ${roleNeeded(access)} role`,
      );
    }
    return principal;
  }

  /**
   * The principal behind a RocketMQ ACL access key whose request `verify` finds signed with the
   * key's secret, admitted to `service` as `admit` does. UNAUTHENTICATED for an unknown key or a
   * bad signature (the same message for both, so keys cannot be probed), PERMISSION_DENIED when
   * the principal's roles do not allow the service.
   */
  admitSigned(service: string, accessKey: string, verify: (secretKey: string) => boolean): Principal | null {
    const access = accessTo(service);
    if (access.kind === "public") return null;
    const entry = this.table.byAccessKey.get(accessKey);
    if (entry === undefined || !verify(entry.secretKey)) {
      throw new Unauthenticated("AccessKey and Signature do not match a known access key");
    }
    const principal = entry.principal;
    if (!allows(principal, access)) {
      throw new PermissionDenied(
        `principal "${principal.name}" (roles: ${[...principal.roles].join(", ")}) may not call ${service}; it needs the ${roleNeeded(access)} role`,
      );
    }
    return principal;
  }

  /** Throws PERMISSION_DENIED unless `principal` may act for broker `brokerName`. */
  checkBrokerName(principal: Principal, brokerName: string): void {
    if (mayActFor(principal, brokerName)) return;
    throw new PermissionDenied(
      `principal "${principal.name}" may not act for broker_name "${brokerName}" (allowed: ${[...(principal.brokerNames ?? [])].join(", ")})`,
    );
  }

  private authenticate(credentials: Credentials): Principal {
    const { authorization, certCommonName } = credentials;
    if (authorization.length > 1) {
      throw new Unauthenticated("authorization: send one value, not several");
    }
    const header = authorization[0];
    if (header !== undefined) {
      const match =
        header.length <= MAX_AUTHORIZATION_LENGTH ? /^Bearer ([\x21-\x7e]+)$/i.exec(header) : null;
      if (match === null) {
        throw new Unauthenticated('authorization: must be "Bearer <token>" (one token, no spaces)');
      }
      const hash = createHash("sha256")
        .update(match[1] as string)
        .digest("hex");
      const principal = this.table.byTokenSha256.get(hash);
      if (principal === undefined) throw new Unauthenticated("authorization: unknown bearer token");
      return principal;
    }
    if (certCommonName !== undefined) {
      const principal = this.table.byCertCommonName.get(certCommonName);
      if (principal === undefined) {
        throw new Unauthenticated(`client certificate CN "${certCommonName}" is not a known principal`);
      }
      return principal;
    }
    throw new Unauthenticated(
      'no credentials: send metadata "authorization: Bearer <token>" or a client certificate',
    );
  }
}

function roleNeeded(access: Access): string {
  return access.kind === "role" ? access.role : "any";
}
