import { batchGet } from '../../data/batch';
import { counterAddWrite } from '../../data/counters';
import { queryAll } from '../../data/query';
import { guardedPut, TransactionConditionFailed, transactWrite, updateWrite, type TransactItem } from '../../data/transactions';
import { executedToDate, periodsOf } from '../aggregates';
import { amountSortKey, budgetKeys } from '../keys';
import { parseYuan } from '../money';
import { splitPeriod } from '../periods';
import type { BudgetLineRecord } from '../records';
import { evaluateRules } from '../rules/evaluate';
import type { RaisedAlert, RuleData, RulePayment } from '../rules/types';
import { alertCountDeltas } from './counts';
import { alertKeys } from './keys';
import type { AlertHistoryEntry, AlertRecord, AlertStatus } from './records';
import { loadRuleSettings } from './rules-repository';

/**
 * Runs the tenant's warning rules on a year after an import lands (in the import function, never
 * on a request). Reads: the rule versions (1 Query), the payments at or above the LARGE_PAYMENT
 * threshold (1 Query of `paymentsByAmount` from the threshold up), the year's alerts (1 Query);
 * the lines come from the landing, which has just read them. Then one alert per (rule, subject):
 * new ones are raised OPEN; changed evidence or severity updates the alert and appends to its
 * history; unchanged ones are not written at all (a re-import of the same data changes nothing);
 * one whose condition is gone is CLEARED if nobody had acted on it. Writes go in transactions of up
 * to 99 alerts plus the counts item, each alert guarded by its revision.
 */
export interface EvaluationOutcome {
  readonly period: string | null;
  readonly raised: number;
  readonly updated: number;
  readonly cleared: number;
  readonly unchanged: number;
}

const CHUNK = 99;

function latestPeriod(lines: readonly BudgetLineRecord[]): string | null {
  let latest: string | null = null;
  for (const line of lines) for (const month of Object.keys(line.executed)) if (latest === null || month > latest) latest = month;
  return latest;
}

/** The rule data of a year: each line's cumulative execution for twelve months. */
export function ruleDataOf(year: number, month: number, lines: readonly BudgetLineRecord[], payments: readonly RulePayment[]): RuleData {
  const periods = periodsOf(year);
  return {
    year,
    month,
    payments,
    lines: lines.map((l) => ({
      lineKey: l.lineKey,
      unitCode: l.unitCode,
      unitName: l.unitName,
      functionCode: l.functionCode,
      functionName: l.functionName,
      economicCode: l.economicCode,
      economicName: l.economicName,
      projectName: l.projectName,
      threePublic: l.threePublic,
      adjusted: l.adjusted,
      cumulative: periods.map((p) => executedToDate(l.executed, p)),
    })),
  };
}

/** Evidence in a fixed shape: a stored map comes back from DynamoDB with its keys in any order. */
const canonical = (e: AlertRecord['evidence']) =>
  JSON.stringify([e.ruleVersion, e.parameters.map((f) => [f.name, f.value]), e.figures.map((f) => [f.name, f.value])]);

const sameFacts = (a: AlertRecord, b: RaisedAlert) =>
  a.severity === b.severity && a.period === b.period && a.explanation === b.explanation && canonical(a.evidence) === canonical(b.evidence);

/** Statuses the evaluation may clear: nobody has started an inquiry on them. */
const CLEARABLE: readonly AlertStatus[] = ['OPEN', 'DISMISSED'];

/** The next state of one alert, or null when nothing changes. */
export function nextAlert(
  tenantId: string,
  year: number,
  existing: AlertRecord | null,
  raised: RaisedAlert | null,
  by: string,
  now: string,
): AlertRecord | null {
  const entry = (action: string, from: AlertStatus | null, to: AlertStatus, severity: AlertRecord['severity'], note: string | null): AlertHistoryEntry => ({
    at: now,
    by,
    action,
    from,
    to,
    severity,
    note,
  });
  if (raised && !existing) {
    const key = alertKeys.alert(tenantId, year, raised.rule, raised.subjectKind, raised.subjectKey);
    return {
      ...key,
      type: 'Alert',
      tenantId,
      year,
      ...raised,
      status: 'OPEN',
      history: [entry('RAISED', null, 'OPEN', raised.severity, null)],
      revision: 1,
      raisedAt: now,
      updatedAt: now,
      alertsByUnitPk: alertKeys.alertsOfUnit(tenantId, year, raised.unitCode),
      alertsByUnitSk: key.sk,
    };
  }
  if (raised && existing) {
    if (existing.status === 'CLEARED') {
      return { ...existing, ...raised, status: 'OPEN', history: [...existing.history, entry('REOPENED', 'CLEARED', 'OPEN', raised.severity, null)], revision: existing.revision + 1, updatedAt: now };
    }
    if (sameFacts(existing, raised)) return null;
    const note = existing.severity !== raised.severity ? `${existing.severity} → ${raised.severity}` : null;
    return {
      ...existing,
      ...raised,
      status: existing.status,
      history: [...existing.history, entry('UPDATED', existing.status, existing.status, raised.severity, note)],
      revision: existing.revision + 1,
      updatedAt: now,
    };
  }
  if (!raised && existing && CLEARABLE.includes(existing.status)) {
    return { ...existing, status: 'CLEARED', history: [...existing.history, entry('CLEARED', existing.status, 'CLEARED', existing.severity, null)], revision: existing.revision + 1, updatedAt: now };
  }
  if (!raised && existing && existing.status !== 'CLEARED' && existing.history.at(-1)?.action !== 'CONDITION_GONE') {
    // An inquiry is under way: it goes on; the history says the figures no longer raise it.
    return { ...existing, history: [...existing.history, entry('CONDITION_GONE', existing.status, existing.status, existing.severity, null)], revision: existing.revision + 1, updatedAt: now };
  }
  return null;
}

