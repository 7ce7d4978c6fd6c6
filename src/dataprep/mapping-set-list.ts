/**
 * `GET /mappingSets` as AEP documents it: `limit` (10 by default), `start` (an offset: 0 is the
 * first page), `name` (only the mapping sets of that exact name), `orderBy` (or `orderby`) by
 * createdDate or updatedDate, `+` ascending (the default, by createdDate) or `-` descending, and
 * `expandSchema`. Beyond AEP: `property` filters and `count=true`, as the Flow Service lists take them.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { compareKeys, type Order, parseOrder, sortKeyOf } from "../aep-conventions/listing/order.js";
import { matchesAll, parsePropertyFilter, type PropertyFilter } from "../aep-conventions/listing/property-filter.js";
import { checkFilterValues, fieldFormsOf } from "../aep-conventions/listing/field-forms.js";
import { onlyQueryParams, queryFlag, queryString, queryValues, queryWholeNumber } from "../aep-conventions/request-body.js";
import { MAPPING_SET } from "./route-schemas.js";

const DEFAULT_LIMIT = 10;
const MOST_LIMIT = 1000;
/** the fields a list orders by, and the member of a mapping set each reads (AEP's updatedDate is the answers' modifiedDate) */
const ORDER_FIELDS: Record<string, string> = { createdDate: "createdDate", updatedDate: "modifiedDate", modifiedDate: "modifiedDate" };
const PARAMS = ["limit", "start", "name", "orderBy", "orderby", "expandSchema", "property", "count"];
/** the number and time fields of a mapping set (createdDate, modifiedDate, version, mappings[].createdDate…) */
const FIELD_FORMS = fieldFormsOf(MAPPING_SET);

export interface MappingSetListQuery {
  limit: number;
  start: number;
  name?: string;
  /** as the request wrote it, for the next page's link */
  orderText?: string;
  order: Order;
  filters: PropertyFilter[];
  count: boolean;
  expandSchema: boolean;
}

export function parseMappingSetListQuery(query: Record<string, unknown>): MappingSetListQuery {
  onlyQueryParams(query, PARAMS);
  const count = queryFlag(query, "count");
  const limitText = queryString(query, "limit");
  if (count && limitText !== undefined) throw Errors.limitWithCount();
  const limit = Math.min(queryWholeNumber(query, "limit", 1) ?? DEFAULT_LIMIT, MOST_LIMIT);
  const start = queryWholeNumber(query, "start", 0) ?? 0;
  const orderBy = queryString(query, "orderBy");
  const orderby = queryString(query, "orderby");
  if (orderBy !== undefined && orderby !== undefined && orderBy !== orderby) throw Errors.queryValueInvalid("orderby", `${orderby} besides orderBy=${orderBy}`);
  const orderText = orderBy ?? orderby;
  const filters = queryValues(query, "property").map(parsePropertyFilter).map(readingAnsweredField);
  // createdDate>yesterday would match no mapping set, answered as an empty list
  checkFilterValues(filters, FIELD_FORMS);
  return { limit, start, name: queryString(query, "name"), orderText, order: orderOf(orderText), filters, count, expandSchema: queryFlag(query, "expandSchema") };
}

/** The page the query asks for, and the query of the next page when there is one. */
export function mappingSetPage<T extends { id: string; name?: unknown }>(sets: readonly T[], query: MappingSetListQuery): { items: T[]; total: number; next?: URLSearchParams } {
  const matching = sets.filter((set) => (query.name === undefined || set.name === query.name) && matchesAll(set, query.filters));
  const sorted = matching.map((set) => ({ set, key: sortKeyOf(set, query.order) })).sort((a, b) => compareKeys(a.key, b.key, query.order));
  const items = sorted.slice(query.start, query.start + query.limit).map((k) => k.set);
  const nextStart = query.start + query.limit;
  if (nextStart >= matching.length) return { items, total: matching.length };
  const next = new URLSearchParams({ limit: String(query.limit), start: String(nextStart) });
  if (query.name !== undefined) next.set("name", query.name);
  if (query.orderText !== undefined) next.set("orderBy", query.orderText);
  for (const filter of query.filters) next.append("property", filter.source);
  if (query.expandSchema) next.set("expandSchema", "true");
  return { items, total: matching.length, next };
}

/** A filter on AEP's updatedDate (which orderBy takes) reads the answers' modifiedDate, as the order does. */
function readingAnsweredField(filter: PropertyFilter): PropertyFilter {
  const [first, ...rest] = filter.path;
  return first?.name === "updatedDate" ? { ...filter, path: [{ ...first, name: ORDER_FIELDS.updatedDate }, ...rest] } : filter;
}

function orderOf(text: string | undefined): Order {
  if (text === undefined || text === "") return parseOrder("+createdDate");
  const sign = /^[+\- ]/.test(text) ? text[0] : "";
  const field = text.slice(sign.length).trim();
  const member = Object.hasOwn(ORDER_FIELDS, field) ? ORDER_FIELDS[field] : undefined;
  if (!member) throw Errors.orderFieldInvalid(field, Object.keys(ORDER_FIELDS));
  return parseOrder(`${sign === "-" ? "-" : "+"}${member}`);
}

