import { formatFen, parseYuan } from '../money';
import { periodOf } from '../periods';
import type { AlertEvidence, AlertRule, AlertSeverity, AlertSubjectKind, Figure } from '../alerts/records';
import { compare, median, parseDecimal, ratio, toDecimal, type Ratio } from './exact';
import { explain } from './explain';
import { RULE_PARAMETERS } from './parameters';
import type { RaisedAlert, RuleData, RuleLine, RuleSetting } from './types';

/**
 * The six warning rules as pure functions of (data, rule settings): no I/O, no clock, no float
 * decisions. The same data and versions give the same alerts in the same order, byte for byte.
 */

/** Decimals shown for ratios in evidence (the decision itself is exact). */
const RATIO_PLACES = 6;

const yuan = (fen: number) => formatFen(fen);
const dec = (r: Ratio) => toDecimal(r, RATIO_PLACES);
const cumAt = (line: { cumulative: readonly number[] }, month: number) => (month <= 0 ? 0 : line.cumulative[month - 1]!);

/** A line's name as the explanations show it: 县教育局“普通小学/办公费/…专项”指标. */
export function lineLabel(line: RuleLine): string {
  const parts = [line.functionName || line.functionCode, line.economicName || line.economicCode];
  if (line.projectName) parts.push(line.projectName);
  return `${line.unitName}“${parts.join('/')}”指标`;
}

interface Subject {
  readonly kind: AlertSubjectKind;
  readonly key: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly label: string;
  readonly adjusted: number;
  readonly cumulative: readonly number[];
}

function add(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x + b[i]!);
}

/**
 * Units in total: adjusted and cumulative summed over their lines; 主管类 = the function 类 with the
 * largest adjusted budget (the smallest code on a tie). The lines come in key order (evaluateRules
 * sorts them), so a unit is named after its first line and meets its classes in code order.
 */
function unitsOf(lines: readonly RuleLine[]): (Subject & { mainClass: string })[] {
  const units = new Map<string, { name: string; adjusted: number; cumulative: number[]; byClass: Map<string, number> }>();
  for (const line of lines) {
    let u = units.get(line.unitCode);
    if (!u) {
      u = { name: line.unitName, adjusted: 0, cumulative: new Array<number>(12).fill(0), byClass: new Map() };
      units.set(line.unitCode, u);
    }
    u.adjusted += line.adjusted;
    u.cumulative = add(u.cumulative, line.cumulative);
    const cls = line.functionCode.slice(0, 3);
    u.byClass.set(cls, (u.byClass.get(cls) ?? 0) + line.adjusted);
  }
  // Units in any order: evaluateRules orders the alerts.
  return [...units.entries()].map(([code, u]) => {
    // The first class with the largest budget: a later one must be strictly larger.
    const [mainClass] = [...u.byClass.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
    return { kind: 'UNIT', key: code, unitCode: code, unitName: u.name, label: u.name, adjusted: u.adjusted, cumulative: u.cumulative, mainClass };
  });
}

/** Ascending order of keys that are all different (line keys, alert keys), so none compare equal. */
function byDistinctKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : 1);
}

const lineSubject = (line: RuleLine): Subject => ({
  kind: 'LINE',
  key: line.lineKey,
  unitCode: line.unitCode,
  unitName: line.unitName,
  label: lineLabel(line),
  adjusted: line.adjusted,
  cumulative: line.cumulative,
});

function parametersOf(setting: RuleSetting): Figure[] {
  return RULE_PARAMETERS[setting.rule].map((p) => ({ name: p.name, value: setting.parameters[p.name] ?? p.defaultValue }));
}

function raise(setting: RuleSetting, data: RuleData, subject: Pick<Subject, 'kind' | 'key' | 'unitCode' | 'unitName'>, severity: AlertSeverity, figures: Figure[]): RaisedAlert {
  const evidence: AlertEvidence = { ruleVersion: setting.version, parameters: parametersOf(setting), figures };
  return {
    rule: setting.rule,
    subjectKind: subject.kind,
    subjectKey: subject.key,
    unitCode: subject.unitCode,
    unitName: subject.unitName,
    severity,
    period: periodOf(data.year, data.month),
    evidence,
    explanation: explain(setting.rule, evidence),
  };
}

/** A parameter's text in the setting's version, or its default when the version leaves it out. */
const parameterText = (s: RuleSetting, name: string) => s.parameters[name] ?? RULE_PARAMETERS[s.rule].find((p) => p.name === name)!.defaultValue;
const fenParam = (s: RuleSetting, name: string) => parseYuan(parameterText(s, name))!;
const ratioParam = (s: RuleSetting, name: string) => parseDecimal(parameterText(s, name));
const intParam = (s: RuleSetting, name: string) => Number(parameterText(s, name));

