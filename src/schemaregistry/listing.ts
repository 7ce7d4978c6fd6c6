/**
 * Schema Registry lists (docs/api/schemaregistry.md#lists) over the shared listing module:
 * `property` filters (repeatable and ANDed; AEP's comma-joined `a==x,b==y` is two filters; a bare
 * name means "has this field"), `orderby` (one of the list's orderable fields, `-` for descending:
 * `title`, `-updated`, …, or several comma-separated, `title,-version`; anything else is refused),
 * `limit` (default and at most 300), `start` (the `_page.next` of the page before, or a value of
 * the first orderby field: the page starts after it), `count=true`,
 * `properties` (the members to show). The envelope always has `_page` and `_links`.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { parseListQuery } from "../aep-conventions/listing/list-query.js";
import { fieldForms } from "../aep-conventions/listing/field-forms.js";
import { applyListQuery } from "../aep-conventions/listing/page.js";
import { firstValueAt, parsePath, valuesAt } from "../aep-conventions/listing/paths.js";
import { readContinuationToken } from "../aep-conventions/listing/continuation-token.js";
import { compareValues, type Order } from "../aep-conventions/listing/order.js";

type Json = Record<string, unknown>;

const MAX_LIMIT = 300;
const ORDER_ALIASES: Record<string, string> = {
  updated: "meta:registryMetadata.repo:lastModifiedDate",
  created: "meta:registryMetadata.repo:createdDate",
};
/** The registry's times: a filter comparing one with text that is no number (`repo:createdDate>2024-01-01`) is refused, not answered as an empty list. */
const REGISTRY_FIELD_FORMS = fieldForms({ [ORDER_ALIASES.created]: "time", [ORDER_ALIASES.updated]: "time" });
/** What a list of classes, field groups, data types, schemas, behaviours or unions orders by. */
export const RESOURCE_ORDER_FIELDS = ["title", "$id", "meta:altId", "version", "description", "updated", "created"] as const;
/** What a list of descriptors orders by, and by default: their `@id`. */
export const DESCRIPTOR_DEFAULT_ORDER = "+@id";
export const DESCRIPTOR_ORDER_FIELDS = ["@id", "@type", "xdm:sourceSchema", "xdm:sourceProperty", "xdm:destinationSchema", "version"] as const;
/** a comma that starts another `<path><operator>` expression */
const NEXT_EXPRESSION = /,(?=\s*[A-Za-z_@$][A-Za-z0-9_@$:.[\]-]*\s*(?:==|!=|<=|>=|=|<|>|~))/;
const BARE_PATH = /^[A-Za-z_@$][A-Za-z0-9_@$:.-]*$/;

export interface ListOptions {
  /** the list's path, for `_links.next` */
  path: string;
  /** what the key of each item is (`$id`, or `@id` for descriptors) */
  key: (document: Json) => string;
  /** how one result is shown */
  show: (document: Json) => Promise<Json> | Json;
  /** extra `_links` (`global_schemas` on the tenant's schema list) */
  links?: Json;
  /** the fields `orderby` may name (RESOURCE_ORDER_FIELDS when not given) */
  orderable?: readonly string[];
  /** the order without `orderby` (`+title` when not given; descriptors have no title) */
  defaultOrder?: string;
}

