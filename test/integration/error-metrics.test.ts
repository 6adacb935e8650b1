import { ERROR_METRICS, errorMetricLines } from '../../functions/src/core/error-metrics';
import { errorCode, gql, newTenant, tokenFor } from '../support/api';

/** The EMF lines the handler wrote to stdout while `run` ran, as Lambda would (its function name set). */
async function emfLinesDuring(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  process.env.AWS_LAMBDA_FUNCTION_NAME = 'graphql-test';
  try {
    await run();
  } finally {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    spy.mockRestore();
  }
  return written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('errors by code as CloudWatch embedded metrics', () => {
  test('a refused request writes one ErrorCount line with its code; a good one writes none', async () => {
    const tenantId = await newTenant();
    const deputy = await tokenFor(tenantId, 'DEPUTY');
    const create = 'mutation($input: CreateContactPointInput!) { createContactPoint(input: $input) { contactPoint { id } } }';
    const input = { name: '凤山街道基层立法联系点', kind: 'STREET', regionCode: '141102002' };
    const lines = await emfLinesDuring(async () => expect(errorCode(await gql(deputy, create, { input }))).toBe('FORBIDDEN'));
    expect(lines).toEqual([
      {
        _aws: {
          Timestamp: expect.any(Number),
          CloudWatchMetrics: [{ Namespace: 'RendaPlatform/GraphQL', Dimensions: [['code']], Metrics: [{ Name: 'ErrorCount', Unit: 'Count' }] }],
        },
        code: 'FORBIDDEN',
        ErrorCount: 1,
      },
    ]);
    expect(await emfLinesDuring(() => gql(deputy, '{ viewer { userId } }'))).toEqual([]);
  });

  test('outside Lambda (npm start, tests) nothing is written', async () => {
    const deputy = await tokenFor(await newTenant(), 'DEPUTY');
    const spy = jest.spyOn(process.stdout, 'write');
    try {
      await gql(deputy, 'mutation { createContactPoint(input: { name: "x", kind: STREET, regionCode: "141102002" }) { contactPoint { id } } }');
      expect(spy.mock.calls.filter(([chunk]) => String(chunk).includes('"_aws"'))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  test('one line per code, counting its errors', () => {
    const lines = errorMetricLines(['NOT_FOUND', 'FORBIDDEN', 'NOT_FOUND'], 1_700_000_000_000).map((line) => JSON.parse(line));
    expect(lines.map((l) => [l[ERROR_METRICS.dimension], l[ERROR_METRICS.metricName], l._aws.Timestamp])).toEqual([
      ['NOT_FOUND', 2, 1_700_000_000_000],
      ['FORBIDDEN', 1, 1_700_000_000_000],
    ]);
    expect(errorMetricLines([], 0)).toEqual([]);
  });
});
