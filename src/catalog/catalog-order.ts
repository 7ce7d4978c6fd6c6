/**
 * The sort parameter of Catalog's lists (datasets, batches, dataSetFiles; docs/api/catalog.md#sorting):
 * `orderBy` as AEP's Catalog documents it, or `orderby` as this service's other lists spell it, each
 * list taking both. A value is `asc:<field>`, `desc:<field>`, `<field>` (ascending), `+<field>` or
 * `-<field>`, comma-separated, each next field ordering what the ones before leave equal.
 */
import type { Json } from "../aep-conventions/request-body.js";
import { queryString } from "../aep-conventions/request-body.js";

export const ORDER_PARAM_NAMES = ["orderBy", "orderby"] as const;

/** The order as sent: which spelling named it, and its value. */
export interface SentOrder {
  name: (typeof ORDER_PARAM_NAMES)[number];
  text: string;
}

export interface OrderPart {
  field: string;
  direction: "asc" | "desc";
}

/** How a list refuses a value: the parameter as sent, its value, and what it takes. */
export type OrderRefusal = (name: string, value: string, expected: string) => Error;

/** The order parameter, under either spelling; both given would leave one unused, so that is refused. Undefined when absent or empty. */
export function sentOrder(query: Json, refuse: OrderRefusal): SentOrder | undefined {
  const [upper, lower] = ORDER_PARAM_NAMES.map((name) => queryString(query, name));
  if (upper !== undefined && lower !== undefined) throw refuse("orderBy", `${upper} with orderby=${lower}`, "given once, as orderBy or as orderby, not both");
  const sent: SentOrder | undefined = upper !== undefined ? { name: "orderBy", text: upper } : lower !== undefined ? { name: "orderby", text: lower } : undefined;
  return sent === undefined || sent.text.trim() === "" ? undefined : sent;
}

/** What the parameter takes, said as it was sent: the forms of a value and the fields the list sorts on. */
export function orderForms(name: string, fields: readonly string[]): string {
  return `${name} takes asc:<field>, desc:<field>, <field> (ascending), +<field> or -<field>, comma-separated, and the fields this list sorts on are ${fields.join(", ")}`;
}

/**
 * Each part of the order, a field without a direction ascending, as AEP's Catalog reads it
 * (`orderBy=name,desc:updated`). A `+` arrives as a space when unencoded, which reads the same.
 * A part of another shape, or a field not in `fields`, is refused with the error `invalid` makes of
 * that part and of what the parameter takes.
 */
export function parseOrder(sent: SentOrder, fields: readonly string[], invalid: (part: string, expected: string) => Error): OrderPart[] {
  return sent.text.split(",").map((part) => {
    const match = /^\s*(?:(asc|desc):|([+-]))?\s*([A-Za-z]+)\s*$/i.exec(part);
    if (!match || !fields.includes(match[3])) throw invalid(match?.[3] ?? part.trim(), orderForms(sent.name, fields));
    const descending = match[1]?.toLowerCase() === "desc" || match[2] === "-";
    return { field: match[3], direction: descending ? "desc" : "asc" };
  });
}
