import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client';
import { tableName, TABLES, type TableId } from './tables';
import { openCursor, sealCursor, type Page, type PageRequest } from '../core/pagination';
import { stableJson } from '../core/stable-json';
import { serverKeys } from './server-keys';

export interface KeyQuery {
  readonly table: TableId;
  /** Omit for the main table. */
  readonly index?: string;
  /** The partition key value; every one begins with the tenant id. */
  readonly partitionValue: string;
  /** Optional sort key condition on `:skPrefix` (begins_with) or a full expression using `#sk`. */
  readonly sortKeyPrefix?: string;
  /** Optional sort key range, both ends inclusive (either may be left open); not with sortKeyPrefix. */
  readonly sortKeyRange?: { readonly from?: string; readonly to?: string };
  readonly filter?: {
    readonly expression: string;
    readonly names?: Record<string, string>;
    readonly values?: Record<string, unknown>;
    /**
     * Placeholders whose value changes from one request to the next for the same list (the clock):
     * left out of what a cursor is bound to, so the next page's cursor still opens.
     */
    readonly perRequestValues?: readonly string[];
  };
  readonly newestFirst?: boolean;
  /** Read only these attributes (bulk reads of large partitions that need a few fields). */
  readonly attributes?: readonly string[];
}

function keyAttributes(query: KeyQuery): { pk: string; sk: string; attrs: string[] } {
  const def = TABLES[query.table];
  if (!query.index) return { pk: def.partitionKey, sk: def.sortKey, attrs: [def.partitionKey, def.sortKey] };
  const idx = def.indexes.find((i) => i.name === query.index);
  if (!idx) throw new Error(`Unknown index ${query.index} on ${query.table}`);
  return { pk: idx.partitionKey, sk: idx.sortKey, attrs: [def.partitionKey, def.sortKey, idx.partitionKey, idx.sortKey] };
}

function commandInput(query: KeyQuery): QueryCommandInput {
  const { pk, sk } = keyAttributes(query);
  const names: Record<string, string> = { '#pk': pk, ...(query.filter?.names ?? {}) };
  const values: Record<string, unknown> = { ':pk': query.partitionValue, ...(query.filter?.values ?? {}) };
  let projection: string | undefined;
  if (query.attributes?.length) {
    projection = query.attributes
      .map((attribute, i) => {
        names[`#p${i}`] = attribute;
        return `#p${i}`;
      })
      .join(', ');
  }
  let condition = '#pk = :pk';
  if (query.sortKeyPrefix !== undefined) {
    names['#sk'] = sk;
    values[':skPrefix'] = query.sortKeyPrefix;
    condition += ' AND begins_with(#sk, :skPrefix)';
  }
  const range = query.sortKeyRange;
  if (range && (range.from !== undefined || range.to !== undefined)) {
    names['#sk'] = sk;
    if (range.from !== undefined) values[':skFrom'] = range.from;
    if (range.to !== undefined) values[':skTo'] = range.to;
    if (range.from !== undefined && range.to !== undefined) condition += ' AND #sk BETWEEN :skFrom AND :skTo';
    else condition += range.from !== undefined ? ' AND #sk >= :skFrom' : ' AND #sk <= :skTo';
  }
  return {
    TableName: tableName(query.table),
    IndexName: query.index,
    KeyConditionExpression: condition,
    FilterExpression: query.filter?.expression,
    ProjectionExpression: projection,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: !query.newestFirst,
  };
}

/**
 * What a cursor of this list is bound to: everything that decides which items the list holds and in
 * what order. The partition value begins with the tenant id, so this names the tenant too.
 */
function cursorBinding(query: KeyQuery): string {
  const filter = query.filter;
  const perRequest = filter?.perRequestValues ?? [];
  const values = Object.entries(filter?.values ?? {}).filter(([name]) => !perRequest.includes(name));
  return stableJson({
    table: query.table,
    index: query.index ?? null,
    partitionValue: query.partitionValue,
    sortKeyPrefix: query.sortKeyPrefix ?? null,
    sortKeyRange: query.sortKeyRange ?? null,
    newestFirst: query.newestFirst ?? false,
    filter: filter ? { expression: filter.expression, names: filter.names ?? {}, values: Object.fromEntries(values) } : null,
  });
}

/**
 * Where a page of `query` starts: the key attributes its cursors hold, the list binding and key
 * that seal them, and the DynamoDB start key opened from `after`. A cursor opens only in the list
 * (and tenant) it was sealed for, so DynamoDB only ever sees a start key this code took from an
 * item of this very query.
 */
