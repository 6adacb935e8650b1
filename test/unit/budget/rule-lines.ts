import type { RuleLine } from '../../../functions/src/budget/rules/types';

/**
 * A budget line as the warning rules see it, keyed `unit#function#economic`, with its cumulative
 * execution by month (12 figures, in fen). A 三公 economic code makes it a 三公 line.
 */
export function ruleLine(key: string, adjusted: number, cumulative: readonly number[], extra: Partial<RuleLine> = {}): RuleLine {
  const [unitCode, functionCode, economicCode] = key.split('#') as [string, string, string];
  return {
    lineKey: key,
    unitCode,
    unitName: `单位${unitCode}`,
    functionCode,
    functionName: '普通小学',
    economicCode,
    economicName: '办公费',
    projectName: '',
    threePublic: ['30212', '30217', '30231', '31013'].includes(economicCode),
    adjusted,
    cumulative: [...cumulative],
    ...extra,
  };
}