/** LOW_EXECUTION: pace = rate ÷ tp; YELLOW when pace < yellowPace, RED when pace < redPace or gap ≥ redGapPoints. */
function lowExecution(data: RuleData, s: RuleSetting): RaisedAlert[] {
  const M = data.month;
  const minAdjusted = fenParam(s, 'minAdjusted');
  const yellow = ratioParam(s, 'yellowPace');
  const red = ratioParam(s, 'redPace');
  const redGap = ratioParam(s, 'redGapPoints');
  const rateOf = (x: Subject) => ratio(cumAt(x, M), x.adjusted);
  const judged = (x: Subject) =>
    x.adjusted >= minAdjusted &&
    // Keeps a zero budget out of ratio() should minAdjusted ever be 0 (checkParameter keeps it above 0).
    x.adjusted > 0;

  const units = unitsOf(data.lines).filter(judged);
  const lines = data.lines.map(lineSubject).filter(judged);
  const peersOfUnit = new Map<string, Ratio[]>();
  for (const u of units) peersOfUnit.set(u.mainClass, [...(peersOfUnit.get(u.mainClass) ?? []), rateOf(u)]);
  const peersOfLine = new Map<string, Ratio[]>();
  for (const l of lines) {
    const cls = l.key.split('#')[1]!.slice(0, 3);
    peersOfLine.set(cls, [...(peersOfLine.get(cls) ?? []), rateOf(l)]);
  }
  const out: RaisedAlert[] = [];
  const judge = (x: Subject, peerGroup: string, peers: readonly Ratio[]) => {
    const cum = BigInt(cumAt(x, M));
    const adj = BigInt(x.adjusted);
    // pace < p  ⇔  (cum/adj)/(M/12) < p.n/p.d  ⇔  12·cum·p.d < p.n·M·adj
    const paceBelow = (p: Ratio) => 12n * cum * p.d < p.n * BigInt(M) * adj;
    // gap ≥ g points  ⇔  (M/12 − cum/adj)·100 ≥ g.n/g.d  ⇔  100·(M·adj − 12·cum)·g.d ≥ g.n·12·adj
    const gapAtLeast = (g: Ratio) => 100n * (BigInt(M) * adj - 12n * cum) * g.d >= g.n * 12n * adj;
    const severity: AlertSeverity | null = paceBelow(red) || gapAtLeast(redGap) ? 'RED' : paceBelow(yellow) ? 'YELLOW' : null;
    if (!severity) return;
    const remaining = 12 - M;
    const left = x.adjusted - Number(cum);
    const needed = remaining > 0 ? Math.ceil(Math.max(0, left) / remaining) : 0;
    const peerMedian = median(peers) ?? ratio(0, 1);
    out.push(
      raise(s, data, x, severity, [
        { name: 'subject', value: x.label },
        { name: 'month', value: String(M) },
        { name: 'adjusted', value: yuan(x.adjusted) },
        { name: 'executed', value: yuan(Number(cum)) },
        { name: 'executionRate', value: dec(ratio(cum, adj)) },
        { name: 'timeProgress', value: dec(ratio(M, 12)) },
        { name: 'pace', value: dec(ratio(12n * cum, BigInt(M) * adj)) },
        { name: 'gapPoints', value: toDecimal(ratio(100n * (BigInt(M) * adj - 12n * cum), 12n * adj), 4) },
        { name: 'peerGroup', value: peerGroup },
        { name: 'peerCount', value: String(peers.length) },
        { name: 'peerMedianRate', value: dec(peerMedian) },
        { name: 'remainingMonths', value: String(remaining) },
        { name: 'monthlyNeeded', value: yuan(needed) },
      ]),
    );
  };
  for (const u of units) judge(u, u.mainClass, peersOfUnit.get(u.mainClass)!);
  for (const l of lines) {
    const cls = l.key.split('#')[1]!.slice(0, 3);
    judge(l, cls, peersOfLine.get(cls)!);
  }
  return out;
}

function overFigures(x: Subject, M: number): Figure[] {
  const cum = cumAt(x, M);
  return [
    { name: 'subject', value: x.label },
    { name: 'month', value: String(M) },
    { name: 'adjusted', value: yuan(x.adjusted) },
    { name: 'executed', value: yuan(cum) },
    { name: 'excess', value: yuan(Math.max(0, cum - x.adjusted)) },
    { name: 'executionRate', value: x.adjusted > 0 ? dec(ratio(cum, x.adjusted)) : '' },
  ];
}

/** OVERSPENT: a line, or a unit in total, with cum > adj: RED. */
function overspent(data: RuleData, s: RuleSetting): RaisedAlert[] {
  const M = data.month;
  const subjects: Subject[] = [...unitsOf(data.lines), ...data.lines.map(lineSubject)];
  return subjects.filter((x) => cumAt(x, M) > x.adjusted).map((x) => raise(s, data, x, 'RED', overFigures(x, M)));
}

