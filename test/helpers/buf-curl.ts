import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const BUF = fileURLToPath(new URL("../../node_modules/.bin/buf", import.meta.url));

/**
 * Runs `buf curl` (a generic gRPC client that learns the schema from server reflection, like
 * grpcurl) against `address` ("ADDR" in `args`), over plaintext HTTP/2 unless `tls` (then the URLs
 * in `args` are https). Never rejects: returns the exit code and output.
 */
export function bufCurl(
  address: string,
  args: string[],
  stdin?: string,
  tls = false,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      BUF,
      [
        "curl",
        "--protocol",
        "grpc",
        ...(tls ? [] : ["--http2-prior-knowledge"]),
        ...args.map((a) => a.replace("ADDR", address)),
      ],
      { timeout: 20_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}
