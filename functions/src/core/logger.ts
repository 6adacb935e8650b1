import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs (Powertools): one logger per function, the request id appended per request.
 * POWERTOOLS_LOG_LEVEL sets the level (tests run SILENT).
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}