/** THREE_PUBLIC_OVERRUN: a 三公 line or a unit's 三公 total: RED when cum > adj; YELLOW when rate ≥ yellowRate before yellowBeforeMonth. */
function threePublicOverrun(data: RuleData, s: RuleSetting): RaisedAlert[] {
  const M = data.month;
  const yellowRate = ratioParam(s, 'yellowRate');
  const before = intParam(s, 'yellowBeforeMonth');
  const threeLines = data.lines.filter((l) => l.threePublic);
  const units: Subject[] = unitsOf(threeLines).map((u) => ({ ...u, label: `${u.unitName}三公经费` }));
  const out: RaisedAlert[] = [];
  for (const x of [...units, ...threeLines.map(lineSubject)]) {
    const cum = cumAt(x, M);
    let severity: AlertSeverity | null = null;
    if (cum > x.adjusted) severity = 'RED';
    else if (M < before && x.adjusted > 0 && compare(ratio(cum, x.adjusted), yellowRate) >= 0) severity = 'YELLOW';
    if (severity) out.push(raise(s, data, x, severity, overFigures(x, M)));
  }
  return out;
}

/** LARGE_PAYMENT: one payment with amount ≥ threshold: ORANGE (worth a look, not a fault by itself). */
function largePayment(data: RuleData, s: RuleSetting): RaisedAlert[] {
  const threshold = fenParam(s, 'threshold');
  const lines = new Map(data.lines.map((l) => [l.lineKey, l]));
  // Payments in any order: evaluateRules orders the alerts (by payment number).
  return data.payments
    .filter((p) => p.amount >= threshold && lines.has(p.lineKey))
    .map((p) => {
      const line = lines.get(p.lineKey)!;
      return raise(s, data, { kind: 'PAYMENT', key: p.paymentNumber, unitCode: line.unitCode, unitName: line.unitName }, 'ORANGE', [
        { name: 'subject', value: lineLabel(line) },
        { name: 'paymentNumber', value: p.paymentNumber },
        { name: 'date', value: p.date },
        { name: 'amount', value: yuan(p.amount) },
      ]);
    });
}

/** YEAR_END_RUSH: once December is in, December's spending ÷ the year's ≥ yellowShare (YELLOW) or redShare (RED). */
function yearEndRush(data: RuleData, s: RuleSetting): RaisedAlert[] {
  if (data.month !== 12) return [];
  const yellow = ratioParam(s, 'yellowShare');
  const red = ratioParam(s, 'redShare');
  const out: RaisedAlert[] = [];
  for (const line of data.lines) {
    const total = cumAt(line, 12);
    const december = total - cumAt(line, 11);
    // Nothing spent in December: no rush (and, as spending to date never falls below 0, a year total above 0 whenever December is).
    if (december <= 0) continue;
    const share = ratio(december, total);
    const severity: AlertSeverity | null = compare(share, red) >= 0 ? 'RED' : compare(share, yellow) >= 0 ? 'YELLOW' : null;
    if (!severity) continue;
    const threshold = severity === 'RED' ? red : yellow;
    out.push(
      raise(s, data, lineSubject(line), severity, [
        { name: 'subject', value: lineLabel(line) },
        { name: 'year', value: String(data.year) },
        { name: 'yearTotal', value: yuan(total) },
        { name: 'december', value: yuan(december) },
        { name: 'share', value: dec(share) },
        { name: 'threshold', value: toDecimal(threshold, 4) },
      ]),
    );
  }
  return out;
}

/** IDLE_LINE: a line with a budget whose last N (or more) months up to now brought no spending: YELLOW. */
function idleLine(data: RuleData, s: RuleSetting): RaisedAlert[] {
  const M = data.month;
  const n = intParam(s, 'months');
  const out: RaisedAlert[] = [];
  for (const line of data.lines) {
    // Fewer than n months in cannot make n idle ones: the count below stops at M.
    if (line.adjusted <= 0) continue;
    let idle = 0;
    while (idle < M && cumAt(line, M - idle) <= cumAt(line, M - idle - 1)) idle++;
    if (idle < n) continue;
    out.push(
      raise(s, data, lineSubject(line), 'YELLOW', [
        { name: 'subject', value: lineLabel(line) },
        { name: 'month', value: String(M) },
        { name: 'adjusted', value: yuan(line.adjusted) },
        { name: 'executed', value: yuan(cumAt(line, M)) },
        { name: 'idleMonths', value: String(idle) },
      ]),
    );
  }
  return out;
}

const RULES: Readonly<Record<AlertRule, (data: RuleData, s: RuleSetting) => RaisedAlert[]>> = {
  LOW_EXECUTION: lowExecution,
  OVERSPENT: overspent,
  THREE_PUBLIC_OVERRUN: threePublicOverrun,
  LARGE_PAYMENT: largePayment,
  YEAR_END_RUSH: yearEndRush,
  IDLE_LINE: idleLine,
};

/** Every enabled rule on the data, in a fixed order (rule, then subject key). */
export function evaluateRules(data: RuleData, settings: readonly RuleSetting[]): RaisedAlert[] {
  if (data.month < 1) return [];
  const sortedLines: RuleData = { ...data, lines: [...data.lines].sort(byDistinctKey((l) => l.lineKey)) };
  const out: RaisedAlert[] = [];
  for (const setting of settings) if (setting.enabled) out.push(...RULES[setting.rule](sortedLines, setting));
  // A rule raises at most one alert per subject: the keys are distinct.
  return out.sort(byDistinctKey((a) => `${a.rule}#${a.subjectKind}#${a.subjectKey}`));
}
