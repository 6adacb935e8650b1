import type DataLoader from 'dataloader';
import { hasRole, requireRole, type Principal } from '../../core/auth';
import { BadInputError, ConflictError, NotFoundError } from '../../core/errors';
import { toGlobalId } from '../../core/ids';
import { recordChange, type RequestInfo } from '../../data/audit';
import { pageRequest, toConnection, type PageArgs } from '../../core/pagination';
import type { ItemKey } from '../../data/batch';
import { countQuery, queryBoundedPage, type KeyQuery } from '../../data/query';
import { TransactionConditionFailed } from '../../data/transactions';
import { budgetKeys } from '../keys';
import type { BudgetLineRecord, PaymentRecord } from '../records';
import { BUDGET_READERS } from '../access';
import { checkParameter, crossCheck, RULE_PARAMETERS } from '../rules/parameters';
import { alertKeys, parseAlertLocalId } from './keys';
import type { AlertConnectionModel, AlertSummaryModel, WarningRuleModel } from './models';
import { ACTIVE_STATUSES, ALERT_RULES, ALERT_SEVERITIES, ALERT_STATUSES, type AlertRecord, type AlertRule, type AlertSeverity, type AlertStatus, type WarningRuleRecord } from './records';
import { currentRules, saveRuleVersion } from './rules-repository';

/** A filtered alert page reads at most this many items (then hands back a cursor to go on). */
const MAX_ITEMS_READ = 600;
const UNIT_CODE = /^[0-9A-Za-z._-]{1,40}$/;

export interface AlertFilterArgs {
  rule?: AlertRule | null;
  severity?: AlertSeverity | null;
  status?: AlertStatus | null;
  unitCode?: string | null;
}

export interface UpdateWarningRuleArgs {
  rule: AlertRule;
  enabled: boolean;
  parameters?: readonly { name: string; value: string }[] | null;
  expectedRevision: number;
}

export type AlertSubjectModel = BudgetLineRecord | PaymentRecord | { type: 'BudgetUnit'; code: string; name: string };

function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new BadInputError('year', 'year must be a budget year between 2000 and 2100');
  return year;
}

/** Alerts and warning rules for one request; reads are the budget readers', rule changes BUDGET_STAFF's. */
export class AlertService {
  constructor(
    private readonly principal: Principal,
    private readonly items: DataLoader<ItemKey, Record<string, unknown> | null, string>,
    private readonly request: RequestInfo,
  ) {}

  private get tenantId(): string {
    return this.principal.tenantId;
  }

  private requireReader(): void {
    requireRole(this.principal, ...BUDGET_READERS);
  }

  private async counts(year: number): Promise<(name: string) => number> {
    const item = (await this.items.load(alertKeys.counts(this.tenantId, year))) ?? {};
    return (name) => (typeof item[name] === 'number' ? (item[name] as number) : 0);
  }

  /**
   * An alert by its local id; another tenant's id names a key of the caller's tenant, so it is NOT_FOUND.
   * A budget unit's user reads the alerts of its unit that an inquiry cites; any other alert is
   * NOT_FOUND for it, exactly like an id that never existed.
   */
  async alert(localId: string): Promise<AlertRecord> {
    const unitOnly = !hasRole(this.principal, ...BUDGET_READERS) && hasRole(this.principal, 'BUDGET_UNIT');
    if (!unitOnly) this.requireReader();
    const parsed = parseAlertLocalId(localId);
    const found = parsed && (ALERT_RULES as readonly string[]).includes(parsed.rule)
      ? ((await this.items.load(alertKeys.alert(this.tenantId, parsed.year, parsed.rule, parsed.kind, parsed.subjectKey))) as (AlertRecord & { inquiryIds?: string[] }) | null)
      : null;
    if (!found) throw new NotFoundError('Alert');
    if (unitOnly && (found.unitCode !== this.principal.unitCode || !found.inquiryIds?.length)) throw new NotFoundError('Alert');
    return found;
  }

  /** A rule's current version by its code (`node(id)` of a WarningRule). */
  async rule(code: string): Promise<WarningRuleModel> {
    this.requireReader();
    const found = (await currentRules(this.tenantId)).find((r) => r.rule === code);
    if (!found) throw new NotFoundError('Warning rule');
    return ruleModel(found);
  }

