/**
 * `orderby=name|+name|-name` (docs/api/conventions.md#orderby). A `+` arrives as a space when a
 * client does not encode it, so a leading space means ascending too. Every order ends with `id`,
 * which makes pages stable: two items never compare equal, and a continuation token can name an
 * exact position.
 */
import { Errors } from "../errors/catalogue.js";
import { firstValueAt, parsePath, type PathStep } from "./paths.js";

export interface Order {
  /** the parameter as normalised (`+createdAt`, `+title,-version`), kept for continuation tokens */
  source: string;
  path: PathStep[];
  descending: boolean;
  /** the fields after the first of a multi-field order (`orderby=title,description`), each with its own direction */
  then?: Array<{ path: PathStep[]; descending: boolean }>;
}

/** `title,-version`: the first field orders, each next one orders what the ones before leave equal. */
export function parseOrders(text: string, orderable?: readonly string[]): Order {
  const [first, ...rest] = text.split(",").map((part) => parseOrder(part, orderable));
  if (rest.length === 0) return first;
  return { ...first, source: [first, ...rest].map((o) => o.source).join(","), then: rest.map(({ path, descending }) => ({ path, descending })) };
}

/** `orderable`: the fields the list orders by, named when `text` is no field at all (`orderby=+`) */
export function parseOrder(text: string, orderable?: readonly string[]): Order {
  const sign = text[0];
  let field = text;
  let descending = false;
  if (sign === "-" || sign === "+" || sign === " ") {
    descending = sign === "-";
    field = text.slice(1);
  } else if (sign !== undefined && !/[A-Za-z_@$]/.test(sign)) {
    throw Errors.orderSignInvalid(text);
  }
  const path = parsePath(field.trim());
  if (!path || path.some((s) => s.each)) throw Errors.orderFieldInvalid(field, orderable);
  return { source: `${descending ? "-" : "+"}${field.trim()}`, path, descending };
}

/** The item's value of the order's field (the list of its values of each field, for a multi-field order), then its id. */
export type SortKey = [value: unknown, id: string];

export function sortKeyOf(document: { id: string }, order: Order): SortKey {
  const scalarAt = (path: PathStep[]) => {
    const value = firstValueAt(document, path);
    return isScalar(value) ? value : undefined;
  };
  if (order.then) return [[scalarAt(order.path), ...order.then.map((key) => scalarAt(key.path))], document.id];
  return [scalarAt(order.path), document.id];
}

/** <0 when a comes first in the order */
export function compareKeys(a: SortKey, b: SortKey, order: Order): number {
  const byId = a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
  if (order.then) {
    const values = (key: SortKey) => (Array.isArray(key[0]) ? key[0] : [key[0]]);
    const directions = [order.descending, ...order.then.map((key) => key.descending)];
    for (const [i, descending] of directions.entries()) {
      const c = compareValues(values(a)[i], values(b)[i]);
      if (c !== 0) return descending ? -c : c;
    }
    return order.descending ? -byId : byId;
  }
  const byValue = compareValues(a[0], b[0]);
  const c = byValue !== 0 ? byValue : byId;
  return order.descending ? -c : c;
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/** missing < boolean < number < string, each in its natural order */
export function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (v === undefined || v === null ? 0 : typeof v === "boolean" ? 1 : typeof v === "number" ? 2 : 3);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}