async function largePayments(tenantId: string, year: number, thresholdFen: number): Promise<RulePayment[]> {
  return queryAll<RulePayment>({
    table: 'budget',
    index: 'paymentsByAmount',
    partitionValue: budgetKeys.paymentsOfYear(tenantId, year),
    sortKeyRange: { from: amountSortKey(thresholdFen) },
    attributes: ['paymentNumber', 'date', 'amount', 'lineKey'],
  });
}

export async function evaluateAlerts(
  tenantId: string,
  year: number,
  options: { jobId: string; now?: string; lines?: readonly BudgetLineRecord[] },
): Promise<EvaluationOutcome> {
  const lines = options.lines ?? (await queryAll<BudgetLineRecord>({ table: 'budget', partitionValue: budgetKeys.linesPartition(tenantId, year) }));
  const period = latestPeriod(lines);
  const now = options.now ?? new Date().toISOString();
  const outcome = { period, raised: 0, updated: 0, cleared: 0, unchanged: 0 };
  if (period === null) return outcome;
  const month = splitPeriod(period)!.month;
  const settings = await loadRuleSettings(tenantId);
  const large = settings.find((s) => s.rule === 'LARGE_PAYMENT')!;
  const [payments, existingAlerts] = await Promise.all([
    large.enabled ? largePayments(tenantId, year, parseYuan(large.parameters.threshold!)!) : Promise.resolve([]),
    queryAll<AlertRecord>({ table: 'budget', partitionValue: alertKeys.alertsPartition(tenantId, year) }),
  ]);
  const raised = evaluateRules(ruleDataOf(year, month, lines, payments), settings);

  const existing = new Map(existingAlerts.map((a) => [a.sk, a]));
  const raisedBySk = new Map(raised.map((r) => [alertKeys.alertSortKey(r.rule, r.subjectKind, r.subjectKey), r]));
  const sks = [...new Set([...raisedBySk.keys(), ...existing.keys()])].sort();
  const by = `import:${options.jobId}`;

  const changes: { sk: string; before: AlertRecord | null; after: AlertRecord }[] = [];
  for (const sk of sks) {
    const before = existing.get(sk) ?? null;
    const after = nextAlert(tenantId, year, before, raisedBySk.get(sk) ?? null, by, now);
    if (after) changes.push({ sk, before, after });
    else outcome.unchanged++;
  }
  for (let i = 0; i < changes.length; i += CHUNK) {
    await writeChunk(tenantId, year, changes.slice(i, i + CHUNK), raisedBySk, by, now);
  }
  for (const c of changes) {
    if (!c.before || (c.before.status === 'CLEARED' && c.after.status === 'OPEN')) outcome.raised++;
    else if (c.after.status === 'CLEARED') outcome.cleared++;
    else outcome.updated++;
  }
  await transactWrite([
    updateWrite('budget', alertKeys.counts(tenantId, year), {
      expression: 'SET #period = :period, evaluatedAt = :now',
      names: { '#period': 'period' },
      values: { ':period': period, ':now': now },
    }),
  ]);
  return outcome;
}

/** Writes one chunk; when a workflow move raced it, re-reads those alerts and recomputes (a few times). */
async function writeChunk(
  tenantId: string,
  year: number,
  chunk: { sk: string; before: AlertRecord | null; after: AlertRecord }[],
  raisedBySk: Map<string, RaisedAlert>,
  by: string,
  now: string,
): Promise<void> {
  let pending = chunk;
  for (let attempt = 0; ; attempt++) {
    const deltas: Record<string, number> = {};
    const items: TransactItem[] = [];
    for (const c of pending) {
      alertCountDeltas(c.before, c.after, deltas);
      items.push(guardedPut('budget', c.after as unknown as Record<string, unknown>, c.before ? c.before.revision : null));
    }
    const counts = counterAddWrite('budget', alertKeys.counts(tenantId, year), deltas);
    if (counts) items.push(counts);
    try {
      await transactWrite(items);
      return;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed) || attempt >= 3) throw error;
      const fresh = await batchGet<AlertRecord>('budget', pending.map((c) => ({ pk: alertKeys.alertsPartition(tenantId, year), sk: c.sk })));
      pending = pending.flatMap((c, i) => {
        const before = fresh[i] ?? null;
        const after = nextAlert(tenantId, year, before, raisedBySk.get(c.sk) ?? null, by, now);
        return after ? [{ sk: c.sk, before, after }] : [];
      });
      if (pending.length === 0) return;
    }
  }
}
