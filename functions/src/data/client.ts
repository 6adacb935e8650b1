import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../core/config';

let documentClient: DynamoDBDocumentClient | undefined;

/** One client per Lambda container, created on first use (endpoint overridden for DynamoDB Local). */
export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const { dynamodbEndpoint, region } = config();
    const base = new DynamoDBClient({
      region,
      ...(dynamodbEndpoint ? { endpoint: dynamodbEndpoint } : {}),
      maxAttempts: 4,
    });
    documentClient = DynamoDBDocumentClient.from(base, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return documentClient;
}
