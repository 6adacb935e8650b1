import { queryAll } from '../../data/query';
import { guardedPut, putWrite, MUST_BE_NEW, transactWrite, type TransactItem } from '../../data/transactions';
import { defaultParameters } from '../rules/parameters';
import type { RuleSetting } from '../rules/types';
import { alertKeys } from './keys';
import { ALERT_RULES, type AlertRule, type WarningRuleRecord } from './records';

/** A rule with no stored version runs as version 1: the platform's defaults, enabled. */
export function defaultRule(tenantId: string, rule: AlertRule): WarningRuleRecord {
  return {
    ...alertKeys.currentRule(tenantId, rule),
    type: 'WarningRule',
    tenantId,
    rule,
    enabled: true,
    version: 1,
    parameters: defaultParameters(rule),
    updatedAt: null,
    updatedBy: null,
    revision: 1,
  };
}

/** The tenant's rules in their current versions, in the table's order (one Query). */
export async function currentRules(tenantId: string): Promise<WarningRuleRecord[]> {
  const stored = await queryAll<WarningRuleRecord>({ table: 'budget', partitionValue: alertKeys.rulesPartition(tenantId), sortKeyPrefix: 'RULE#' });
  const byRule = new Map(stored.map((r) => [r.rule, r]));
  return ALERT_RULES.map((rule) => {
    const record = byRule.get(rule);
    // Parameters added to a rule after a version was stored take their defaults.
    return record ? { ...record, parameters: { ...defaultParameters(rule), ...record.parameters } } : defaultRule(tenantId, rule);
  });
}

export async function loadRuleSettings(tenantId: string): Promise<RuleSetting[]> {
  return (await currentRules(tenantId)).map((r) => ({ rule: r.rule, enabled: r.enabled, version: r.version, parameters: r.parameters }));
}

/**
 * Stores a new version: the current item guarded by the revision read (a stale expectedRevision
 * or a concurrent change fails its condition) and the version's own item, in one transaction.
 */
export async function saveRuleVersion(next: WarningRuleRecord, expectedRevision: number, alsoWrite: readonly TransactItem[] = []): Promise<void> {
  const current = next as unknown as Record<string, unknown>;
  const guard = expectedRevision === 1 ? putWrite('budget', current, { expression: 'attribute_not_exists(pk) OR revision = :expected', values: { ':expected': 1 } }) : guardedPut('budget', current, expectedRevision);
  const version = { ...next, ...alertKeys.ruleVersion(next.tenantId, next.rule, next.version) } as unknown as Record<string, unknown>;
  await transactWrite([guard, putWrite('budget', version, MUST_BE_NEW), ...alsoWrite]);
}
