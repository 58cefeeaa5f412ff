import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  type ChannelCredentials,
  type ChannelOptions,
  type ClientOptions,
  credentials,
  InterceptingCall,
  type Interceptor,
} from "@grpc/grpc-js";
import { isLoopbackHost, parseHostPort } from "../net/host-port.js";
import type { SdkLogger } from "./logger.js";

/** TLS settings of the SDK's channels. Every file is PEM and is read once, when the client is built. */
export interface ClientTlsOptions {
  /**
   * CA certificate(s) the server's certificate must chain to. Default: the system's roots
   * (Node's bundled list, or the file named by GRPC_DEFAULT_SSL_ROOTS_FILE_PATH).
   */
  readonly caFile?: string;
  /** Client certificate chain, for servers that ask for one (mTLS). Needs `keyFile`. */
  readonly certFile?: string;
  /** Private key of `certFile`. Needs `certFile`. */
  readonly keyFile?: string;
  /**
   * The name the server's certificate is checked against (and sent as SNI and as the
   * `:authority`) instead of the host part of the address: for a server reached by an IP or an
   * alias its certificate does not name. Default: the address's host.
   */
  readonly serverNameOverride?: string;
}

/**
 * How the SDK's clients reach NameServers. The default (`{}` or none) is plaintext without a
 * token, which is what a NameServer listening on loopback with TLS and auth off expects.
 *
 * - `tls`: `true` = TLS trusting the system's root CAs; an object = TLS with those settings;
 *   `false`/absent = plaintext.
 * - `token` or `tokenFile` (not both): a bearer token sent with every call as the metadata
 *   `authorization: Bearer <token>`. `tokenFile` is read when the client is built; surrounding
 *   whitespace (a trailing newline) is dropped. A token is printable ASCII without whitespace.
 *   It is sent over plaintext too when TLS is off (fine on loopback; elsewhere use TLS).
 */
export interface ClientSecurity {
  readonly tls?: boolean | ClientTlsOptions;
  readonly token?: string;
  readonly tokenFile?: string;
}

/**
 * A ClientSecurity that cannot work: a file that cannot be read or parsed, a certificate without
 * its key, a malformed token. `field` names the option ("tls.caFile", "token", ...) so that the
 * CLI can name its flag instead; the message never contains a token.
 */
export class ClientSecurityError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`security.${field}: ${reason}`);
    this.name = "ClientSecurityError";
  }
}

/**
 * A ClientSecurity with its files read and checked: the credentials, channel options and
 * interceptors the SDK's generated clients are built with. Build one with
 * `resolveClientSecurity`; it can be passed as `security` to several clients to read the files
 * once, and also suits generated clients built by hand (`clientOptions`).
 */
export class ChannelSecurity {
  private constructor(
    /** Channel credentials: insecure, or TLS with the CA and client certificate given. */
    readonly credentials: ChannelCredentials,
    /** True when channels use TLS. */
    readonly tls: boolean,
    private readonly serverName: string | undefined,
    private readonly token: string | undefined,
  ) {}

  /** Plaintext, no token: the SDK's default. */
  static readonly plaintext = new ChannelSecurity(credentials.createInsecure(), false, undefined, undefined);

  /** See `resolveClientSecurity`. */
  static resolve(security?: ClientSecurity | ChannelSecurity): ChannelSecurity {
    if (security === undefined) return ChannelSecurity.plaintext;
    if (security instanceof ChannelSecurity) return security;
    const token = resolveToken(security);
    const tls = resolveTls(security.tls);
    if (tls === null) {
      return token === undefined
        ? ChannelSecurity.plaintext
        : new ChannelSecurity(credentials.createInsecure(), false, undefined, token);
    }
    return new ChannelSecurity(tls.creds, true, tls.serverName, token);
  }

  /** True when calls carry a bearer token. */
  get hasToken(): boolean {
    return this.token !== undefined;
  }

  /**
   * The addresses of `addrs` the token would go to in plaintext: none with TLS or without a
   * token; else those not on loopback (where anyone on the path could read it). For warnings.
   */
  plaintextTokenPeers(addrs: readonly string[]): string[] {
    if (this.tls || this.token === undefined) return [];
    return addrs.filter((a) => {
      const hp = parseHostPort(a);
      return hp === undefined || !isLoopbackHost(hp.host);
    });
  }

  /**
   * Options for a generated client's constructor: `base` plus the server-name override
   * (`grpc.ssl_target_name_override` and `grpc.default_authority`) and the interceptor that adds
   * the token.
   */
  clientOptions(base: ChannelOptions = {}): Partial<ClientOptions> {
    const out: Partial<ClientOptions> = { ...base };
    if (this.serverName !== undefined) {
      out["grpc.ssl_target_name_override"] = this.serverName;
      out["grpc.default_authority"] = this.serverName;
    }
    if (this.token !== undefined) out.interceptors = [bearerTokenInterceptor(this.token)];
    return out;
  }
}

/**
 * Reads and checks `security` (see ClientSecurity) and returns what the clients are built with.
 * Throws ClientSecurityError naming the option and, for files, the path. A ChannelSecurity is
 * returned as it is; undefined gives plaintext without a token.
 */
