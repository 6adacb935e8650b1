/**
 * `npm run bench:budget -- [--units 200 --payments 100000]`: the budget import at one size (the
 * 120,000-payment file by default). What it measures: scripts/bench/budget-import.ts. Run it once
 * per size: the RSS high-water mark is the whole process's. Results go to stdout (docs/BENCHMARKS.md
 * keeps them). `npm run bench` runs the same at a small size.
 */
import { parseArgs } from 'node:util';
import { startBenchEnvironment, stopBenchEnvironment } from './bench/environment';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const say = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { units: { type: 'string', default: '200' }, payments: { type: 'string', default: '100000' } } });
  await startBenchEnvironment();
  try {
    // Loaded after the environment is set: the handler's modules read it on first use.
    const { benchBudgetImport, formatBudgetImport } = await import('./bench/budget-import');
    const result = await benchBudgetImport({ units: Number(values.units), payments: Number(values.payments), say });
    for (const line of formatBudgetImport(result)) say(line);
  } finally {
    await stopBenchEnvironment();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:budget failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