async function pagePosition(query: KeyQuery, page: PageRequest) {
  const { attrs } = keyAttributes(query);
  const binding = cursorBinding(query);
  const { cursor: key } = await serverKeys();
  const position = page.after ? openCursor(page.after, binding, key, attrs.length) : null;
  const startAfter: Record<string, unknown> | undefined = position ? Object.fromEntries(attrs.map((a, i) => [a, position[i]])) : undefined;
  return { attrs, binding, key, startAfter };
}

/**
 * Reads one page of a key query: `first` items after the cursor, plus one more to learn whether a
 * next page exists. With a filter, DynamoDB may return fewer matches than asked, so it reads on
 * until it has enough or the partition ends.
 */
export async function queryPage<T extends Record<string, unknown>>(query: KeyQuery, page: PageRequest): Promise<Page<T>> {
  const { attrs, binding, key, startAfter } = await pagePosition(query, page);
  const input = commandInput(query);
  const wanted = page.first + 1;
  const items: T[] = [];
  let startKey = startAfter;
  do {
    const result = await dynamo().send(
      new QueryCommand({ ...input, ExclusiveStartKey: startKey, Limit: query.filter ? Math.max(wanted, 50) : wanted - items.length }),
    );
    items.push(...((result.Items ?? []) as T[]));
    startKey = result.LastEvaluatedKey;
  } while (items.length < wanted && startKey);

  const pageItems = items.slice(0, page.first);
  const cursors = pageItems.map((item) => sealCursor(attrs.map((a) => String(item[a])), binding, key));
  return { items: pageItems, cursors, hasNextPage: items.length > page.first };
}

/** The first page of a list and the item that sorts just before it in the same partition. */
export interface PageWithHead<T, H> {
  readonly page: Page<T>;
  /** Null when the partition has no such item yet (e.g. no counter has moved). */
  readonly head: H | null;
}

/**
 * The first page of a list (a main-table key query by `sortKeyPrefix`) together with the item whose
 * sort key `head.sortKey` sorts just before the list's items in the same partition, such as the
 * `#COUNTERS` item the list's totals live on: one Query instead of a page Query and a GetItem. Items
 * between the head and the list are skipped, so the partition should hold none. `head.onlyAttribute`
 * is an attribute the head always has and the list's items never do. Only for a first
 * page: the cursors are those of `query` itself, so the next page is a plain `queryPage`.
 */
export async function queryFirstPageWithHead<T extends Record<string, unknown>, H extends Record<string, unknown>>(
  query: KeyQuery,
  head: { readonly sortKey: string; readonly onlyAttribute: string },
  page: PageRequest,
): Promise<PageWithHead<T, H>> {
  const headSortKey = head.sortKey;
  const prefix = query.sortKeyPrefix;
  if (page.after !== null || query.index || prefix === undefined || query.newestFirst || headSortKey >= prefix) {
    throw new Error('queryFirstPageWithHead: a first page of a main-table prefix list, ascending, whose head sorts before it');
  }
  const { attrs, binding, key } = await pagePosition(query, page);
  const { sk } = keyAttributes(query);
  // The head and the list in one key range; '\uffff' sorts after every character a key holds.
  const input = commandInput({ ...query, sortKeyPrefix: undefined, sortKeyRange: { from: headSortKey, to: `${prefix}\uffff` } });
  if (query.filter) {
    // The filter would drop the head (it has none of the list's attributes), and a filter may not
    // name a key: the head is let through by an attribute that only it has.
    input.FilterExpression = `attribute_exists(#headOnly) OR (${query.filter.expression})`;
    input.ExpressionAttributeNames = { ...input.ExpressionAttributeNames, '#headOnly': head.onlyAttribute };
  }
  const wanted = page.first + 1;
  const items: T[] = [];
  let found: H | null = null;
  let startKey: Record<string, unknown> | undefined;
  do {
    // The first call reads one more item than the page: the head comes first.
    const limit = query.filter ? Math.max(wanted + 1, 50) : wanted - items.length + (startKey ? 0 : 1);
    const result = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey: startKey, Limit: limit }));
    for (const item of (result.Items ?? []) as Record<string, unknown>[]) {
      const sortKey = String(item[sk]);
      if (sortKey === headSortKey) found = item as H;
      else if (sortKey.startsWith(prefix)) items.push(item as T);
    }
    startKey = result.LastEvaluatedKey;
  } while (items.length < wanted && startKey);

  const pageItems = items.slice(0, page.first);
  const cursors = pageItems.map((item) => sealCursor(attrs.map((a) => String(item[a])), binding, key));
  return { page: { items: pageItems, cursors, hasNextPage: items.length > page.first }, head: found };
}

