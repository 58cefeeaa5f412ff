import { fileURLToPath } from "node:url";

/**
 * Where the built dashboard is: dist/web, made by `npm run build` (vite). Found relative to this
 * module both in the build (dist/src/http/) and in the source tree run by vitest (src/http/).
 */
export function webRoot(): string {
  const inDist = import.meta.url.includes("/dist/src/");
  return fileURLToPath(new URL(inDist ? "../../web" : "../../dist/web", import.meta.url));
}
