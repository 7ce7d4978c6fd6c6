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

export function decodeContinuationToken(token: string): ListPosition {
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
      (body.a[0] === null || ["string", "number", "boolean"].includes(typeof body.a[0]));
    if (!valid) throw new Error("not a token of ours");
    return { filters: body.f, order: body.o, after: [body.a[0] ?? undefined, body.a[1]] };
  } catch {
    throw Errors.queryValueInvalid("continuationToken", token);
  }
}
