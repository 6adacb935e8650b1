import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import { BadInputError } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Far above any cursor this code makes (a few hundred characters); bounds what is decrypted. */
const MAX_CURSOR_LENGTH = 2048;

/**
 * A validated page request: how many items, and the cursor to resume after (if any). The cursor is
 * still sealed: only the list it came from can open it (`openCursor`, in `queryPage`).
 */
export interface PageRequest {
  readonly first: number;
  readonly after: string | null;
}

export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
}

const notACursor = () => new BadInputError('after', 'after is not a cursor from this list');

/** Validates `first` (1..100, default 20) and the form of `after`; bad values are BAD_USER_INPUT. */
export function pageRequest(args: PageArgs): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadInputError('first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  const after = args.after ?? null;
  if (after !== null && (after.length === 0 || after.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(after))) throw notACursor();
  return { first, after };
}

/*
 * Cursors are sealed with AES-256-GCM: the position (the storage key values of the item) is
 * encrypted, so a client learns nothing of the key design or the tenant id; and the list the cursor
 * belongs to (`binding`: table, index, partition value — which begins with the tenant id —, sort key
 * prefix, order and filter) is the authenticated data, so a cursor altered by one bit, cut short, or
 * brought to another list or tenant fails to open. Layout, base64url: version | iv | tag | ciphertext.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Random IVs, drawn from the system's generator 256 at a time: one `randomBytes(12)` per cursor cost
 * about 11 µs, nearly half of sealing one, and a page of 50 seals 50. Each IV is used once.
 */
const IVS_PER_DRAW = 256;
const ivPool = Buffer.alloc(IV_BYTES * IVS_PER_DRAW);
let ivsLeft = 0;

function nextIv(): Buffer {
  if (ivsLeft === 0) {
    randomFillSync(ivPool);
    ivsLeft = IVS_PER_DRAW;
  }
  ivsLeft -= 1;
  // A copy: the pool is overwritten at the next draw.
  return Buffer.from(ivPool.subarray(ivsLeft * IV_BYTES, (ivsLeft + 1) * IV_BYTES));
}

/** Seals the position of an item in the list described by `binding`. */
export function sealCursor(position: readonly string[], binding: string, key: Buffer): string {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(binding, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(position), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

/**
 * Opens a cursor sealed for the list described by `binding`, returning its `length` key values.
 * Anything else — garbage, a forgery, a cursor of another list, tenant or key — is BAD_USER_INPUT
 * on `after`.
 */
export function openCursor(cursor: string, binding: string, key: Buffer, length: number): string[] {
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length <= 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw notACursor();
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(Buffer.from(binding, 'utf8'));
    decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
    plain = Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw notACursor();
  }
  // Authentic, so made by this code; checked anyway so a change of key layout fails cleanly.
  const position: unknown = JSON.parse(plain);
  if (!Array.isArray(position) || position.length !== length || !position.every((v) => typeof v === 'string' && v.length > 0)) {
    throw notACursor();
  }
  return position as string[];
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
