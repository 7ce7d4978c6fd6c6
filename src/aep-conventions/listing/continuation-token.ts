/**
 * Continuation tokens: the position after which the next page starts, with the filters and order
 * that produced the page, so that `_links.next.href` can be `/<resource>?continuationToken=<t>`
 * alone (docs/api/conventions.md#paging). base64url without padding: the token holds no `=`, which
 * aepp's `href.split("=")[1]` relies on.
 */
import { Errors } from "../errors/catalogue.js";
import type { SortKey } from "./order.js";

export interface ListPosition {
  filters: string[];
  order: string;
  after: SortKey;
}

const VERSION = 1;

export function encodeContinuationToken(position: ListPosition): string {
  const body = { v: VERSION, f: position.filters, o: position.order, a: position.after };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

/** The position a token names; `parameter` is the query parameter that carried it, named by the error when it is not a token of ours. */
export function decodeContinuationToken(token: string, parameter = "continuationToken"): ListPosition {
  const position = readContinuationToken(token);
  if (!position) throw Errors.queryValueInvalid(parameter, token.slice(0, 200), "a token this list gave: follow _links.next.href of the page before as it is");
  return position;
}

/** The position a token names, or undefined when the text is not a token of ours. */
export function readContinuationToken(token: string): ListPosition | undefined {
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new Error("not base64url");
    const body = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    const valid =
      body?.v === VERSION &&
      Array.isArray(body.f) &&
      body.f.every((f: unknown) => typeof f === "string") &&
      typeof body.o === "string" &&
      Array.isArray(body.a) &&
      body.a.length === 2 &&
      typeof body.a[1] === "string" &&
      (isScalar(body.a[0]) || (Array.isArray(body.a[0]) && body.a[0].every(isScalar)));
    if (!valid) return undefined;
    return { filters: body.f, order: body.o, after: [body.a[0] ?? undefined, body.a[1]] };
  } catch {
    return undefined;
  }
}

/** a value of an order's field as JSON keeps it: null stands for a missing value */
function isScalar(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}
