import { performance } from "node:perf_hooks";
import type { Clock, Timer } from "./clock.js";

/** The real clock: monotonic `performance.now()` and unref'd Node timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) } satisfies Timer;
  },
  setInterval(fn, ms) {
    const handle = setInterval(fn, ms);
    handle.unref();
    return { cancel: () => clearInterval(handle) } satisfies Timer;
  },
};