  async alerts(args: PageArgs & { year: number; filter?: AlertFilterArgs | null }): Promise<AlertConnectionModel> {
    this.requireReader();
    const year = checkYear(args.year);
    const page = pageRequest(args);
    const f = args.filter ?? {};
    const unitCode = f.unitCode === null || f.unitCode === undefined ? null : f.unitCode.trim();
    if (unitCode !== null && !UNIT_CODE.test(unitCode)) throw new BadInputError('filter.unitCode', 'filter.unitCode must be a unit code');
    const query: KeyQuery = unitCode
      ? { table: 'budget', index: 'alertsByUnit', partitionValue: alertKeys.alertsOfUnit(this.tenantId, year, unitCode), sortKeyPrefix: f.rule ? `${f.rule}#` : undefined }
      : { table: 'budget', partitionValue: alertKeys.alertsPartition(this.tenantId, year), sortKeyPrefix: f.rule ? `${f.rule}#` : undefined };
    const matches = (a: AlertRecord) => (!f.severity || a.severity === f.severity) && (!f.status || a.status === f.status);
    const result = await queryBoundedPage<AlertRecord & Record<string, unknown>>(query, page, { matches, maxItemsRead: MAX_ITEMS_READ });
    const statusPart = f.status ? `|status:${f.status}` : '';
    // Resolved with the page's subjects, so the counts item joins their BatchGetItem.
    const countsByRule = async () => {
      const count = await this.counts(year);
      return ALERT_RULES.map((rule) => ({ rule, count: count(`rule:${rule}${statusPart}`) }));
    };
    const countsBySeverity = async () => {
      const count = await this.counts(year);
      return ALERT_SEVERITIES.map((severity) => ({ severity, count: count(`severity:${severity}${statusPart}`) }));
    };
    return { ...toConnection(result, () => this.totalCount(year, unitCode, f, query)), countsByRule, countsBySeverity };
  }

  /** From the counts item when the filter is one it keeps; otherwise counted in the filter's partition. */
  private async totalCount(year: number, unitCode: string | null, f: AlertFilterArgs, query: KeyQuery): Promise<number> {
    if (!unitCode && !(f.rule && f.severity)) {
      const name = [f.rule ? `rule:${f.rule}` : f.severity ? `severity:${f.severity}` : null, f.status ? `status:${f.status}` : null].filter(Boolean).join('|');
      return (await this.counts(year))(name || 'total');
    }
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const conditions: string[] = [];
    if (f.severity) {
      names['#severity'] = 'severity';
      values[':severity'] = f.severity;
      conditions.push('#severity = :severity');
    }
    if (f.status) {
      names['#status'] = 'status';
      values[':status'] = f.status;
      conditions.push('#status = :status');
    }
    return countQuery(conditions.length ? { ...query, filter: { expression: conditions.join(' AND '), names, values } } : query);
  }

  async summary(yearArg: number): Promise<AlertSummaryModel> {
    this.requireReader();
    const year = checkYear(yearArg);
    const item = (await this.items.load(alertKeys.counts(this.tenantId, year))) ?? {};
    const count = (name: string) => (typeof item[name] === 'number' ? (item[name] as number) : 0);
    return {
      year,
      total: count('total'),
      active: ACTIVE_STATUSES.reduce((sum, s) => sum + count(`status:${s}`), 0),
      byRule: ALERT_RULES.map((rule) => ({ rule, count: count(`rule:${rule}`) })),
      bySeverity: ALERT_SEVERITIES.map((severity) => ({ severity, count: count(`severity:${severity}`) })),
      byStatus: ALERT_STATUSES.map((status) => ({ status, count: count(`status:${status}`) })),
      period: typeof item.period === 'string' ? item.period : null,
      evaluatedAt: typeof item.evaluatedAt === 'string' ? item.evaluatedAt : null,
    };
  }

