/**
 * `orderby=name|+name|-name` (docs/api/conventions.md#orderby). A `+` arrives as a space when a
 * client does not encode it, so a leading space means ascending too. Every order ends with `id`,
 * which makes pages stable: two items never compare equal, and a continuation token can name an
 * exact position.
 */
import { Errors } from "../errors/catalogue.js";
import { firstValueAt, parsePath, type PathStep } from "./paths.js";

export interface Order {
  /** the parameter as normalised (`+createdAt`), kept for continuation tokens */
  source: string;
  path: PathStep[];
  descending: boolean;
}

export function parseOrder(text: string): Order {
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
  if (!path || path.some((s) => s.each)) throw Errors.orderFieldInvalid(field);
  return { source: `${descending ? "-" : "+"}${field.trim()}`, path, descending };
}

export type SortKey = [value: unknown, id: string];

export function sortKeyOf(document: { id: string }, order: Order): SortKey {
  const value = firstValueAt(document, order.path);
  return [isScalar(value) ? value : undefined, document.id];
}

/** <0 when a comes first in the order */
export function compareKeys(a: SortKey, b: SortKey, order: Order): number {
  const byValue = compareValues(a[0], b[0]);
  const byId = a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
  const c = byValue !== 0 ? byValue : byId;
  return order.descending ? -c : c;
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/** missing < boolean < number < string, each in its natural order */
function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (v === undefined || v === null ? 0 : typeof v === "boolean" ? 1 : typeof v === "number" ? 2 : 3);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}
