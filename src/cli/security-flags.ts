import { status } from "@grpc/grpc-js";
import type { NameServerError } from "../client/errors.js";
import {
  type ChannelSecurity,
  type ClientSecurity,
  ClientSecurityError,
  checkToken,
  resolveClientSecurity,
} from "../client/security.js";
import { type OptionSpec, UsageError } from "./command.js";

/**
 * The TLS and token flags of namesrvctl and of the stand-in broker: the SDK's ClientSecurity on
 * the command line. A token is never a flag value (it would show in `ps`): it comes from a file
 * (--token-file) or the environment (NAMESRV_TOKEN).
 */
export const SECURITY_OPTIONS: Record<string, OptionSpec> = {
  tls: { type: "boolean", help: "connect with TLS, trusting the system's root CAs (see --tls-ca)" },
  "tls-ca": {
    type: "string",
    value: "FILE",
    help: "CA certificate(s), PEM, that the NameServer's certificate chains to (implies --tls)",
  },
  "tls-cert": {
    type: "string",
    value: "FILE",
    help: "client certificate, PEM, for mTLS; with --tls-key (implies --tls)",
  },
  "tls-key": { type: "string", value: "FILE", help: "private key of --tls-cert, PEM (implies --tls)" },
  "tls-server-name": {
    type: "string",
    value: "NAME",
    help: "check the certificate for NAME, not the address's host (implies --tls)",
  },
  "token-file": {
    type: "string",
    value: "FILE",
    help: "send the bearer token in FILE with every call (default: env NAMESRV_TOKEN)",
  },
};

/** The environment lines of the help texts. */
export const SECURITY_ENV_HELP = [
  "  NAMESRV_TOKEN  bearer token sent with every call when --token-file is not given",
];

/** The flag (or variable) that sets each ClientSecurity field, for error messages. */
const FLAG_OF: Record<string, string> = {
  tls: "--tls",
  "tls.caFile": "--tls-ca",
  "tls.certFile": "--tls-cert",
  "tls.keyFile": "--tls-key",
  "tls.serverNameOverride": "--tls-server-name",
  tokenFile: "--token-file",
  token: "NAMESRV_TOKEN",
};

/**
 * The ClientSecurity the flags and environment ask for; reads no file. Any --tls-* flag implies
 * TLS; --token-file wins over NAMESRV_TOKEN (an empty NAMESRV_TOKEN counts as unset). Throws
 * UsageError naming the flag for a certificate without its key (or the reverse) and for a
 * malformed NAMESRV_TOKEN.
 */
export function securityFromFlags(
  values: Readonly<Record<string, string | boolean | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
): ClientSecurity {
  const str = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  for (const name of ["tls-ca", "tls-cert", "tls-key", "tls-server-name", "token-file"]) {
    if (str(name) === "") throw new UsageError(`--${name}: empty value`);
  }
  const caFile = str("tls-ca");
  const certFile = str("tls-cert");
  const keyFile = str("tls-key");
  const serverNameOverride = str("tls-server-name");
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new UsageError(
      certFile === undefined ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key",
    );
  }
  const anyTls = [caFile, certFile, keyFile, serverNameOverride].some((v) => v !== undefined);
  const tls =
    anyTls || values.tls === true
      ? {
          ...(caFile !== undefined ? { caFile } : {}),
          ...(certFile !== undefined ? { certFile } : {}),
          ...(keyFile !== undefined ? { keyFile } : {}),
          ...(serverNameOverride !== undefined ? { serverNameOverride } : {}),
        }
      : undefined;
  const tokenFile = str("token-file");
  const envToken = env.NAMESRV_TOKEN;
  let token: string | undefined;
  if (tokenFile === undefined && envToken !== undefined && envToken !== "") {
    try {
      token = checkToken(envToken.trim(), "token");
    } catch (err) {
      throw toUsageError(err);
    }
  }
  return {
    ...(tls !== undefined ? { tls } : {}),
    ...(tokenFile !== undefined ? { tokenFile } : {}),
    ...(token !== undefined ? { token } : {}),
  };
}

/**
 * Reads the files `security` names (see resolveClientSecurity); a bad one becomes a UsageError
 * naming its flag: "--tls-ca: cannot read /x/ca.crt: no such file or directory".
 */
export function resolveSecurityFlags(security: ClientSecurity): ChannelSecurity {
  try {
    return resolveClientSecurity(security);
  } catch (err) {
    throw toUsageError(err);
  }
}

/**
 * What to add to the report of a failed call when the command line may be the cause: for
 * UNAUTHENTICATED without a token, where the token goes. "" otherwise.
 */
export function securityHint(err: NameServerError, security: ChannelSecurity): string {
  if (err.code === status.UNAUTHENTICATED && !security.hasToken) {
    return " (no token was sent: pass --token-file FILE or set NAMESRV_TOKEN)";
  }
  return "";
}

function toUsageError(err: unknown): unknown {
  if (!(err instanceof ClientSecurityError)) return err;
  return new UsageError(`${FLAG_OF[err.field] ?? err.field}: ${err.reason}`);
}