  /** What an alert is about, through the request's loader (a page's lines and payments are one BatchGetItem). */
  async subject(alert: AlertRecord): Promise<AlertSubjectModel> {
    if (alert.subjectKind === 'UNIT') return { type: 'BudgetUnit', code: alert.subjectKey, name: alert.unitName };
    const key = alert.subjectKind === 'LINE' ? budgetKeys.line(this.tenantId, alert.year, alert.subjectKey) : budgetKeys.payment(this.tenantId, alert.year, alert.subjectKey);
    const found = (await this.items.load(key)) as BudgetLineRecord | PaymentRecord | null;
    if (!found) throw new NotFoundError(alert.subjectKind === 'LINE' ? 'Budget line' : 'Payment');
    return found;
  }

  async rules(): Promise<WarningRuleModel[]> {
    this.requireReader();
    return (await currentRules(this.tenantId)).map(ruleModel);
  }

  /** A new version of one rule (BUDGET_STAFF): every parameter checked before anything is written. */
  async updateRule(input: UpdateWarningRuleArgs): Promise<WarningRuleModel> {
    requireRole(this.principal, 'BUDGET_STAFF');
    const specs = RULE_PARAMETERS[input.rule];
    const changes = input.parameters ?? [];
    const seen = new Set<string>();
    const values: Record<string, string> = {};
    changes.forEach((p, i) => {
      const spec = specs.find((s) => s.name === p.name);
      if (!spec) throw new BadInputError(`input.parameters.${i}.name`, `${input.rule} has no parameter ${p.name}${specs.length ? ` (it has ${specs.map((s) => s.name).join(', ')})` : ''}`);
      if (seen.has(p.name)) throw new BadInputError(`input.parameters.${i}.name`, `${p.name} is given twice`);
      seen.add(p.name);
      const checked = checkParameter(spec, p.value);
      if ('error' in checked) throw new BadInputError(`input.parameters.${i}.value`, checked.error);
      values[p.name] = checked.value;
    });
    if (!Number.isInteger(input.expectedRevision) || input.expectedRevision < 1) throw new BadInputError('input.expectedRevision', 'input.expectedRevision must be the rule revision read');
    const current = (await currentRules(this.tenantId)).find((r) => r.rule === input.rule)!;
    if (current.revision !== input.expectedRevision) throw new ConflictError(`The rule is at revision ${current.revision}, not ${input.expectedRevision}`);
    const parameters = { ...current.parameters, ...values };
    const crossed = crossCheck(input.rule, parameters);
    if (crossed) {
      const index = changes.findIndex((p) => p.name === crossed[0]);
      throw new BadInputError(index >= 0 ? `input.parameters.${index}.value` : 'input.parameters', crossed[1]);
    }
    const unchanged = current.enabled === input.enabled && JSON.stringify(parameters) === JSON.stringify(current.parameters);
    if (unchanged) return ruleModel(current);
    const next: WarningRuleRecord = {
      ...current,
      enabled: input.enabled,
      parameters,
      version: current.version + 1,
      revision: current.revision + 1,
      updatedAt: new Date().toISOString(),
      updatedBy: this.principal.userId,
    };
    // The rule's trail (its global id names the rule): each version, who made it and what changed.
    const audit = recordChange(this.principal, this.request, {
      entityType: 'WarningRule',
      entityId: toGlobalId('WarningRule', input.rule),
      operation: 'updateWarningRule',
      before: ruleAuditView(current),
      after: ruleAuditView(next),
    });
    try {
      await saveRuleVersion(next, input.expectedRevision, [audit]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new ConflictError('The rule was changed meanwhile; read it again');
      throw error;
    }
    return ruleModel(next);
  }
}

function ruleAuditView(r: WarningRuleRecord): Record<string, unknown> {
  return { enabled: r.enabled, version: r.version, parameters: { ...r.parameters } };
}

function ruleModel(r: WarningRuleRecord): WarningRuleModel {
  return {
    type: 'WarningRule',
    rule: r.rule,
    enabled: r.enabled,
    version: r.version,
    parameters: RULE_PARAMETERS[r.rule].map((p) => ({ name: p.name, value: r.parameters[p.name] ?? p.defaultValue, description: p.description, defaultValue: p.defaultValue })),
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
    revision: r.revision,
  };
}
