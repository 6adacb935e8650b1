import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ERROR_METRICS } from '../../functions/src/core/error-metrics';

export interface MonitoringProps {
  /** The GraphQL function: errors and throttles. */
  readonly graphqlFunction: IFunction;
  /** The file-ingest function: errors (each failed attempt, retries included). */
  readonly fileIngestFunction: IFunction;
  /** The file-ingest DLQ: any message is an upload left unsettled. */
  readonly fileIngestDeadLetterQueue: IQueue;
  /** The budget import function: errors (each failed attempt). */
  readonly importFunction: IFunction;
  /** The import DLQ: any message is an import that stopped. */
  readonly importDeadLetterQueue: IQueue;
  /** The continuation queue: a message waiting long means imports are not being continued. */
  readonly importContinuationQueue: IQueue;
  /** The HTTP API: 5xx responses. */
  readonly httpApi: HttpApi;
  /** The tables by a short name used in alarm ids: throttled reads and writes. */
  readonly tables: readonly { readonly name: string; readonly table: Table }[];
  /** Optional address subscribed to the alarm topic (it must confirm the subscription). */
  readonly alarmEmail?: string;
}

/** What an import pipeline (budget imports) shows on the dashboard; see `Monitoring.addImportWidgets`. */
export interface ImportMonitoringProps {
  /** A short title for the row, e.g. 'Budget imports'. */
  readonly title: string;
  /** The function that runs imports: invocations, errors, duration. */
  readonly importFunction: IFunction;
  /** The queue that carries import work (continuations): depth and age of the oldest message. */
  readonly queue: IQueue;
  /** Its dead-letter queue, if any: depth. */
  readonly deadLetterQueue?: IQueue;
}

