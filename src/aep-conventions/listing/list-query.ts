/**
 * One list request of any resource: which items (filters), in what order, how many, from where, or
 * only how many (docs/api/conventions.md#listing). Parsing is separate from paging so every API
 * renders its own envelope around the same page.
 */
import { onlyQueryParams, queryString, queryValues } from "../request-body.js";
import { Errors } from "../errors/catalogue.js";
import { decodeContinuationToken } from "./continuation-token.js";
import { type Order, parseOrder, parseOrders, type SortKey } from "./order.js";
import { type FilterSyntax, parsePropertyFilter, type PropertyFilter, propertyFilterParser } from "./property-filter.js";
import { checkFilterValues, type FieldForms } from "./field-forms.js";

export interface ListQuery {
  filters: PropertyFilter[];
  order: Order;
  limit: number;
  after?: SortKey;
  count: boolean;
}

export interface ListQueryOptions {
  defaultOrder?: string;
  defaultLimit?: number;
  maxLimit?: number;
  /** query parameter names besides the list's own; anything else is refused (FLOW-1451) */
  extraParams?: readonly string[];
  /** the items' top-level fields: an order by another (or by a path inside none of them) is refused (FLOW-1433) naming these */
  orderFields?: readonly string[];
  /** the items' top-level fields: a filter on a path inside none of them, which no item could match, is refused (FLOW-1449) naming these */
  filterFields?: readonly string[];
  /** the items' number, time and true/false fields: a filter comparing one with text that is none of its values is refused (FLOW-1453) saying what it takes */
  fieldForms?: FieldForms;
  /** `orderby` may name several fields, comma-separated (`title,-version`) */
  multipleOrder?: boolean;
  /** what the list's `property` filters take besides Flow Service's operators (Catalog's: ~, existence, wildcards) */
  filterSyntax?: FilterSyntax;
  /** names of the list's own parameters when an API spells them differently */
  names?: Partial<Record<"property" | "orderby" | "limit" | "continuationToken" | "count", string>>;
}

const LIST_PARAMS = ["property", "orderby", "limit", "continuationToken", "count"] as const;

export function parseListQuery(query: Record<string, unknown>, options: ListQueryOptions = {}): ListQuery {
  const name = (key: (typeof LIST_PARAMS)[number]) => options.names?.[key] ?? key;
  const orderOf = options.multipleOrder ? parseOrders : parseOrder;
  const parseFilter = options.filterSyntax ? propertyFilterParser(options.filterSyntax) : parsePropertyFilter;
  onlyQueryParams(query, [...LIST_PARAMS.map(name), ...(options.extraParams ?? [])]);

  const count = queryString(query, name("count"));
  const countRequested = count !== undefined && count.toLowerCase() === "true";
  if (count !== undefined && !["true", "false"].includes(count.toLowerCase())) throw Errors.queryValueInvalid(name("count"), count, "true or false");
  const limitText = queryString(query, name("limit"));
  // aepp sends limit=N&count=False on every call: only count=true conflicts with a limit
  if (countRequested && limitText !== undefined) throw Errors.limitWithCount();

  const maxLimit = options.maxLimit ?? 1000;
  let limit = options.defaultLimit ?? 100;
  if (limitText !== undefined) {
    if (!/^\d+$/.test(limitText.trim()) || Number(limitText) < 1) {
      throw Errors.queryValueInvalid(name("limit"), limitText, `a whole number from 1 (a page holds at most ${maxLimit} items)`);
    }
    limit = Math.min(Number(limitText), maxLimit);
  }

  const token = queryString(query, name("continuationToken"));
  if (token !== undefined) {
    // the token carries the filters and order of the first page; limit may change between pages
    const position = decodeContinuationToken(token, name("continuationToken"));
    return { filters: position.filters.map(parseFilter), order: orderOf(position.order, options.orderFields), limit, after: position.after, count: countRequested };
  }
  const filters = queryValues(query, name("property")).map(parseFilter);
  // a misspelt field (flowID, connectionSpecId) would answer an empty list as if nothing matched
  for (const filter of filters) {
    if (options.filterFields && !options.filterFields.includes(filter.path[0].name)) throw Errors.filterFieldInvalid(filter.path[0].name, options.filterFields);
  }
  // createdAt>yesterday would match no item, answered as an empty list
  checkFilterValues(filters, options.fieldForms);
  const orderText = queryString(query, name("orderby"));
  const order = orderOf(orderText === undefined || orderText === "" ? (options.defaultOrder ?? "+createdAt") : orderText, options.orderFields);
  // an order by a field no item has would answer the default order as if it had been applied
  if (options.orderFields && !options.orderFields.includes(order.path[0].name)) throw Errors.orderFieldInvalid(order.source.slice(1), options.orderFields);
  return { filters, order, limit, count: countRequested };
}
