import type { TableId } from './tables';
import { getItem } from './items';
import type { ItemKey } from './batch';
import { updateWrite, type TransactItem } from './transactions';

/**
 * Counters kept on write: one item holds named numbers that each write moves by a delta in the
 * same transaction as the change itself, so lists can show totals without reading everything.
 */
export function counterAddWrite(table: TableId, key: ItemKey, deltas: Record<string, number>): TransactItem | null {
  const entries = Object.entries(deltas).filter(([, d]) => d !== 0);
  if (entries.length === 0) return null;
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const adds = entries.map(([name, delta], i) => {
    names[`#c${i}`] = name;
    values[`:d${i}`] = delta;
    return `#c${i} :d${i}`;
  });
  return updateWrite(table, key, { expression: `ADD ${adds.join(', ')}`, names, values });
}

export async function readCounters(table: TableId, key: ItemKey): Promise<(name: string) => number> {
  return counterReader(await getItem<Record<string, unknown>>(table, key));
}

/** The numbers of a counters item already read (null: none has moved yet, so all are 0). */
export function counterReader(item: Record<string, unknown> | null): (name: string) => number {
  return (name) => (item && typeof item[name] === 'number' ? (item[name] as number) : 0);
}

/** Adds one state's contribution (sign +1) or removes it (sign -1) to a delta map. */
export function addDelta(deltas: Record<string, number>, name: string, delta: number): void {
  deltas[name] = (deltas[name] ?? 0) + delta;
}
