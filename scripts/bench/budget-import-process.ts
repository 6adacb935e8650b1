/**
 * The import side of the budget bench, in a process of its own (forked by budget-import.ts) so its
 * peak RSS is the import's alone — as in Lambda — not the emulator's, the generator's or the raw
 * loop's. It loads the import handler, runs one job through it as S3 would invoke it, and sends the
 * parent the time and DynamoDB calls of each phase and its memory high-water marks.
 *
 * The environment (endpoints, bucket, credentials) is inherited from the parent.
 */
import type { ImportPhase } from '../../functions/src/budget/imports/run';
import { dynamo } from '../../functions/src/data/client';
import { createImportHandler } from '../../functions/src/imports/handler';

export type CallCounts = Record<string, number>;

export interface ImportProcessRequest {
  readonly bucket: string;
  readonly key: string;
}

export interface ImportProcessReport {
  /** Seconds since the event went in, and the calls made since the previous mark. */
  readonly marks: Record<'WRITTEN' | 'LANDED' | 'EVALUATED' | 'END', { readonly seconds: number; readonly calls: CallCounts }>;
  readonly raised: number;
  readonly maxRssMb: number;
  readonly sampledPeakRssMb: number;
  readonly rssBeforeMb: number;
}

let counts: CallCounts = {};
const takeCounts = (): CallCounts => {
  const taken = counts;
  counts = {};
  return taken;
};

async function run(request: ImportProcessRequest): Promise<ImportProcessReport> {
  // Every DynamoDB HTTP request, counted after the SDK's retries (like the read bench's counter).
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const command = String((context as { commandName?: string }).commandName ?? 'unknown').replace(/Command$/, '');
      counts[command] = (counts[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'budgetBenchCallCounter', priority: 'low' },
  );
  const rssBefore = process.memoryUsage.rss();
  let sampledPeak = rssBefore;
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss())), 100);
  const marks: Partial<ImportProcessReport['marks']> = {};
  let raised = 0;
  const started = process.hrtime.bigint();
  const mark = (phase: keyof ImportProcessReport['marks']) => {
    marks[phase] = { seconds: Number(process.hrtime.bigint() - started) / 1e9, calls: takeCounts() };
  };
  const onPhase = (p: ImportPhase) => {
    mark(p.phase);
    if (p.phase === 'EVALUATED') raised = p.raised;
  };
  const event = { Records: [{ eventName: 'ObjectCreated:Post', s3: { bucket: { name: request.bucket }, object: { key: request.key } } }] };
  try {
    await createImportHandler({ onPhase, sendContinuation: async () => { throw new Error('one invocation should do'); } })(event as never);
  } finally {
    clearInterval(sampler);
  }
  mark('END');
  if (!marks.WRITTEN || !marks.LANDED || !marks.EVALUATED) throw new Error('The import did not pass every phase in one invocation');
  return {
    marks: marks as ImportProcessReport['marks'],
    raised,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    sampledPeakRssMb: Math.max(sampledPeak, process.memoryUsage.rss()) / 2 ** 20,
    rssBeforeMb: rssBefore / 2 ** 20,
  };
}

process.once('message', (request: ImportProcessRequest) => {
  run(request).then(
    (report) => process.send?.({ report }, () => process.exit(0)),
    (error: unknown) => process.send?.({ error: (error as Error).stack ?? String(error) }, () => process.exit(1)),
  );
});
process.send?.({ ready: true });
