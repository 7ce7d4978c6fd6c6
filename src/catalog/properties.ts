/**
 * Catalog's `properties=name,schemaRef` (AEP's "Limit displayed properties"): each object is answered
 * with only the named fields it has, `{}` when it has none of them. A name may reach inside an object
 * (`schemaRef.id`, `metrics.outputRecordCount`). Without the parameter, or empty, every field is answered.
 */
import { type Json, queryString } from "../aep-conventions/request-body.js";

export type Projection = (item: Json) => Json;

export function projectionOf(query: Json): Projection {
  const names = (queryString(query, "properties") ?? "").split(",").map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) return (item) => item;
  return (item) => {
    const shown: Json = {};
    for (const name of names) copyPath(item, shown, name.split("."));
    return shown;
  };
}

/** Copies the value at `path` of `from` into `to`, making the objects on the way; nothing when `from` has none there. */
function copyPath(from: Json, to: Json, path: string[]): void {
  const [head, ...rest] = path;
  if (!Object.hasOwn(from, head)) return;
  const value = from[head];
  if (rest.length === 0) {
    ownValue(to, head, value);
    return;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return;
  const inner = (Object.hasOwn(to, head) ? to[head] : ownValue(to, head, {})) as Json;
  copyPath(value as Json, inner, rest);
}

/** Sets `to[name]` as an own field, also when the name is `__proto__` (which an assignment would take as the object's prototype). */
function ownValue<T>(to: Json, name: string, value: T): T {
  Object.defineProperty(to, name, { value, enumerable: true, writable: true, configurable: true });
  return value;
}
