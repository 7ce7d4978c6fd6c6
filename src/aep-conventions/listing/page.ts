/**
 * Applies a list query to documents: filter, order (by the key, then id), take one page after the
 * token's position, and say where the next page starts: the reference meaning of a list query,
 * in memory. The big lists run the same query in SQL (src/store/list-pages.ts) and fall back to
 * this for what SQL cannot order; the keyset position keeps pages stable while items are added or
 * removed.
 */
import { encodeContinuationToken } from "./continuation-token.js";
import { jsonBytes } from "./json-bytes.js";
import type { ListQuery } from "./list-query.js";
import { compareKeys, type SortKey, sortKeyOf } from "./order.js";
import { matchesAll } from "./property-filter.js";

export type ListResult<T> = { kind: "count"; count: number } | { kind: "page"; items: T[]; nextToken?: string };

/** An item a list wrote as JSON text instead of building it (list-pages.ts `toText`): written as it is. */
export class JsonText {
  constructor(
    readonly id: string,
    readonly text: string,
  ) {}

  /** the item itself wherever it is serialized as a value */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

export function applyListQuery<T extends { id: string }>(documents: readonly T[], query: ListQuery): ListResult<T> {
  const matching = documents.filter((d) => matchesAll(d, query.filters));
  if (query.count) return { kind: "count", count: matching.length };
  const keyed = matching.map((d) => ({ d, key: sortKeyOf(d, query.order) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key, query.order));
  const after = query.after;
  const start = after ? keyed.findIndex((k) => compareKeys(k.key, after, query.order) > 0) : 0;
  const rest = start < 0 ? [] : keyed.slice(start);
  const page = rest.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextToken =
    rest.length > query.limit && last
      ? encodeContinuationToken({ filters: query.filters.map((f) => f.source), order: query.order.source, after: last.key as SortKey })
      : undefined;
  return { kind: "page", items: page.map((k) => k.d), nextToken };
}

/** The Flow Service envelope: {items, _links} with `_links` always present, or {count}. */
export function flowServiceListBody<T extends { id: string }>(result: ListResult<T>, resourcePath: string): Record<string, unknown> {
  if (result.kind === "count") return { count: result.count };
  return { items: result.items, _links: linksOf(result.nextToken, resourcePath) };
}

/**
 * The same envelope as JSON bytes, byte for byte JSON.stringify(flowServiceListBody(…)), written
 * item by item (json-bytes.ts): a JsonText item as it is, any other as JSON.stringify writes it.
 */
export function flowServiceListBytes<T extends { id: string }>(result: ListResult<T>, resourcePath: string): Buffer {
  if (result.kind === "count") return jsonBytes([JSON.stringify({ count: result.count })]);
  const parts = ['{"items":['];
  result.items.forEach((item, i) => parts.push(i === 0 ? itemText(item) : `,${itemText(item)}`));
  parts.push(`],"_links":${JSON.stringify(linksOf(result.nextToken, resourcePath))}}`);
  return jsonBytes(parts);
}

function itemText(item: unknown): string {
  return item instanceof JsonText ? item.text : JSON.stringify(item);
}

function linksOf(nextToken: string | undefined, resourcePath: string) {
  return nextToken ? { next: { href: `${resourcePath}?continuationToken=${nextToken}` } } : {};
}
