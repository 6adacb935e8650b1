import { EXPORT_TAG } from '../../functions/src/data/object-tags';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface FilesProps {
  /** Browser origins allowed to POST uploads (presigned POST) and GET downloads straight to S3; none: no CORS rule. */
  readonly allowedOrigins: readonly string[];
  /** Production keeps access logs longer. */
  readonly production: boolean;
  /**
   * How long a replaced or deleted object version is kept before S3 removes it.
   * @default 30 days
   */
  readonly noncurrentVersionRetention?: Duration;
}

/**
 * The files bucket (attachments uploaded by contact points with presigned POSTs) and the bucket
 * that receives its server access logs.
 *
 * Versioning is on: an upload key stays valid for 15 minutes, so a presigned POST can be replayed to
 * overwrite an object, and the function's own `s3:DeleteObject` only adds a delete marker. Legislative
 * records therefore cannot be lost through the application; old versions (including rejected uploads
 * the ingest handler deleted) expire after `noncurrentVersionRetention`, which bounds the cost.
 */
export class Files extends Construct {
  readonly bucket: Bucket;
  /**
   * Budget import files (`imports/<tenantId>/budget/<year>/<job>.csv`, presigned POST) and their
   * error reports (`reports/<tenantId>/...`). A bucket of its own so that its object-created
   * notification can be limited to the import prefix: the files bucket's notification covers every
   * key (attachment keys begin with the tenant id), and S3 refuses overlapping notifications.
   */
  readonly importsBucket: Bucket;
  readonly accessLogsBucket: Bucket;
  /**
   * Role of the CDK custom resource that writes the bucket's event notifications
   * (`Custom::S3BucketNotifications`, a deploy-time Lambda function CDK adds once per stack).
   */
  readonly notificationsHandlerRole: Role;

  constructor(scope: Construct, id: string, props: FilesProps) {
    super(scope, id);

    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // S3 server access logging delivers only to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.production ? 365 : 90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the server access log destination of the files bucket; logging it to itself would log ' +
        'its own log deliveries, and a further log bucket would only move the finding.',
    });

    // Created here (not by CDK at the stack root) so that it has a description and its one
    // acknowledgement sits on a construct of this repository.
    this.notificationsHandlerRole = new Role(this, 'NotificationsHandlerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Deploy-time custom resource: writes the event notifications of the files bucket',
    });
    Validations.of(this.notificationsHandlerRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'CDK attaches AWSLambdaBasicExecutionRole to the role of its Custom::S3BucketNotifications handler ' +
        '(aws-s3 NotificationsResourceHandler, not configurable). It only allows writing CloudWatch logs; the ' +
        "function runs during deployments only, and its other statement is s3:PutBucketNotification on this bucket's ARN.",
    });

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // SSE-S3: presigned POST/GET then need no KMS permissions on the signer or the ingest function.
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'files/',
      notificationsHandlerRole: this.notificationsHandlerRole,
      // No origins: no CORS rule, so no browser page may upload or download.
      cors:
        props.allowedOrigins.length === 0
          ? undefined
          : [
              {
                allowedOrigins: [...props.allowedOrigins],
                allowedMethods: [HttpMethods.POST, HttpMethods.GET],
                allowedHeaders: ['*'],
                exposedHeaders: ['ETag'],
                maxAge: 3000,
              },
            ],
      lifecycleRules: [
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // CSV exports are handed out as 5-minute links; the objects need not outlive a day. Keys
        // begin with the tenant id, so the rule selects them by the tag the export writes.
        { id: 'expire-feedback-exports', tagFilters: { [EXPORT_TAG.key]: EXPORT_TAG.value }, expiration: Duration.days(1) },
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: props.noncurrentVersionRetention ?? Duration.days(30),
          expiredObjectDeleteMarker: true,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.importsBucket = new Bucket(this, 'ImportsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Not versioned: a resumed import reads with If-Match on the ETag it started with, so a file
      // replaced mid-import fails the job instead of mixing two files; imported data lives in DynamoDB.
      versioned: false,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'imports/',
      notificationsHandlerRole: this.notificationsHandlerRole,
      // As for the files bucket: no origins, no CORS rule.
      cors:
        props.allowedOrigins.length === 0
          ? undefined
          : [
              {
                allowedOrigins: [...props.allowedOrigins],
                allowedMethods: [HttpMethods.POST, HttpMethods.GET],
                allowedHeaders: ['*'],
                exposedHeaders: ['ETag'],
                maxAge: 3000,
              },
            ],
      lifecycleRules: [
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // The finance bureau keeps its originals; a quarter is long enough to look into an import.
        { id: 'expire-import-files', prefix: 'imports/', expiration: Duration.days(90) },
        { id: 'expire-error-reports', prefix: 'reports/', expiration: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
