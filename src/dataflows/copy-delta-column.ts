/**
 * A `once` flow's delta column: none at creation (SRC-1369), set by its first on-demand run that
 * names one, and from then on the flow's own, in its Copy transformation (docs/api/runs.md).
 */
import { isObject, type Json } from "../aep-conventions/request-body.js";
import { deltaColumnOf } from "./flow-request.js";

export { deltaColumnOf };

/** The flow document with `name` as its Copy transformation's delta column (a Copy is added when it has none). */
export function withDeltaColumn(document: Json, name: string): Json {
  const transformations = Array.isArray(document.transformations) ? document.transformations : [];
  const isCopy = (t: unknown) => isObject(t) && String(t.name).toLowerCase() === "copy";
  const copy = transformations.find(isCopy) as Json | undefined;
  const patched = { ...(copy ?? { name: "Copy" }), params: { ...(isObject(copy?.params) ? copy.params : {}), deltaColumn: { name } } };
  return {
    ...document,
    transformations: copy ? transformations.map((t) => (isCopy(t) ? patched : t)) : [patched, ...transformations],
  };
}

/** The flow document without its Copy transformation's delta column (what a `once` flow is validated as). */
export function withoutDeltaColumn(document: Json): Json {
  if (!Array.isArray(document.transformations)) return document;
  return {
    ...document,
    transformations: document.transformations.map((t) => {
      if (!isObject(t) || String(t.name).toLowerCase() !== "copy" || !isObject(t.params)) return t;
      const { deltaColumn: _dropped, ...params } = t.params;
      return { ...t, params };
    }),
  };
}
