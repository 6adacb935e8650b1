/**
 * The project's own deterministic generator of a county finance bureau's budget exports: the same
 * three files and columns as ../shared/fixtures/budget/generate.py (budget-lines.csv,
 * execution.csv, payments.csv) plus anomalies.json, written by this project (it never reads
 * ../shared). Used by `npm start`'s seed, the tests and the bench; CLI: `npm run generate:budget`.
 *
 * Guarantees: the same options give the same bytes; ordinary lines end at or below their adjusted
 * budget; ordinary payments stay below 200,000 yuan and planted large ones are at least 600,000;
 * payments add up exactly (to the fen) to each line's monthly spending (the differences of
 * execution.csv); every planted anomaly and bad row is listed in anomalies.json. Files are written
 * as streams: memory grows with the number of lines, not of payments.
 */

export type GeneratorEncoding = 'utf-8' | 'utf-8-sig' | 'gb18030';

export interface GenerateOptions {
  /** Output directory (created). */
  readonly out: string;
  readonly year?: number; // 2026
  /** Region code: the first digits of every unit code. */
  readonly region?: string; // '141102'
  readonly units?: number; // 20
  /** Budget lines per unit. */
  readonly lines?: number; // 20
  /** Months of execution, 1..12. */
  readonly months?: number; // 10
  /** Target number of payments (the count written is reported). */
  readonly payments?: number; // 5000
  readonly seed?: number; // 7
  readonly encoding?: GeneratorEncoding; // 'utf-8'
  readonly headers?: 'en' | 'zh'; // 'en'
  /** Plant up to 9 malformed rows, listed in anomalies.json with file, line and column. */
  readonly badRows?: number; // 0
}

/** A bad row planted on purpose: where it is and which column is wrong. */
export interface PlantedBadRow {
  readonly file: 'budget-lines.csv' | 'execution.csv' | 'payments.csv';
  readonly line: number;
  /** The English column key (generate.py's convention). */
  readonly column: string;
  readonly why: string;
  readonly row: readonly string[];
}

/** anomalies.json: totals and, for each warning rule, what it must find (line keys are unit|function|economic|project). */
export interface Anomalies {
  readonly totals: {
    readonly units: number;
    readonly lines: number;
    readonly execution_rows: number;
    readonly payments: number;
    readonly approved_total: string;
    readonly adjusted_total: string;
  };
  readonly low_execution_units: readonly string[];
  readonly over_budget_lines: readonly string[];
  readonly large_payments: readonly string[];
  readonly three_public_over_budget_lines: readonly string[];
  readonly year_end_rush_lines: readonly string[];
  readonly idle_lines: readonly string[];
  readonly bad_rows: readonly PlantedBadRow[];
}

/** Writes the three files and anomalies.json into `options.out`; resolves with what anomalies.json holds. */
export async function generateBudgetExport(options: GenerateOptions): Promise<Anomalies> {
  void options;
  throw new Error('generateBudgetExport: being implemented on branch b-pure');
}
