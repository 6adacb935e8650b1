/**
 * Errors by code as CloudWatch metrics, in the embedded metric format (EMF): one JSON line on stdout
 * per code and request, which CloudWatch Logs turns into the metric `ErrorCount` (dimension `code`).
 * No API call and no log level can drop it; the stack's dashboard reads the same names from here.
 */
export const ERROR_METRICS = { namespace: 'RendaPlatform/GraphQL', metricName: 'ErrorCount', dimension: 'code' } as const;

/** The EMF lines for the codes one request answered with (masked errors count as INTERNAL_SERVER_ERROR). */
export function errorMetricLines(codes: readonly string[], timestamp: number): string[] {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, count]) =>
    JSON.stringify({
      _aws: {
        Timestamp: timestamp,
        CloudWatchMetrics: [
          {
            Namespace: ERROR_METRICS.namespace,
            Dimensions: [[ERROR_METRICS.dimension]],
            Metrics: [{ Name: ERROR_METRICS.metricName, Unit: 'Count' }],
          },
        ],
      },
      [ERROR_METRICS.dimension]: code,
      [ERROR_METRICS.metricName]: count,
    }),
  );
}
