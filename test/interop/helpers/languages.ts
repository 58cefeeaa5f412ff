import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const path = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

/**
 * Debian's interpreter, which has Debian's python3-grpcio and python3-protobuf. The `python3` first
 * on PATH may be another install without them.
 */
export const PYTHON = "/usr/bin/python3";
const PYTHON_PROGRAM = path("test/interop/python/namesrv_interop.py");
const GO_BUILD = path("test/interop/go/build.sh");
const GO_BINARY = path(".gopath/bin/namesrv-interop");
const JAVA_BUILD = path("scripts/check-java.sh");
const JAVA_RUN = path("test/interop/java/run.sh");

/**
 * A language whose generated stubs drive a real client: the same program (subcommands broker,
 * route, watch, invalid; the same flags; JSON lines out) in each language.
 */
export interface Language {
  name: string;
  /**
   * Checks the toolchain and builds the program (once per test file). Fails with the install
   * command when packages are missing.
   */
  prepare(): Promise<void>;
  /** The command line of one subcommand. */
  argv(command: string, args: string[]): string[];
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs }, (err, stdout, stderr) =>
      err
        ? reject(new Error(`${cmd} ${args.join(" ")} failed: ${err.message}\n${stdout}${stderr}`))
        : resolve(),
    );
  });
}

const MISSING = "missing Debian packages: run scripts/install-deps.sh";

/** Runs `fn` once; later calls share its promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}

export const LANGUAGES: Language[] = [
  {
    name: "python",
    prepare: once(async () => {
      if (!existsSync(PYTHON)) throw new Error(`${PYTHON} not found; ${MISSING}`);
      await run(PYTHON, ["-c", "import grpc, google.protobuf"], 30_000).catch((err: Error) => {
        throw new Error(`${MISSING} python\n${err.message}`);
      });
    }),
    argv: (command, args) => [PYTHON, PYTHON_PROGRAM, command, ...args],
  },
  {
    name: "go",
    // GOPATH mode, offline, against gen/go and Debian's grpc-go; incremental with Go's build cache.
    prepare: once(() =>
      run(GO_BUILD, [GO_BINARY], 240_000).catch((err: Error) => {
        throw new Error(`Go build failed (${MISSING} go?)\n${err.message}`);
      }),
    ),
    argv: (command, args) => [GO_BINARY, command, ...args],
  },
  {
    name: "java",
    // Compiles gen/java and the program against Debian's grpc-java jars: this is also the check
    // that the generated Java stubs compile. It runs on grpc-java's Netty transport.
    prepare: once(() =>
      run(JAVA_BUILD, [], 240_000).catch((err: Error) => {
        throw new Error(`Java build failed (${MISSING} java?)\n${err.message}`);
      }),
    ),
    argv: (command, args) => [JAVA_RUN, command, ...args],
  },
];
