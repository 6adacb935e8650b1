import { Logger } from '@aws-lambda-powertools/logger';
import { MAX_BODY_BYTES, LAMBDA_RESPONSE_LIMIT_BYTES, sizeLimitedStringify } from '../../../functions/src/graphql/response-size';

const logger = new Logger({ logLevel: 'SILENT' });

describe('responses too big for Lambda', () => {
  test('a result within the limit is serialised as it is', () => {
    const result = { data: { a: '养'.repeat(10) } };
    expect(sizeLimitedStringify(logger, 1000)(result)).toBe(`${JSON.stringify(result)}\n`);
  });

  test('a result over the limit becomes one BAD_USER_INPUT error telling the client to ask for less', () => {
    const body = JSON.parse(sizeLimitedStringify(logger, 1000)({ data: { a: 'x'.repeat(2000) } }));
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].message).toMatch(/^The response would be .* MB, over the .* MB one response may hold\. Ask for less/);
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'query', responseBytes: expect.any(Number), maxResponseBytes: 1000 });
  });

  test('bytes are counted as Lambda counts them: UTF-8, with the quotes escaped again inside its response JSON', () => {
    // 300 CJK characters are 900 bytes; 400 quotes become 800 bytes once escaped twice (\" then \\\").
    expect(JSON.parse(sizeLimitedStringify(logger, 1000)({ data: { a: '养'.repeat(300) } })).data).not.toBeNull();
    expect(JSON.parse(sizeLimitedStringify(logger, 1000)({ data: { a: '养'.repeat(340) } })).data).toBeNull();
    expect(JSON.parse(sizeLimitedStringify(logger, 1000)({ data: { a: '"'.repeat(200) } })).data).not.toBeNull();
    expect(JSON.parse(sizeLimitedStringify(logger, 1000)({ data: { a: '"'.repeat(300) } })).data).toBeNull();
  });

  test('the default limit leaves room for headers under 6 MB', () => {
    expect(MAX_BODY_BYTES).toBeLessThan(LAMBDA_RESPONSE_LIMIT_BYTES);
    expect(LAMBDA_RESPONSE_LIMIT_BYTES - MAX_BODY_BYTES).toBeLessThanOrEqual(64 * 1024);
  });
});