export function resolveClientSecurity(security?: ClientSecurity | ChannelSecurity): ChannelSecurity {
  return ChannelSecurity.resolve(security);
}

/** TLS credentials for `tls`, or null for plaintext. */
function resolveTls(
  tls: ClientSecurity["tls"],
): { creds: ChannelCredentials; serverName: string | undefined } | null {
  if (tls === undefined || tls === false) return null;
  if (tls !== true && (typeof tls !== "object" || tls === null)) {
    throw new ClientSecurityError("tls", "want true, false or an object of TLS settings");
  }
  const { certFile, keyFile, caFile, serverNameOverride }: ClientTlsOptions = tls === true ? {} : tls;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ClientSecurityError(
      certFile === undefined ? "tls.keyFile" : "tls.certFile",
      "a client certificate needs both certFile and keyFile",
    );
  }
  if (serverNameOverride !== undefined && !/^[A-Za-z0-9.:_-]+$/.test(serverNameOverride)) {
    throw new ClientSecurityError(
      "tls.serverNameOverride",
      `want a host name or IP address, got ${JSON.stringify(serverNameOverride)}`,
    );
  }
  const ca = caFile === undefined ? null : readCertificates("tls.caFile", caFile);
  let cert: Buffer | null = null;
  let key: Buffer | null = null;
  if (certFile !== undefined && keyFile !== undefined) {
    cert = readCertificates("tls.certFile", certFile);
    key = readFile("tls.keyFile", keyFile);
    try {
      createPrivateKey(key);
    } catch (err) {
      throw new ClientSecurityError("tls.keyFile", `${keyFile}: not a PEM private key (${errText(err)})`);
    }
  }
  try {
    return { creds: credentials.createSsl(ca, key, cert), serverName: serverNameOverride };
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_OSSL_X509_KEY_VALUES_MISMATCH") {
      throw new ClientSecurityError("tls.keyFile", `${keyFile} is not the key of ${certFile}`);
    }
    throw new ClientSecurityError("tls", errText(err));
  }
}

/** Logs at warn when `security` sends its token in plaintext off loopback (see plaintextTokenPeers). */
export function warnPlaintextToken(
  log: SdkLogger,
  security: ChannelSecurity,
  addrs: readonly string[],
): void {
  const peers = security.plaintextTokenPeers(addrs);
  if (peers.length > 0) {
    log.warn({ peer: peers.join(",") }, "bearer token sent without TLS to a NameServer off loopback");
  }
}

/**
 * The client interceptor that adds `authorization: Bearer <token>` to every call's metadata.
 * An interceptor and not call credentials: grpc-js refuses call credentials on insecure
 * channels, and a token over plaintext loopback is legitimate.
 */
export function bearerTokenInterceptor(token: string): Interceptor {
  const value = `Bearer ${token}`;
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set("authorization", value);
        next(metadata, listener);
      },
    });
}

/**
 * Checks a bearer token: non-empty printable ASCII without whitespace (gRPC metadata values are
 * printable ASCII; whitespace would split the header). Returns it; throws ClientSecurityError
 * (never quoting the token) for `field`.
 */
export function checkToken(token: string, field = "token"): string {
  if (token === "") throw new ClientSecurityError(field, "the token is empty");
  const bad = /[^\x21-\x7e]/.exec(token);
  if (bad !== null) {
    const what = /\s/.test(bad[0]) ? "whitespace or a line break" : "a character that is not printable ASCII";
    throw new ClientSecurityError(field, `the token contains ${what} (at offset ${bad.index})`);
  }
  return token;
}

function resolveToken(security: ClientSecurity): string | undefined {
  const { token, tokenFile } = security;
  if (token !== undefined && tokenFile !== undefined) {
    throw new ClientSecurityError("tokenFile", "give token or tokenFile, not both");
  }
  if (token !== undefined) return checkToken(token, "token");
  if (tokenFile === undefined) return undefined;
  const text = readFile("tokenFile", tokenFile).toString("utf8").trim();
  if (text === "") throw new ClientSecurityError("tokenFile", `${tokenFile} is empty`);
  try {
    return checkToken(text, "tokenFile");
  } catch (err) {
    throw new ClientSecurityError("tokenFile", `${tokenFile}: ${(err as ClientSecurityError).reason}`);
  }
}

function readFile(field: string, path: string): Buffer {
  if (typeof path !== "string" || path === "") throw new ClientSecurityError(field, "empty file name");
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ClientSecurityError(field, `cannot read ${path}: ${errText(err)}`);
  }
}

/** Reads a PEM file of one or more certificates, each parsed, so that a wrong file fails here. */
function readCertificates(field: string, path: string): Buffer {
  const data = readFile(field, path);
  const blocks = data.toString("utf8").match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (blocks === null) throw new ClientSecurityError(field, `${path}: no PEM certificate in it`);
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (err) {
      throw new ClientSecurityError(field, `${path}: certificate ${i + 1} is malformed (${errText(err)})`);
    }
  }
  return data;
}

/** An error's message; for a system error just its description ("no such file or directory"). */
function errText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const sys = /^[A-Z]+: ([^,]+),/.exec(err.message);
  return sys?.[1] ?? err.message;
}
