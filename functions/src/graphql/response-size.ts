import type { FormattedExecutionResult } from 'graphql';
import type { Logger } from '@aws-lambda-powertools/logger';

/** Lambda refuses a synchronous response over 6 MB: the invocation fails and the client gets a 5xx. */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;
/** Room left for the status code and headers around the body in Lambda's response JSON. */
const ENVELOPE_BYTES = 16 * 1024;
export const MAX_BODY_BYTES = LAMBDA_RESPONSE_LIMIT_BYTES - ENVELOPE_BYTES;

/**
 * How many bytes the body takes inside Lambda's response JSON, where it is a string again: every
 * `"` and `\` is escaped once more. Escaping at most doubles it, so the exact count (a second
 * stringify) is needed only for bodies over half the limit.
 */
function bytesInLambdaResponse(body: string, maxBytes: number): number {
  const bytes = Buffer.byteLength(body, 'utf8');
  return bytes * 2 <= maxBytes ? bytes : Buffer.byteLength(JSON.stringify(body), 'utf8');
}

/**
 * Apollo's `stringifyResult`: serialises the result as usual, and when it would not fit in a Lambda
 * response, answers instead with one BAD_USER_INPUT error telling the client to ask for less. The
 * client can fix it (smaller pages, fewer fields or aliases); it is not a server failure, nor a
 * RATE_LIMITED that a retry would cure. A mutation's changes stand: only its answer is too big.
 */
export function sizeLimitedStringify(logger: Logger, maxBytes = MAX_BODY_BYTES) {
  return (result: FormattedExecutionResult): string => {
    const body = `${JSON.stringify(result)}\n`;
    const bytes = bytesInLambdaResponse(body, maxBytes);
    if (bytes <= maxBytes) return body;
    logger.warn('Response over the Lambda payload limit replaced by an error', { responseBytes: bytes, maxBytes });
    const megabytes = (n: number) => (n / 1024 / 1024).toFixed(1);
    return `${JSON.stringify({
      errors: [
        {
          message:
            `The response would be ${megabytes(bytes)} MB, over the ${megabytes(maxBytes)} MB one response may hold. ` +
            'Ask for less: smaller pages (first), fewer fields, fewer aliases. (A mutation’s changes were made; read them back in parts.)',
          extensions: { code: 'BAD_USER_INPUT', field: 'query', responseBytes: bytes, maxResponseBytes: maxBytes },
        },
      ],
      data: null,
    })}\n`;
  };
}
