import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { TABLE_LIST, tableName, type TableDefinition } from './tables';

/** The CreateTable request for a definition: the same keys and indexes the CDK stack declares. */
export function createTableInput(def: TableDefinition, name = tableName(def.id)) {
  const attributes = new Set<string>([def.partitionKey, def.sortKey]);
  for (const idx of def.indexes) {
    attributes.add(idx.partitionKey);
    attributes.add(idx.sortKey);
  }
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: def.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: def.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: def.indexes.length
      ? def.indexes.map((idx) => ({
          IndexName: idx.name,
          KeySchema: [
            { AttributeName: idx.partitionKey, KeyType: 'HASH' as const },
            { AttributeName: idx.sortKey, KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: 'ALL' as const },
        }))
      : undefined,
  };
}

async function exists(client: DynamoDBClient, name: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/** Creates every table that does not exist yet (local host and tests); returns the names created. */
export async function createMissingTables(client: DynamoDBClient): Promise<string[]> {
  const created: string[] = [];
  for (const def of TABLE_LIST) {
    const name = tableName(def.id);
    if (await exists(client, name)) continue;
    await client.send(new CreateTableCommand(createTableInput(def, name)));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
      }),
    );
    created.push(name);
  }
  return created;
}
