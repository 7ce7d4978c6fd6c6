/** Reading request bodies field by field, with the SRC/FLOW error each mistake deserves. */
import { Errors } from "./errors/catalogue.js";
import { HIDDEN_VALUE, kindOfValue, secretTextProblem } from "./secret-properties.js";

export type Json = Record<string, unknown>;

/** the text of each parsed JSON body (src/http's parser keeps it), for a route that must read its numbers as written */
const bodyTexts = new WeakMap<object, string>();

export function keepBodyText(request: object, text: string): void {
  bodyTexts.set(request, text);
}

/** The request's JSON body as it was sent: JSON.parse has made each number a double, this keeps its digits. */
export function bodyTextOf(request: object): string | undefined {
  return bodyTexts.get(request);
}

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** The body of a create: a JSON object (FLOW-1405 when absent, FLOW-1104 when not an object). */
export function requireBody(body: unknown): Json {
  if (body === undefined || body === null || (typeof body === "string" && body.trim() === "")) throw Errors.bodyEmpty();
  if (!isObject(body)) throw Errors.invalidRequest("the body must be a JSON object");
  return body;
}

export function requireObject(parent: Json, key: string, path: string): Json {
  const value = parent[key];
  if (value === undefined || value === null) throw Errors.mandatoryFieldMissing(path);
  if (!isObject(value)) throw Errors.paramValueInvalid(kindOfValue(value), path, "It must be an object");
  return value;
}

export function optionalObject(parent: Json, key: string, path: string): Json | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw Errors.paramValueInvalid(kindOfValue(value), path, "It must be an object");
  return value;
}

/** A required string: absent (or null) is SRC-1304 "not provided"; given but empty or blank (`"name": ""`, a PATCH's `"value": ""`) is SRC-1312 saying so. */
export function requireString(parent: Json, key: string, path: string): string {
  const value = parent[key];
  if (value === undefined || value === null) throw Errors.mandatoryFieldMissing(path);
  if (typeof value !== "string") throw Errors.paramValueInvalid(kindOfValue(value), path, "It must be a string");
  if (value.trim() === "") throw Errors.paramValueInvalid(JSON.stringify(value), path, "It is empty: it must be a non-empty string");
  return value;
}

/** A token or secret, trimmed: a required string fit for an HTTP header; an error names the property, never the value. */
export function requireSecret(parent: Json, key: string, path: string): string {
  const value = requireString(parent, key, path).trim();
  const problem = secretTextProblem(value);
  if (problem) throw Errors.paramValueInvalid(HIDDEN_VALUE, path, problem);
  return value;
}

export function optionalString(parent: Json, key: string, path: string): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw Errors.paramValueInvalid(kindOfValue(value), path, "It must be a string");
  return value;
}

/** A boolean, also as the strings "true"/"false" that the docs' examples send. */
export function optionalBoolean(parent: Json, key: string, path: string): boolean | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw Errors.paramValueInvalid(typeof value === "string" ? JSON.stringify(value) : kindOfValue(value), path, "It must be true or false");
}

/**
 * Only these top-level fields in a create body (`what`: "flow", "source connection"): another, a
 * misspelt one say, would be dropped unseen, so it is refused with the fields the body takes (SRC-1312).
 * `refusedApart`: fields refused elsewhere with a reason of their own.
 */
export function onlyCreateFields(body: Json, fields: readonly string[], what: string, refusedApart: readonly string[] = []): void {
  const unknown = Object.keys(body).find((field) => !fields.includes(field) && !refusedApart.includes(field));
  if (unknown !== undefined) throw Errors.fieldNotAccepted(unknown, what, fields);
}

/** Only these keys; anything else is named in the error (FLOW-1451 for query parameters). */
export function onlyQueryParams(query: Json, allowed: readonly string[]): void {
  for (const key of Object.keys(query)) if (!allowed.includes(key)) throw Errors.queryParamInvalid(key, allowed);
}

/** A query flag, given once: absent → false; true/false in any case. */
export function queryFlag(query: Json, name: string): boolean {
  const text = queryString(query, name);
  if (text === undefined) return false;
  if (!/^(true|false)$/i.test(text)) throw Errors.queryValueInvalid(name, text, "true or false");
  return text.toLowerCase() === "true";
}

/** Every value a query parameter was given, in order (none when absent). */
export function queryValues(query: Json, name: string): string[] {
  const raw = query[name];
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]).map(String);
}

/** A query parameter's one value; given twice, it is refused. */
export function queryString(query: Json, name: string): string | undefined {
  const values = queryValues(query, name);
  if (values.length > 1) throw Errors.queryValueInvalid(name, values.join(","), "one value, given once");
  return values[0];
}

/** A query parameter that must be a whole number from `least` (to 2^53−1), given once; undefined when absent. */
export function queryWholeNumber(query: Json, name: string, least: number): number | undefined {
  const text = queryString(query, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) < least || !Number.isSafeInteger(Number(text))) throw Errors.queryValueInvalid(name, text, `a whole number from ${least}`);
  return Number(text);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