/** A page of results in the registry's envelope, or `{count}`. */
export async function registryList(documents: readonly Json[], rawQuery: Json, options: ListOptions): Promise<Json> {
  const { filters, exists } = splitProperty(rawQuery.property);
  const orderText = typeof rawQuery.orderby === "string" ? rawQuery.orderby : undefined;
  // `start` is either the `_page.next` of the page before or, as AEP's lists take it, a value of the first orderby field
  const startValue = typeof rawQuery.start === "string" && readContinuationToken(rawQuery.start) === undefined ? rawQuery.start : undefined;
  if (orderText !== undefined) checkOrderable(orderText, options.orderable ?? RESOURCE_ORDER_FIELDS);
  const query = parseListQuery(
    {
      ...rawQuery,
      ...(filters.length > 0 ? { property: filters } : { property: undefined }),
      ...(orderText !== undefined ? { orderby: aliasOrder(orderText) } : {}),
      ...(startValue !== undefined ? { start: undefined } : {}),
    },
    { defaultOrder: options.defaultOrder ?? "+title", defaultLimit: MAX_LIMIT, maxLimit: MAX_LIMIT, names: { continuationToken: "start" }, extraParams: ["properties"], multipleOrder: true, fieldForms: REGISTRY_FIELD_FORMS },
  );
  const existsPaths = exists.map((path) => parsePath(path) ?? []);
  const keyed = documents
    .filter((d) => existsPaths.every((steps) => valuesAt(d, steps).length > 0))
    .map((d) => ({ ...d, id: options.key(d) }))
    .filter((d) => startValue === undefined || comesAfter(d, startValue, query.order));
  const result = applyListQuery(keyed, query);
  if (result.kind === "count") return { count: result.count };
  const projection = projectionOf(rawQuery.properties);
  const results = await Promise.all(
    result.items.map(async ({ id: _key, ...document }) => {
      const shown = await options.show(document);
      return projection ? Object.fromEntries(Object.entries(shown).filter(([k]) => projection.includes(k))) : shown;
    }),
  );
  const next = result.nextToken ?? null;
  const existsParams = exists.map((path) => `&property=${encodeURIComponent(path)}`).join("");
  return {
    results,
    _page: { orderby: displayOrder(query.order.source), next, count: results.length },
    _links: { next: next ? { href: `${options.path}?start=${next}${existsParams}` } : null, ...options.links },
  };
}

function splitProperty(value: unknown): { filters: string[]; exists: string[] } {
  const expressions = (value === undefined ? [] : Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(NEXT_EXPRESSION));
  return {
    filters: expressions.filter((e) => !BARE_PATH.test(e.trim())),
    exists: expressions.map((e) => e.trim()).filter((e) => BARE_PATH.test(e)),
  };
}

/** `-title` → `["-", "title"]`; a `+` sent unencoded arrives as a space. */
function splitOrder(text: string): [sign: string, field: string] {
  const sign = /^[-+ ]/.test(text) ? text[0] : "";
  return [sign, text.slice(sign.length).trim()];
}

/**
 * An order by a field the list does not order by would answer the default order as if it had been
 * applied; a sign alone (`orderby=-`) or an empty part (`title,,`) names no field. An empty orderby
 * is the default order.
 */
function checkOrderable(text: string, orderable: readonly string[]): void {
  if (text === "") return;
  for (const part of text.split(",")) {
    const [, field] = splitOrder(part);
    if (!orderable.includes(field)) throw Errors.orderFieldInvalid(field, orderable);
  }
}

function aliasOrder(text: string): string {
  return text
    .split(",")
    .map((part) => {
      const [sign, field] = splitOrder(part);
      return `${sign}${ORDER_ALIASES[field] ?? field}`;
    })
    .join(",");
}

function displayOrder(source: string): string {
  return source
    .split(",")
    .map((part) => {
      const descending = part.startsWith("-");
      const field = part.slice(1);
      const alias = Object.entries(ORDER_ALIASES).find(([, path]) => path === field)?.[0];
      return `${descending ? "-" : ""}${alias ?? field}`;
    })
    .join(",");
}

/** The document's value of the order's first field comes strictly after `start` in the order (a number field compares `start` as a number). */
function comesAfter(document: Json, start: string, order: Order): boolean {
  const value = firstValueAt(document, order.path);
  const asNumber = Number(start);
  const bound = typeof value === "number" && start.trim() !== "" && Number.isFinite(asNumber) ? asNumber : start;
  const c = compareValues(value, bound);
  return order.descending ? c < 0 : c > 0;
}

function projectionOf(value: unknown): string[] | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  return value.split(",").map((p) => p.trim()).filter(Boolean);
}
