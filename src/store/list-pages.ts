/**
 * One page of a list (docs/api/conventions.md#listing) read in SQL: the filters on paths a column
 * holds exactly become WHERE clauses, the order becomes ORDER BY <column>, id with a keyset
 * position for continuation tokens, and LIMIT reads one row past the page to know whether another
 * follows. Only the page's rows become documents, so a list costs the page, not the sandbox
 * (1,000,000 runs or 10,000 flows: bench/api-lists.ts).
 *
 * The answer is exactly what `applyListQuery` gives over every document: a filter on a path no
 * column holds is applied to documents as they are read, in batches, in the SQL order; an order
 * SQL cannot give (a path no column holds, or text, whose order depends on the database's
 * collation) falls back to reading every row the pushed filters leave and ordering in memory.
 */
import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from "kysely";
import { encodeContinuationToken } from "../aep-conventions/listing/continuation-token.js";
import type { ListQuery } from "../aep-conventions/listing/list-query.js";
import type { SortKey } from "../aep-conventions/listing/order.js";
import { applyListQuery, type ListResult } from "../aep-conventions/listing/page.js";
import { type ComparisonOp, isPlainComparison, matchesAll, type PropertyFilter } from "../aep-conventions/listing/property-filter.js";
import type { Database } from "./schema.js";

/** A document path a column holds exactly, value for value. */
export interface ListColumn {
  column: string;
  /**
   * number: never null, compared and ordered as numbers;
   * key: never null, an id of lowercase hex digits and dashes, whose order is the same in every collation;
   * text: compared for equality only (the order of text depends on the collation).
   */
  type: "number" | "key" | "text";
}

/** Dotted document paths (`flowId`, `metrics.statusSummary.status`) → the column holding each. */
export type ListColumns = Readonly<Record<string, ListColumn>>;

export interface SqlList<Row, Doc extends { id: string }, ReadRow = Row> {
  /** the scoped SELECT of the rows (WHERE scope, no ORDER BY, no LIMIT); its id column is `id` */
  rows: SelectQueryBuilder<Database, any, Row>;
  columns: ListColumns;
  /**
   * What the rows chosen are read with (a join): the SELECT of the chosen rows (a subquery) with
   * more columns, named unlike any of theirs. Only the rows of a page are joined: what filters,
   * orders and counts is `rows` alone. Without it, the rows are read as they are.
   */
  readWith?: (chosen: SelectQueryBuilder<Database, any, Row>) => SelectQueryBuilder<Database, any, ReadRow>;
  /** the rows' documents, in the rows' order */
  toDocuments: (rows: ReadRow[]) => Promise<Doc[]>;
  /**
   * The rows' items in a quicker form (JSON text: page.ts JsonText), for a page nothing in memory
   * looks into: every filter and the order are SQL's (the continuation token is the last row's
   * order column and id, as for every page read in order).
   */
  toText?: (rows: ReadRow[]) => Promise<Doc[]>;
  /** Catalog's `start`: items to skip before the page (no continuation token then) */
  offset?: number;
}

/** Rows read per round when a filter is applied to documents. */
const BATCH_ROWS = 500;

export async function listPage<Row, Doc extends { id: string }, ReadRow = Row>(list: SqlList<Row, Doc, ReadRow>, query: ListQuery): Promise<ListResult<Doc>> {
  const pushed: Expression<SqlBool>[] = [];
  const residual: PropertyFilter[] = [];
  for (const filter of query.filters) {
    const condition = sqlCondition(filter, list.columns);
    if (condition) pushed.push(condition);
    else residual.push(filter);
  }
  const filtered = pushed.reduce((q, condition) => q.where(condition), list.rows);
  const orderColumn = orderedColumn(query, list.columns);
  const orderType = columnAt(query.order.path, list.columns)?.type;

  if (query.count && residual.length === 0) {
    const row = (await filtered.clearSelect().select(sql<number | string>`count(*)`.as("n")).executeTakeFirstOrThrow()) as { n: number | string };
    return { kind: "count", count: Number(row.n) };
  }
  if (!orderColumn || query.count) {
    // every filter again, so that a continuation token names them all (the pushed ones hold already)
    const documents = await list.toDocuments(await readChosen(list, filtered));
    return withOffset(applyListQuery(documents, list.offset === undefined ? query : { ...query, limit: Number.MAX_SAFE_INTEGER }), query, list.offset);
  }

  const direction = query.order.descending ? "desc" : "asc";
  const ordered = inOrder(filtered, orderColumn, direction);
  const wanted = (list.offset ?? 0) + query.limit + 1;
  const keyOf = (row: ReadRow): SortKey => {
    const value = (row as Record<string, unknown>)[orderColumn];
    return [orderType === "number" ? Number(value) : String(value), String((row as Record<string, unknown>).id)];
  };
  const batch = residual.length === 0 ? wanted : Math.max(wanted, BATCH_ROWS);
  // rows kept with their documents when a filter needed them; without one, only the page's rows become items
  const found: Array<{ row: ReadRow; document?: Doc }> = [];
  let position: SortKey | undefined = query.after;
  for (;;) {
    let page = ordered.limit(batch);
    if (position) page = page.where(after(orderColumn, position, query.order.descending));
    const rows = await readChosen(list, page, [orderColumn, direction]);
    if (residual.length === 0) found.push(...rows.map((row) => ({ row })));
    else {
      const documents = await list.toDocuments(rows);
      rows.forEach((row, i) => matchesAll(documents[i], residual) && found.push({ row, document: documents[i] }));
    }
    if (found.length >= wanted || rows.length < batch) break;
    position = keyOf(rows[rows.length - 1]);
  }
  const chosen = found.slice(list.offset ?? 0, (list.offset ?? 0) + query.limit);
  const items = residual.length === 0 ? await (list.toText ?? list.toDocuments)(chosen.map((f) => f.row)) : chosen.map((f) => f.document!);
  const last = chosen[chosen.length - 1];
  const more = found.length > (list.offset ?? 0) + query.limit;
  // the order column holds the document's value exactly: the last row's key is its item's
  const nextToken = more && last && list.offset === undefined ? tokenAfter(query, keyOf(last.row)) : undefined;
  return { kind: "page", items, nextToken };
}