/**
 * Reads one page of a key query whose items are kept or dropped by `matches` (a condition
 * DynamoDB cannot evaluate, or one that must see the item as the caller does), never evaluating
 * more than `maxItemsRead` items. When that budget runs out first, the page holds fewer than
 * `first` items (possibly none) and `endCursor` points at the last item read, so the next request
 * resumes there: a selective filter over a large partition costs many short pages, never one
 * unbounded read.
 */
export async function queryBoundedPage<T extends Record<string, unknown>>(
  query: KeyQuery,
  page: PageRequest,
  options: { readonly matches: (item: T) => boolean; readonly maxItemsRead: number },
): Promise<Page<T>> {
  const { attrs, binding, key, startAfter } = await pagePosition(query, page);
  const input = commandInput(query);
  const wanted = page.first + 1;
  const kept: T[] = [];
  let read = 0;
  let startKey = startAfter;
  do {
    // Half the budget a call: a page that matches little costs two round trips, not many small ones.
    const limit = Math.min(options.maxItemsRead - read, Math.max(wanted, Math.ceil(options.maxItemsRead / 2)));
    const result = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey: startKey, Limit: limit }));
    read += result.ScannedCount ?? 0;
    startKey = result.LastEvaluatedKey;
    for (const item of (result.Items ?? []) as T[]) {
      if (options.matches(item)) kept.push(item);
      if (kept.length === wanted) break;
    }
  } while (kept.length < wanted && startKey && read < options.maxItemsRead);

  const cursorOf = (item: Record<string, unknown>) => sealCursor(attrs.map((a) => String(item[a])), binding, key);
  const pageItems = kept.slice(0, page.first);
  const cursors = pageItems.map(cursorOf);
  if (kept.length > page.first) return { items: pageItems, cursors, hasNextPage: true };
  // Stopped by the budget with more to read: resume after the last item evaluated.
  return { items: pageItems, cursors, hasNextPage: startKey !== undefined, endCursor: startKey ? cursorOf(startKey) : undefined };
}

/** Counts the items of a key query (with its filter): for totals no counter can answer. */
export async function countQuery(query: KeyQuery): Promise<number> {
  const input = commandInput(query);
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await dynamo().send(new QueryCommand({ ...input, Select: 'COUNT', ExclusiveStartKey: startKey }));
    count += result.Count ?? 0;
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/** Reads every item of a key query; only for partitions known to be small (bounded by a limit). */
export async function queryAll<T>(query: KeyQuery): Promise<T[]> {
  const input = commandInput(query);
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...((result.Items ?? []) as T[]));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * Builds a FilterExpression from conditions, naming every attribute and value so reserved words
 * are safe. Conditions whose value is null or undefined are left out: an absent filter field.
 */
export class FilterBuilder {
  private readonly conditions: string[] = [];
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, unknown> = {};
  private readonly perRequest: string[] = [];

  private path(attribute: string): string {
    return attribute
      .split('.')
      .map((segment) => {
        const name = `#n${Object.keys(this.names).length}`;
        this.names[name] = segment;
        return name;
      })
      .join('.');
  }

  private value(value: unknown): string {
    const name = `:v${Object.keys(this.values).length}`;
    this.values[name] = value;
    return name;
  }

  equals(attribute: string, value: unknown): this {
    if (value !== null && value !== undefined) this.conditions.push(`${this.path(attribute)} = ${this.value(value)}`);
    return this;
  }

  contains(attribute: string, value: unknown): this {
    if (value !== null && value !== undefined) this.conditions.push(`contains(${this.path(attribute)}, ${this.value(value)})`);
    return this;
  }

  /**
   * A condition written by hand; its placeholders are given with it. `perRequest` names those whose
   * value is not part of the list's identity (the clock), so cursors are not bound to them.
   */
  expression(expression: string, values: Record<string, unknown>, options: { perRequest?: readonly string[] } = {}): this {
    this.conditions.push(expression);
    Object.assign(this.values, values);
    this.perRequest.push(...(options.perRequest ?? []));
    return this;
  }

  build(): KeyQuery['filter'] {
    if (this.conditions.length === 0) return undefined;
    return {
      expression: this.conditions.join(' AND '),
      names: Object.keys(this.names).length ? this.names : undefined,
      values: this.values,
      perRequestValues: this.perRequest.length ? [...new Set(this.perRequest)] : undefined,
    };
  }
}
