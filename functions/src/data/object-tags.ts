/** The S3 object tag that marks feedback CSV exports, which a bucket lifecycle rule expires after a day. */
export const EXPORT_TAG = { key: 'purpose', value: 'feedback-export' } as const;
