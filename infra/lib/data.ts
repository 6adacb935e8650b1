import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TableDefinition, TableId } from '../../functions/src/data/tables';

export interface DataProps {
  /** The table definitions (from `functions/src/data/tables.ts`); one table per entry. */
  readonly tables: readonly TableDefinition[];
  /**
   * Production keeps its data: deletion protection on, and the tables are retained when the stack
   * or the resource is deleted. Other stages can be torn down with `cdk destroy`.
   */
  readonly production: boolean;
}

/** One DynamoDB table per definition, keys and indexes taken from the definition, never copied. */
export class Data extends Construct {
  /** The tables by definition id. */
  readonly tables: ReadonlyMap<TableId, Table>;
  /** The definitions, in the order given, each with its table. */
  readonly entries: readonly { readonly definition: TableDefinition; readonly table: Table }[];

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    const entries = props.tables.map((definition) => ({ definition, table: this.createTable(definition, props.production) }));
    this.entries = entries;
    this.tables = new Map(entries.map((e) => [e.definition.id, e.table]));
  }

  private createTable(def: TableDefinition, production: boolean): Table {
    const table = new Table(this, pascal(def.id), {
      // Every key attribute is a string (`<tenantId>#...`).
      partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
      sortKey: { name: def.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // AWS managed key (aws/dynamodb): encrypted at rest, key use visible in CloudTrail, no key to run.
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: def.ttlAttribute,
      deletionProtection: production,
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const index of def.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
    return table;
  }
}

function pascal(id: string): string {
  return `${id.charAt(0).toUpperCase()}${id.slice(1)}Table`;
}
