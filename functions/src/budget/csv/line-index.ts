/**
 * An in-memory BudgetLineLookup: the keys of a year's budget lines, with the prefixes that tell
 * which part of an unknown key is wrong. For tests, the generator and an importer that has the
 * lines at hand (a county has a few thousand; each key costs four set entries).
 */
import type { BudgetLineLookup } from './reader';
import type { BudgetLineKey } from './rows';

export class BudgetLineIndex implements BudgetLineLookup {
  private readonly prefixes = new Set<string>();

  // Stryker disable next-line ArrayDeclaration: a non-empty default could only add prefixes of unit "undefined", and unit codes are digits
  constructor(keys: Iterable<BudgetLineKey> = []) {
    for (const key of keys) this.add(key);
  }

  add(key: BudgetLineKey): void {
    for (const prefix of prefixesOf(key)) this.prefixes.add(prefix);
  }

  missingPart(key: BudgetLineKey): 'unit_code' | 'function_code' | 'economic_code' | 'project_code' | null {
    const [unit, fn, economic, project] = prefixesOf(key);
    if (!this.prefixes.has(unit)) return 'unit_code';
    if (!this.prefixes.has(fn)) return 'function_code';
    if (!this.prefixes.has(economic)) return 'economic_code';
    if (!this.prefixes.has(project)) return 'project_code';
    return null;
  }
}

function prefixesOf(key: BudgetLineKey): [string, string, string, string] {
  const unit = `U|${key.unitCode}`;
  const fn = `${unit}|${key.functionCode}`;
  const economic = `${fn}|${key.economicCode}`;
  return [unit, fn, economic, `${economic}|${key.projectCode}`];
}