/** Alarms on the request path and the file ingest, all notifying one SNS topic, and the stack's dashboard. */
export class Monitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: readonly Alarm[];
  /** One CloudWatch dashboard for the stack, named after it (e.g. RendaPlatform-prod). */
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Renda platform alarms',
      // Publishers must use TLS (topic policy denies aws:SecureTransport=false).
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    const period = Duration.minutes(5);
    const alarms: Alarm[] = [
      this.alarm('GraphqlErrors', props.graphqlFunction.metricErrors({ period }), 1,
        'The GraphQL function threw or timed out (unhandled errors, not GraphQL errors).'),
      this.alarm('GraphqlThrottles', props.graphqlFunction.metricThrottles({ period }), 1,
        'The GraphQL function was throttled: account or reserved concurrency reached.'),
      this.alarm('Api5xx', props.httpApi.metricServerError({ period }), 5,
        'The HTTP API returned 5xx responses (integration failures or timeouts).'),
      this.alarm('FileIngestErrors', props.fileIngestFunction.metricErrors({ period }), 1,
        'The file-ingest function threw or timed out on an S3 event; Lambda retries it twice, then sends it to the DLQ.'),
      this.alarm('FileIngestDeadLetters',
        props.fileIngestDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }), 1,
        'S3 events the file-ingest function failed on after its retries are waiting in its DLQ: their attachments stay ' +
          'PENDING_UPLOAD until the events are redriven (docs/DEPLOY.md).'),
      this.alarm('ImportErrors', props.importFunction.metricErrors({ period }), 1,
        'The budget import function threw or timed out; the S3 event is retried (or the continuation redelivered) ' +
          'and resumes from the last checkpoint.'),
      this.alarm('ImportDeadLetters',
        props.importDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }), 1,
        'A budget import failed after its retries: its job stays RUNNING until the message is redriven to the import ' +
          'function (docs/DEPLOY.md).'),
      this.alarm('ImportContinuationsWaiting',
        props.importContinuationQueue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum' }), 15 * 60,
        'A budget import continuation has waited 15 minutes for the import function (throttled or failing).'),
    ];
    for (const { name, table } of props.tables) {
      const throttled = new MathExpression({
        expression: 'FILL(reads, 0) + FILL(writes, 0)',
        usingMetrics: {
          reads: table.metric('ReadThrottleEvents', { statistic: 'Sum', period }),
          writes: table.metric('WriteThrottleEvents', { statistic: 'Sum', period }),
        },
        label: `${name} throttled events`,
        period,
      });
      alarms.push(this.alarm(`${name}TableThrottles`, throttled, 1, `DynamoDB throttled requests on the ${name} table.`));
    }
    this.alarms = alarms;
    this.dashboard = this.createDashboard(props, period);
  }

  /**
   * The place for import pipelines on the dashboard: call it once per pipeline (the budget import
   * function and its queue) from the stack, after creating them. It adds one row: runs and errors,
   * p50/p95 duration, and the depth and oldest-message age of the queue and its DLQ.
   */
  addImportWidgets(props: ImportMonitoringProps): void {
    const period = Duration.minutes(5);
    const queues: IMetric[] = [
      props.queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: 'queued' }),
    ];
    if (props.deadLetterQueue) {
      queues.push(props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: 'dead letters' }));
    }
    this.dashboard.addWidgets(
      new TextWidget({ markdown: `## ${props.title}`, width: 24, height: 1 }),
      new GraphWidget({
        title: `${props.title}: runs and errors`,
        left: [
          props.importFunction.metricInvocations({ period, label: 'invocations' }),
          props.importFunction.metricErrors({ period, label: 'errors' }),
          props.importFunction.metricThrottles({ period, label: 'throttles' }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: `${props.title}: duration`,
        left: [
          props.importFunction.metricDuration({ period, statistic: 'p50', label: 'p50' }),
          props.importFunction.metricDuration({ period, statistic: 'p95', label: 'p95' }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: `${props.title}: queue`,
        left: queues,
        right: [props.queue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum', label: 'oldest message (s)' })],
        width: 8,
      }),
    );
  }

  private createDashboard(props: MonitoringProps, period: Duration): Dashboard {
    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: Stack.of(this).stackName });
    // Every code the API answered with (one series per code), from the EMF lines of functions/src/core/error-metrics.ts.
    const errorsByCode = new MathExpression({
      expression: `SEARCH('{${ERROR_METRICS.namespace},${ERROR_METRICS.dimension}} MetricName="${ERROR_METRICS.metricName}"', 'Sum', ${period.toSeconds()})`,
      label: '',
      period,
    });
    const tableThrottles = props.tables.map(
      ({ name, table }) =>
        // Metric ids must be unique within one graph.
        new MathExpression({
          expression: `FILL(${name}Reads, 0) + FILL(${name}Writes, 0)`,
          usingMetrics: {
            [`${name}Reads`]: table.metric('ReadThrottleEvents', { statistic: 'Sum', period }),
            [`${name}Writes`]: table.metric('WriteThrottleEvents', { statistic: 'Sum', period }),
          },
          label: `${name} table`,
          period,
        }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Requests',
        left: [
          props.httpApi.metricCount({ period, label: 'API requests' }),
          props.graphqlFunction.metricInvocations({ period, label: 'GraphQL invocations' }),
        ],
        right: [props.httpApi.metricClientError({ period, label: '4xx' }), props.httpApi.metricServerError({ period, label: '5xx' })],
        width: 8,
      }),
      new GraphWidget({ title: 'GraphQL errors by code', left: [errorsByCode], width: 8 }),
      new GraphWidget({
        title: 'Latency (ms)',
        left: [
          props.httpApi.metricLatency({ period, statistic: 'p50', label: 'API p50' }),
          props.httpApi.metricLatency({ period, statistic: 'p95', label: 'API p95' }),
          props.graphqlFunction.metricDuration({ period, statistic: 'p50', label: 'GraphQL function p50' }),
          props.graphqlFunction.metricDuration({ period, statistic: 'p95', label: 'GraphQL function p95' }),
        ],
        width: 8,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Throttles',
        left: [props.graphqlFunction.metricThrottles({ period, label: 'GraphQL function' }), ...tableThrottles],
        width: 8,
      }),
      new GraphWidget({
        title: 'File ingest',
        left: [
          props.fileIngestFunction.metricInvocations({ period, label: 'invocations' }),
          props.fileIngestFunction.metricErrors({ period, label: 'errors' }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Dead-letter queues (messages)',
        left: [props.fileIngestDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: 'file ingest' })],
        width: 8,
      }),
    );
    return dashboard;
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    alarm.addOkAction(new SnsAction(this.alarmTopic));
    return alarm;
  }
}
