import { type AccessKeyEntry, type Principal, type PrincipalTable, ROLES, type Role } from "./principals.js";

/**
 * The auth file (config key authFile), JSON:
 *
 *   { "principals": [
 *       { "name": "broker-a", "roles": ["broker"], "tokenSha256": "<hex>", "brokerNames": ["broker-a"] },
 *       { "name": "apps",     "roles": ["client"], "tokenSha256": "<hex>" },
 *       { "name": "ops",      "roles": ["admin"],  "certCommonName": "ops-admin" },
 *       { "name": "rmq-apps", "roles": ["client"], "accessKey": "apps", "secretKey": "<secret>" } ] }
 *
 * `accessKey` and `secretKey` (together) let RocketMQ remoting clients prove the principal with
 * the signature of RocketMQ's AclClientRPCHook. The HMAC needs the secret itself, so unlike tokens
 * it is stored as it is: keep the file readable by the NameServer only.
 * Tokens are never stored, only their SHA-256 (`printf %s "$TOKEN" | sha256sum`). A principal
 * proves itself with a bearer token, a verified client certificate with that common name, or
 * either. Unknown keys are errors, so that a typo never silently widens or narrows access.
 */

/** Most principals in one file. */
export const MAX_PRINCIPALS = 10_000;

const PRINCIPAL_KEYS = new Set([
  "name",
  "roles",
  "tokenSha256",
  "certCommonName",
  "brokerNames",
  "accessKey",
  "secretKey",
]);

/** RocketMQ's own lower bound for ACL secret keys (and access keys). */
export const MIN_ACL_KEY_LENGTH = 6;

/** The file breaks a rule; the message names the field ("principals[2].roles") and the rule. */
export class AuthFileError extends Error {
  override readonly name = "AuthFileError";
}

/** Parses and checks the auth file's text. Throws AuthFileError naming the field and the rule. */
export function parseAuthFile(text: string): PrincipalTable {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new AuthFileError(`not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isObject(doc)) throw new AuthFileError("must be a JSON object with a principals array");
  for (const key of Object.keys(doc)) {
    if (key !== "principals") throw new AuthFileError(`${key}: unknown key (known: principals)`);
  }
  const list = doc.principals;
  if (!Array.isArray(list)) throw new AuthFileError("principals: must be an array");
  if (list.length > MAX_PRINCIPALS) throw new AuthFileError(`principals: at most ${MAX_PRINCIPALS} entries`);

  const byTokenSha256 = new Map<string, Principal>();
  const byCertCommonName = new Map<string, Principal>();
  const byAccessKey = new Map<string, AccessKeyEntry>();
  const names = new Set<string>();
  list.forEach((entry: unknown, i) => {
    const at = `principals[${i}]`;
    if (!isObject(entry)) throw new AuthFileError(`${at}: must be an object`);
    for (const key of Object.keys(entry)) {
      if (!PRINCIPAL_KEYS.has(key)) {
        throw new AuthFileError(`${at}.${key}: unknown key (known: ${[...PRINCIPAL_KEYS].join(", ")})`);
      }
    }
    const name = nonEmptyString(entry.name, `${at}.name`);
    if (names.has(name)) throw new AuthFileError(`${at}.name: "${name}" is used by an earlier principal`);
    names.add(name);
    const roles = stringList(entry.roles, `${at}.roles`);
    for (const role of roles) {
      if (!(ROLES as readonly string[]).includes(role)) {
        throw new AuthFileError(`${at}.roles: "${role}" is not a role (roles: ${ROLES.join(", ")})`);
      }
    }
    let brokerNames: Set<string> | null = null;
    if (entry.brokerNames !== undefined) {
      if (!roles.includes("broker"))
        throw new AuthFileError(`${at}.brokerNames: only for principals with the broker role`);
      brokerNames = new Set(stringList(entry.brokerNames, `${at}.brokerNames`));
    }
    const principal: Principal = { name, roles: new Set(roles as Role[]), brokerNames };
    if (
      entry.tokenSha256 === undefined &&
      entry.certCommonName === undefined &&
      entry.accessKey === undefined
    ) {
      throw new AuthFileError(`${at}: needs tokenSha256 or certCommonName, or accessKey and secretKey`);
    }
    if ((entry.accessKey === undefined) !== (entry.secretKey === undefined)) {
      throw new AuthFileError(`${at}: accessKey and secretKey go together`);
    }
    if (entry.accessKey !== undefined) {
      const accessKey = aclKey(entry.accessKey, `${at}.accessKey`);
      const secretKey = aclKey(entry.secretKey, `${at}.secretKey`);
      if (byAccessKey.has(accessKey))
        throw new AuthFileError(`${at}.accessKey: used by an earlier principal`);
      byAccessKey.set(accessKey, { principal, secretKey });
    }
    if (entry.tokenSha256 !== undefined) {
      const hash = entry.tokenSha256;
      if (typeof hash !== "string" || !/^[0-9a-fA-F]{64}$/.test(hash)) {
        throw new AuthFileError(`${at}.tokenSha256: must be 64 hex characters (the SHA-256 of the token)`);
      }
      const key = hash.toLowerCase();
      if (byTokenSha256.has(key)) throw new AuthFileError(`${at}.tokenSha256: used by an earlier principal`);
      byTokenSha256.set(key, principal);
    }
    if (entry.certCommonName !== undefined) {
      const cn = nonEmptyString(entry.certCommonName, `${at}.certCommonName`);
      if (byCertCommonName.has(cn))
        throw new AuthFileError(`${at}.certCommonName: "${cn}" is used by an earlier principal`);
      byCertCommonName.set(cn, principal);
    }
  });
  return { byTokenSha256, byCertCommonName, byAccessKey };
}

function aclKey(v: unknown, field: string): string {
  if (typeof v !== "string" || v.length < MIN_ACL_KEY_LENGTH || v.length > 256 || !/^[\x21-\x7e]+$/.test(v)) {
    throw new AuthFileError(
      `${field}: must be ${MIN_ACL_KEY_LENGTH}..256 printable ASCII characters, no spaces`,
    );
  }
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown, field: string): string {
  if (typeof v !== "string" || v === "") throw new AuthFileError(`${field}: must be a non-empty string`);
  return v;
}

function stringList(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new AuthFileError(`${field}: must be a non-empty array of strings`);
  }
  return v.map((item, j) => nonEmptyString(item, `${field}[${j}]`));
}
