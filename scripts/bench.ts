/**
 * `npm run bench`: speed and DynamoDB round trips of the GraphQL handler on a realistic data set.
 *
 *   npm run bench                  full run (about a minute on 2 cores)
 *   npm run bench -- --quick       fewer repetitions (a smoke run of the benchmark itself)
 *   npm run bench -- --json FILE   also write the results as JSON
 *
 * It starts its own DynamoDB Local (in memory) and S3 emulator on free ports, seeds data through the
 * real handler, then measures each operation (warm-up, then N calls: min/median/p95 wall time) and
 * counts its DynamoDB round trips. Round trips are the hard gate: exit 1 when an operation exceeds
 * its budget. Times are printed against soft targets (OK/SLOW) and never fail the run: the machine
 * is shared. Exit 2 on any other failure. See docs/BENCHMARKS.md.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { parseArgs } from 'node:util';
import { startBenchEnvironment, stopBenchEnvironment } from './bench/environment';
import type { OperationResult } from './bench/report';

const USAGE = `Usage: npm run bench [-- --quick] [-- --budget-full] [-- --json FILE]

  --quick         fewer repetitions (2 warm-up + 8 measured calls; heavy operations 1 + 3)
  --budget-full   the budget import section on the 120,000-payment file (12,000 by default)
  --json FILE     write the results as JSON to FILE as well`;

const say = (line = '') => process.stdout.write(`${line}\n`);

// The SDK's notice that its 2027 releases need Node 22 is not a benchmark result (Lambda runs 22).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface Options {
  quick: boolean;
  budgetFull: boolean;
  json: string | null;
}

function readOptions(): Options {
  try {
    const { values } = parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        'budget-full': { type: 'boolean', default: false },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      say(USAGE);
      process.exit(0);
    }
    return { quick: values.quick === true, budgetFull: values['budget-full'] === true, json: values.json ?? null };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
}

/** Warm-up and measured calls per operation. */
function repetitions(quick: boolean, heavy: boolean): { warmup: number; iterations: number } {
  if (quick) return heavy ? { warmup: 1, iterations: 3 } : { warmup: 2, iterations: 8 };
  return heavy ? { warmup: 3, iterations: 20 } : { warmup: 5, iterations: 50 };
}

async function main(options: Options): Promise<number> {
  const runStarted = performance.now();
  const cpu = cpus();
  say(`renda benchmark — ${new Date().toISOString()}${options.quick ? ' (quick)' : ''}`);
  say(
    `node ${process.version}, ${osType()} ${release()}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );

  say('Starting DynamoDB Local (in memory) and the S3 emulator...');
  const env = await startBenchEnvironment();
  say(`  DynamoDB Local ${env.dynamoEndpoint}, S3 ${env.s3Endpoint}, tables created`);
  try {
    // Only now that the environment is set: these load the handler, which reads it once.
    const client = await import('./bench/client');
    client.installRoundTripCounter();
    const { seed } = await import('./bench/seed');
    const { operations } = await import('./bench/operations');
    const { repeat, summariseRoundTrips, timing } = await import('./bench/measure');
    const { formatResults } = await import('./bench/report');

    say('Seeding through the handler...');
    const data = await seed(env.jwtSecret, say);
    say(`  seeded in ${(data.seedMs / 1000).toFixed(1)} s`);

    say('Measuring (warm-up, then measured calls, one at a time)...');
    const results: OperationResult[] = [];
    for (const op of operations(data)) {
      const { warmup, iterations } = repetitions(options.quick, op.heavy === true || op.kind === 'write');
      const samples = await repeat(warmup, iterations, op.run);
      const t = timing(samples.map((s) => s.ms));
      const roundTrips = summariseRoundTrips(samples);
      const result: OperationResult = {
        name: op.name,
        kind: op.kind,
        timing: t,
        targetMs: op.targetMs,
        fast: t.median <= op.targetMs,
        roundTrips,
        budget: op.budget,
        withinBudget: op.budget === null || roundTrips === null ? null : roundTrips.max <= op.budget,
      };
      results.push(result);
      const trips = roundTrips ? `, ${roundTrips.max} round trips` : '';
      say(`  ${op.name}: median ${t.median.toFixed(1)} ms over ${t.n}${trips}`);
    }

    say();
    say(formatResults(results));
    say();
    // The budget import and rule evaluation: a report of its own (scripts/bench/budget-import.ts).
    const { budgetImportSection } = await import('./bench/budget-import');
    const budgetImport = await budgetImportSection({ quick: options.quick, full: options.budgetFull, say });
    say();
    const over = results.filter((r) => r.withinBudget === false);
    const slow = results.filter((r) => !r.fast);
    const totalSeconds = (performance.now() - runStarted) / 1000;
    if (slow.length) say(`Soft targets missed (reported only): ${slow.map((r) => r.name).join('; ')}`);
    if (options.json) {
      writeFileSync(
        options.json,
        `${JSON.stringify(
          {
            date: new Date().toISOString(),
            quick: options.quick,
            node: process.version,
            cpu: cpu[0]?.model.trim(),
            cores: cpu.length,
            dataSet: {
              contactPoints: data.contactPointIds.length,
              articles: data.articleCounts,
              characters: [data.version1Text.length, data.version2Text.length],
              feedback: data.feedbackCount,
            },
            results,
            budgetImport,
          },
          null,
          2,
        )}\n`,
      );
      say(`Results written to ${options.json}`);
    }
    if (over.length) {
      say(`ROUND-TRIP BUDGET EXCEEDED: ${over.map((r) => `${r.name} (${r.roundTrips?.max} > ${r.budget})`).join('; ')}`);
      say(`Finished in ${totalSeconds.toFixed(0)} s: FAIL`);
      return 1;
    }
    say(`Finished in ${totalSeconds.toFixed(0)} s: every operation within its round-trip budget`);
    return 0;
  } finally {
    say('Stopping DynamoDB Local and the S3 emulator...');
    await env.stop();
  }
}

main(readOptions()).then(
  (code) => process.exit(code),
  async (error: unknown) => {
    process.stderr.write(`\nBenchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await stopBenchEnvironment().catch(() => undefined);
    process.exit(2);
  },
);
