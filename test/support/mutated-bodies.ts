/** Request bodies for the generated-request tests: a valid body with some fields replaced or removed. */

/** A path of keys into a body and its new value there (undefined removes the field). */
export type Mutation = [string[], unknown];

/** A copy of `body` with each mutation applied (missing or non-object parents become objects), as JSON. */
export function mutatedJson(body: unknown, mutations: readonly Mutation[]): string {
  const copy = structuredClone(body) as Record<string, unknown>;
  for (const [pathParts, replacement] of mutations) {
    let target: any = copy;
    for (const part of pathParts.slice(0, -1)) {
      if (target[part] === null || typeof target[part] !== "object") target[part] = {};
      target = target[part];
    }
    if (replacement === undefined) delete target[pathParts[pathParts.length - 1]];
    else target[pathParts[pathParts.length - 1]] = replacement;
  }
  return JSON.stringify(copy);
}
