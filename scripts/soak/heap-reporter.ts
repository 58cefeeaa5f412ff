/**
 * Preloaded into the soaked NameServer (`node --import .../heap-reporter.js dist/src/main.js`):
 * prints one JSON line {"soakHeap": bytes} to stdout every `NAMESRV_SOAK_HEAP_MS` (default
 * 2000), after a full GC when the process runs with --expose-gc, so the soak reads the live heap
 * without an endpoint in the server. Soak-only; never part of the server.
 */
const every = Number(process.env.NAMESRV_SOAK_HEAP_MS ?? "2000");
const gc = (globalThis as { gc?: () => void }).gc;
setInterval(() => {
  gc?.();
  process.stdout.write(`${JSON.stringify({ soakHeap: process.memoryUsage().heapUsed })}\n`);
}, every).unref();
