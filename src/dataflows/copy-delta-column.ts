/**
 * A `once` flow's delta column: none at creation (SRC-1369), set by its first on-demand run that
 * names one, and from then on the flow's own, in its Copy transformation (docs/api/runs.md).
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import { isObject, type Json } from "../aep-conventions/request-body.js";
import type { Store } from "../store/database.js";
import { findResource } from "../store/resources.repository.js";
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

/**
 * A run's new delta column must be a column the flow's source connection lists (as a recurring
 * flow's is checked at creation): once patched in, it stays the flow's. A source that lists no
 * columns cannot tell, and the run's export names a missing one.
 */
export async function checkRunDeltaColumn(store: Store, scope: CallerSandbox, document: Json, name: string): Promise<void> {
  const sourceId = Array.isArray(document.sourceConnectionIds) ? String(document.sourceConnectionIds[0]) : "";
  const source = await findResource(store.db, "sourceConnection", scope, sourceId);
  const params = isObject(source?.document.params) ? source.document.params : {};
  const columns = Array.isArray(params.columns) ? params.columns.filter(isObject).map((c) => String(c.name)) : [];
  if (columns.length > 0 && !columns.includes(name)) {
    throw Errors.paramValueInvalid(name, "params.deltaColumn.name", `it is not a column of the flow's source connection ${sourceId} (${columns.join(", ")})`);
  }
}