function tokenAfter(query: ListQuery, key: SortKey): string {
  return encodeContinuationToken({ filters: query.filters.map((f) => f.source), order: query.order.source, after: key });
}

/** The chosen rows with what `readWith` adds, in the order they were chosen in (the outer query keeps no order of a subquery's). */
async function readChosen<Row, ReadRow>(
  list: SqlList<Row, { id: string }, ReadRow>,
  chosen: SelectQueryBuilder<Database, any, Row>,
  order?: [column: string, direction: "asc" | "desc"],
): Promise<ReadRow[]> {
  if (!list.readWith) return (await chosen.execute()) as unknown as ReadRow[];
  const read = list.readWith(chosen);
  return (order ? inOrder(read, ...order) : read).execute();
}

function inOrder<R>(rows: SelectQueryBuilder<Database, any, R>, column: string, direction: "asc" | "desc"): SelectQueryBuilder<Database, any, R> {
  return rows.orderBy(sql.ref(column), direction).orderBy(sql.ref("id"), direction);
}

function withOffset<Doc extends { id: string }>(result: ListResult<Doc>, query: ListQuery, offset: number | undefined): ListResult<Doc> {
  if (offset === undefined || result.kind === "count") return result;
  return { kind: "page", items: result.items.slice(offset, offset + query.limit) };
}

/** The column SQL orders by, when the order's path is one and its order is the same in SQL as in memory. */
function orderedColumn(query: ListQuery, columns: ListColumns): string | undefined {
  // an order by several fields is applied in memory (SQL here pages by one column and the id)
  if (query.order.then?.length) return undefined;
  const column = columnAt(query.order.path, columns);
  if (!column || column.type === "text") return undefined;
  // a position from a token must be of the column's kind (a token is ours, but may predate a change)
  if (query.after && (column.type === "number" ? typeof query.after[0] !== "number" : typeof query.after[0] !== "string")) return undefined;
  return column.column;
}

function columnAt(path: PropertyFilter["path"], columns: ListColumns): ListColumn | undefined {
  if (path.some((step) => step.each)) return undefined;
  const key = path.map((step) => step.name).join(".");
  return Object.hasOwn(columns, key) ? columns[key] : undefined;
}

/** The WHERE clause equal to `matchesFilter` on the column's path, or undefined when there is none. */
function sqlCondition(filter: PropertyFilter, columns: ListColumns): Expression<SqlBool> | undefined {
  const column = columnAt(filter.path, columns);
  // a pattern or an existence test is applied to the documents
  if (!column || !isPlainComparison(filter)) return undefined;
  const ref = sql.ref(column.column);
  if (column.type === "number") {
    // a value that is no whole number compares as nothing in memory; PostgreSQL would refuse it for a bigint
    if (!filter.values.every((v) => v.trim() !== "" && Number.isSafeInteger(Number(v)))) return undefined;
    const values = filter.values.map(Number);
    return comparison(ref, filter.op, values);
  }
  if (filter.op !== "==" && filter.op !== "!=") return undefined;
  return comparison(ref, filter.op, filter.values);
}

function comparison(ref: ReturnType<typeof sql.ref>, op: ComparisonOp, values: ReadonlyArray<string | number>): Expression<SqlBool> {
  const list = sql.join(values.map((v) => sql`${v}`));
  switch (op) {
    case "==":
      return sql<SqlBool>`${ref} in (${list})`;
    case "!=":
      return sql<SqlBool>`${ref} not in (${list})`;
    case "<":
      return sql<SqlBool>`${ref} < ${values[0]}`;
    case ">":
      return sql<SqlBool>`${ref} > ${values[0]}`;
    case "<=":
      return sql<SqlBool>`${ref} <= ${values[0]}`;
    case ">=":
      return sql<SqlBool>`${ref} >= ${values[0]}`;
  }
}

/** Rows after the position in the order (value, then id, both in the order's direction): a row-value comparison an index serves. */
function after(column: string, position: SortKey, descending: boolean): Expression<SqlBool> {
  const [value, id] = position;
  return descending
    ? sql<SqlBool>`(${sql.ref(column)}, ${sql.ref("id")}) < (${value}, ${id})`
    : sql<SqlBool>`(${sql.ref(column)}, ${sql.ref("id")}) > (${value}, ${id})`;
}
