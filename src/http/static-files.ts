import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

/**
 * The dashboard's built files (dist/web, from `npm run build`), read from disk per request (a few
 * small files; the browser caches the hashed assets). Paths are normalized and must stay inside
 * `root`; anything else is not found. Returns null when there is no such file.
 */
export async function staticFile(
  root: string,
  urlPath: string,
): Promise<{ body: Buffer; type: string } | null> {
  const rel = urlPath === "/" ? "index.html" : urlPath.slice(1);
  const path = normalize(join(root, rel));
  if (!path.startsWith(`${normalize(root)}/`) || rel.includes("\0")) return null;
  try {
    const body = await readFile(path);
    return { body, type: TYPES[extname(path)] ?? "application/octet-stream" };
  } catch {
    return null;
  }
}
