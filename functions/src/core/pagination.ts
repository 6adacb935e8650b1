import { BadInputError } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** A validated page request: how many items, and the storage key to resume after (if any). */
export interface PageRequest {
  readonly first: number;
  readonly after: Record<string, string | number> | null;
}

export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
}

/** Validates `first` (1..100, default 20) and decodes `after`; bad values are BAD_USER_INPUT. */
export function pageRequest(args: PageArgs): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadInputError('first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return { first, after: args.after ? decodeCursor(args.after) : null };
}

/** Cursors are opaque to clients: base64url JSON of the storage key of the item they point at. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Record<string, string | number> {
  const invalid = () => new BadInputError('after', 'after is not a cursor from this list');
  if (cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid();
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length === 0 || entries.length > 4) throw invalid();
  for (const [, value] of entries) {
    if (typeof value !== 'string' && typeof value !== 'number') throw invalid();
  }
  return parsed as Record<string, string | number>;
}

/** One page of storage items with the cursor of each. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly cursors: readonly string[];
  readonly hasNextPage: boolean;
  /** Where the next page starts when it is not after the last item (a read that stopped at its budget). */
  readonly endCursor?: string;
}

/** A Relay connection; totalCount is resolved only when a client asks for it. */
export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

export function toConnection<T, N = T>(
  page: Page<T>,
  totalCount: () => Promise<number>,
  toNode: (item: T) => N = (item) => item as unknown as N,
): Connection<N> {
  const edges = page.items.map((item, i) => ({ cursor: page.cursors[i] ?? '', node: toNode(item) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: page.endCursor ?? edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
