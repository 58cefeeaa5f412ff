import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { createSecureContext, type SecureContextOptions } from "node:tls";
import type { FileContents } from "../reload/watched-files.js";

/** Where the server's TLS material lives (config keys tlsCertFile, tlsKeyFile, tlsClientCaFile). */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** "" when client certificates are not asked for. */
  readonly clientCaFile: string;
}

/** A consistent, validated set of TLS material and what to log about it. */
export interface TlsMaterial {
  /** cert, key and (with a client CA) ca, ready for tls.createSecureContext. */
  readonly options: SecureContextOptions;
  readonly certificate: CertificateSummary;
}

export interface CertificateSummary {
  readonly subject: string;
  readonly serialNumber: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly fingerprint256: string;
  /** True when the certificate's validity period has ended (it is still applied; the log says so). */
  readonly expired: boolean;
}

/** A file is unreadable or its content unusable; the message names the config key, the path and the rule. */
export class TlsMaterialError extends Error {
  override readonly name = "TlsMaterialError";
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The paths of `files` that are set, in a fixed order (certificate, key, client CA). */
export function tlsPaths(files: TlsFiles): string[] {
  return [files.certFile, files.keyFile, files.clientCaFile].filter((p) => p !== "");
}

/**
 * Checks freshly read TLS files and returns them as one set. Throws TlsMaterialError when a file is
 * unreadable, is not PEM of the right kind, or the key does not belong to the certificate (the
 * usual state halfway through a rotation that writes the two files one after the other).
 * `nowMs` (wall-clock time) only decides `expired`.
 */
export function tlsMaterialFrom(contents: FileContents, files: TlsFiles, nowMs: number): TlsMaterial {
  const certPem = bytesOf(contents, "tlsCertFile", files.certFile);
  const keyPem = bytesOf(contents, "tlsKeyFile", files.keyFile);
  const chain = certificatesIn(certPem, "tlsCertFile", files.certFile);
  const leaf = chain[0] as X509Certificate;
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (err) {
    throw new TlsMaterialError(`tlsKeyFile ${files.keyFile}: not a PEM private key (${reason(err)})`);
  }
  if (!leaf.checkPrivateKey(key)) {
    throw new TlsMaterialError(
      `tlsKeyFile ${files.keyFile}: does not match the certificate in tlsCertFile ${files.certFile} (both files must be replaced)`,
    );
  }
  const options: SecureContextOptions = { cert: certPem, key: keyPem };
  if (files.clientCaFile !== "") {
    const caPem = bytesOf(contents, "tlsClientCaFile", files.clientCaFile);
    certificatesIn(caPem, "tlsClientCaFile", files.clientCaFile);
    options.ca = caPem;
  }
  try {
    createSecureContext(options);
  } catch (err) {
    throw new TlsMaterialError(
      `TLS files ${tlsPaths(files).join(", ")}: rejected by OpenSSL (${reason(err)})`,
    );
  }
  return {
    options,
    certificate: {
      subject: leaf.subject.replace(/\n/g, ", "),
      serialNumber: leaf.serialNumber,
      validFrom: leaf.validFrom,
      validTo: leaf.validTo,
      fingerprint256: leaf.fingerprint256,
      expired: Date.parse(leaf.validTo) < nowMs,
    },
  };
}

function bytesOf(contents: FileContents, key: string, path: string): Buffer {
  const got = contents.get(path);
  if (got === undefined) throw new TlsMaterialError(`${key} ${path}: not read`);
  if (got instanceof Error) throw new TlsMaterialError(`${key} ${path}: cannot read (${got.message})`);
  return got;
}

/** Every certificate in a PEM file; at least one, each parseable. */
function certificatesIn(pem: Buffer, key: string, path: string): X509Certificate[] {
  const blocks = pem.toString("latin1").match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new TlsMaterialError(`${key} ${path}: no PEM certificate in it`);
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (err) {
      throw new TlsMaterialError(`${key} ${path}: certificate ${i + 1} is not valid PEM (${reason(err)})`);
    }
  });
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
