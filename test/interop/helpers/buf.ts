import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/**
 * The native `buf` binary of the npm package. node_modules/.bin/buf is a Node wrapper that runs it
 * as a child process and does not pass on signals, so killing the wrapper of a long-running
 * `buf curl` stream would leave the binary running; tests spawn the binary itself.
 */
export function bufBinary(): string {
  const cpu = arch() === "arm64" && platform() === "linux" ? "aarch64" : arch();
  try {
    return require.resolve(`@bufbuild/buf-${platform()}-${cpu}/bin/buf`);
  } catch {
    return fileURLToPath(new URL("../../../node_modules/.bin/buf", import.meta.url));
  }
}

/** The descriptor set that reflection serves and grpcurl users can pass as a protoset. */
export const PROTOSET = fileURLToPath(new URL("../../../gen/descriptor/namesrv.binpb", import.meta.url));
