import type { AlertEvidence, AlertRule } from '../alerts/records';
import { parseYuan } from '../money';
import { parseDecimal, percent1, ratio, type Ratio, wanYuan } from './exact';

/**
 * The explanation of an alert, built ONLY from its evidence: every number in the sentence is a
 * figure of the evidence or computed from figures of it (rates from the fen amounts, exactly), so
 * a reader — and a test — can recompute each one.
 */
export function figureOf(evidence: AlertEvidence, name: string): string {
  const found = evidence.figures.find((f) => f.name === name) ?? evidence.parameters.find((f) => f.name === name);
  if (!found) throw new Error(`evidence has no figure ${name}`);
  return found.value;
}

const fen = (evidence: AlertEvidence, name: string): number => {
  const value = parseYuan(figureOf(evidence, name));
  if (value === null) throw new Error(`figure ${name} is not money`);
  return value;
};
const int = (evidence: AlertEvidence, name: string) => Number(figureOf(evidence, name));
const wan = (evidence: AlertEvidence, name: string) => wanYuan(fen(evidence, name));
const pct = (r: Ratio) => percent1(r);
const pctOfDecimal = (evidence: AlertEvidence, name: string) => percent1(parseDecimal(figureOf(evidence, name)));

export function explain(rule: AlertRule, evidence: AlertEvidence): string {
  const subject = figureOf(evidence, 'subject');
  switch (rule) {
    case 'LOW_EXECUTION': {
      const month = int(evidence, 'month');
      const adjusted = fen(evidence, 'adjusted');
      const executed = fen(evidence, 'executed');
      const gap = ratio(BigInt(month) * BigInt(adjusted) - 12n * BigInt(executed), 12n * BigInt(adjusted));
      let text =
        `截至${month}月，${subject}调整后预算${wan(evidence, 'adjusted')}万元，已支出${wan(evidence, 'executed')}万元，` +
        `执行率${pct(ratio(executed, adjusted))}%，序时进度${pct(ratio(month, 12))}%，落后${pct(gap)}个百分点`;
      text += `；本地同类单位（${figureOf(evidence, 'peerGroup')}类，${int(evidence, 'peerCount')}个）执行率中位数${pctOfDecimal(evidence, 'peerMedianRate')}%`;
      const remaining = int(evidence, 'remainingMonths');
      if (remaining > 0) text += `；剩余${remaining}个月需月均支出${wan(evidence, 'monthlyNeeded')}万元才能全年执行完毕`;
      return `${text}。`;
    }
    case 'OVERSPENT':
    case 'THREE_PUBLIC_OVERRUN': {
      const month = int(evidence, 'month');
      const adjusted = fen(evidence, 'adjusted');
      const executed = fen(evidence, 'executed');
      const head = `截至${month}月，${subject}调整后预算${wan(evidence, 'adjusted')}万元，已支出${wan(evidence, 'executed')}万元`;
      if (executed > adjusted) {
        const rate = adjusted > 0 ? `，执行率${pct(ratio(executed, adjusted))}%` : '';
        return `${head}，超出预算${wanYuan(executed - adjusted)}万元${rate}。`;
      }
      return `${head}，执行率${pct(ratio(executed, adjusted))}%，在${int(evidence, 'yellowBeforeMonth')}月前已达到${pctOfDecimal(evidence, 'yellowRate')}%的预警线。`;
    }
    case 'LARGE_PAYMENT':
      return `${figureOf(evidence, 'date')}，${subject}支付一笔${wan(evidence, 'amount')}万元（支付单号${figureOf(evidence, 'paymentNumber')}），达到大额支付标准${wan(evidence, 'threshold')}万元。`;
    case 'YEAR_END_RUSH': {
      const total = fen(evidence, 'yearTotal');
      const december = fen(evidence, 'december');
      return (
        `${int(evidence, 'year')}年${subject}全年支出${wan(evidence, 'yearTotal')}万元，其中12月支出${wan(evidence, 'december')}万元，` +
        `占全年的${pct(ratio(december, total))}%，达到${pctOfDecimal(evidence, 'threshold')}%的预警线。`
      );
    }
    case 'IDLE_LINE': {
      const month = int(evidence, 'month');
      const idle = int(evidence, 'idleMonths');
      return (
        `截至${month}月，${subject}调整后预算${wan(evidence, 'adjusted')}万元，已连续${idle}个月（${month - idle + 1}月至${month}月）没有支出，` +
        `累计支出${wan(evidence, 'executed')}万元。`
      );
    }
  }
}
