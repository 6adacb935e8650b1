import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

export interface TableBackupProps {
  /** The tables to back up (all of them: each holds data only its tenant has). */
  readonly tables: readonly Table[];
}

/** Daily backups kept 35 days, and the first of each month kept a year. */
export const BACKUP_RETENTION = { dailyDays: 35, monthlyDays: 365 } as const;

/**
 * AWS Backup of the tables (prod). Point-in-time recovery already restores any second of the last 35
 * days; these backups are the copies that outlive a mistake noticed later (a month-old bad import,
 * a deleted congress) and that a table deletion cannot take with it. The vault is kept when the stack
 * is deleted, and its recovery points cannot be deleted by the stack either.
 */
export class TableBackup extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: TableBackupProps) {
    super(scope, id);
    // Encrypted with the AWS managed key for AWS Backup (aws/backup): no key to run.
    this.vault = new BackupVault(this, 'Vault', { removalPolicy: RemovalPolicy.RETAIN });
    // 18:00 UTC is 02:00 in Beijing: the quietest hour for a congress's staff.
    this.plan = new BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: Schedule.cron({ hour: '18', minute: '0' }),
          deleteAfter: Duration.days(BACKUP_RETENTION.dailyDays),
        }),
        new BackupPlanRule({
          ruleName: 'Monthly',
          scheduleExpression: Schedule.cron({ day: '1', hour: '18', minute: '30' }),
          deleteAfter: Duration.days(BACKUP_RETENTION.monthlyDays),
        }),
      ],
    });
    const selection = this.plan.addSelection('Tables', {
      resources: props.tables.map((table) => BackupResource.fromDynamoDbTable(table)),
    });
    Validations.of(selection.node.findChild('Role')).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'The role AWS Backup assumes to back up the selected tables: AWS maintains this policy for exactly that job, and ' +
        'the selection, not the policy, limits it to these tables.',
    });
  }
}
