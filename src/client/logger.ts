/**
 * The logging the SDK does, as a subset of pino's API: pass a pino Logger (or a child of one).
 * Keys follow the project's fixed ones (`broker`, `peer`, `err`, `revision`); state changes log at
 * info. The default logs nothing and loads no logging library.
 */
export interface SdkLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): SdkLogger;
}

/** Drops everything: the SDK's default. */
export const silentSdkLogger: SdkLogger = {
  info() {},
  warn() {},
  debug() {},
  child: () => silentSdkLogger,
};
