import type { S3Event, S3EventRecord } from 'aws-lambda';
import type S3rver from 's3rver';
import { LOCAL_REGION } from './emulators';

/** The fields of an s3rver notification record this project reads (it mirrors S3's own). */
interface EmulatorRecord {
  eventName: string;
  eventTime?: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string; sequencer?: string } };
}

/**
 * Turns the emulator's notification into the S3 event Lambda receives, so the local host calls the
 * ingest handler exactly as S3 would in AWS. S3 URL-encodes keys in events; so does this.
 */
export function toS3Event(notification: { Records: EmulatorRecord[] }): S3Event {
  return {
    Records: notification.Records.map(
      (r): S3EventRecord =>
        ({
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: LOCAL_REGION,
          eventTime: r.eventTime ?? new Date().toISOString(),
          eventName: r.eventName.startsWith('ObjectCreated') ? r.eventName : `ObjectCreated:${r.eventName}`,
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: 'local',
            bucket: { name: r.s3.bucket.name, arn: `arn:aws:s3:::${r.s3.bucket.name}`, ownerIdentity: { principalId: 'local' } },
            object: {
              key: encodeURIComponent(r.s3.object.key).replace(/%2F/g, '/').replace(/%20/g, '+'),
              size: r.s3.object.size ?? 0,
              eTag: r.s3.object.eTag ?? '',
              sequencer: r.s3.object.sequencer ?? '',
            },
          },
        }) as S3EventRecord,
    ),
  };
}

/**
 * Delivers the emulator's object-created events to a handler (errors go to `onError`, like a failed
 * async invoke). `prefix` plays a bucket notification's key filter: the budget import handler
 * gets only keys under `imports/`, as the imports bucket's notification does in AWS.
 */
export function deliverObjectCreatedEvents(
  server: S3rver,
  handler: (event: S3Event) => Promise<unknown>,
  onError: (error: unknown) => void,
  filter: { prefix?: string } = {},
): void {
  // s3rver is a Koa app, so an EventEmitter; its published types leave that out.
  const emitter = server as unknown as NodeJS.EventEmitter;
  emitter.on('event', (notification: { Records: EmulatorRecord[] }) => {
    const created = notification.Records.filter(
      (r) => r.eventName.startsWith('ObjectCreated') && r.s3.object.key.startsWith(filter.prefix ?? ''),
    );
    if (created.length === 0) return;
    handler(toS3Event({ Records: created })).catch(onError);
  });
}
