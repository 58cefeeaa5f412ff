import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const path = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

/**
 * The interpreter of .tools/interop-venv, which has the pinned grpcio and protobuf
 * (scripts/install-interop-python.sh, INTEROP_PYTHON_PINS in scripts/tool-versions.sh).
 */
export const PYTHON = path(".tools/interop-venv/bin/python");
const PYTHON_INSTALL = path("scripts/install-interop-python.sh");
const PYTHON_PROGRAM = path("test/interop/python/namesrv_interop.py");
const GO_BINARY = path(".tools/bin/namesrv-interop");
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

const MISSING = "missing packages: run scripts/install-deps.sh";

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
      await run(PYTHON_INSTALL, [], 240_000);
      await run(PYTHON, ["-c", "import grpc, google.protobuf"], 30_000);
    }),
    argv: (command, args) => [PYTHON, PYTHON_PROGRAM, command, ...args],
  },
  {
    name: "go",
    // A package of the root Go module, built with the go.mod's (oldest supported) grpc-go and
    // protobuf-go from the module proxy; incremental with Go's build cache.
    prepare: once(() =>
      run("go", ["build", "-C", path(""), "-o", GO_BINARY, "./test/interop/go"], 240_000).catch(
        (err: Error) => {
          throw new Error(`Go build failed (Go >= 1.22 on PATH?)\n${err.message}`);
        },
      ),
    ),
    argv: (command, args) => [GO_BINARY, command, ...args],
  },
  {
    name: "java",
    // Compiles gen/java and the program against grpc-java and protobuf-java from Maven Central:
    // this is also the check that the generated Java stubs compile. It runs on grpc-java's shaded
    // Netty transport.
    prepare: once(() =>
      run(JAVA_BUILD, [], 240_000).catch((err: Error) => {
        throw new Error(`Java build failed (${MISSING} java?)\n${err.message}`);
      }),
    ),
    argv: (command, args) => [JAVA_RUN, command, ...args],
  },
];
