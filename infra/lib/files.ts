import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface FilesProps {
  /** Browser origins allowed to POST uploads (presigned POST) and GET downloads straight to S3. */
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
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: FilesProps) {
    super(scope, id);
    if (props.allowedOrigins.length === 0) throw new Error('Files: allowedOrigins must name at least one origin');

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

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // SSE-S3: presigned POST/GET then need no KMS permissions on the signer or the ingest function.
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'files/',
      cors: [
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
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: props.noncurrentVersionRetention ?? Duration.days(30),
          expiredObjectDeleteMarker: true,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
