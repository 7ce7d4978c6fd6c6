/** Request bodies for the generated-request tests: a valid body with some fields replaced or removed. */

/** A path of keys into a body and its new value there (undefined removes the field). */
export type Mutation = [string[], unknown];

/**
 * A copy of `body` with each mutation applied (missing or non-object parents become objects), as JSON.
 * Each replacement is copied too: generators hand out the same constant object to several mutations, and a
 * later mutation's path into it would otherwise change that constant, or make the body refer to itself.
 * Every key is the body's own, `__proto__` and `constructor` included (generators favour them): an
 * assignment through them would change every object of the test process instead of the body.
 */
export function mutatedJson(body: unknown, mutations: readonly Mutation[]): string {
  const copy = structuredClone(body) as Record<string, unknown>;
  for (const [pathParts, replacement] of mutations) {
    let target: Record<string, unknown> = copy;
    for (const part of pathParts.slice(0, -1)) {
      const next = Object.hasOwn(target, part) ? target[part] : undefined;
      if (next === null || typeof next !== "object") setOwn(target, part, {});
      target = target[part] as Record<string, unknown>;
    }
    const last = pathParts[pathParts.length - 1];
    if (replacement === undefined) delete target[last];
    else setOwn(target, last, structuredClone(replacement));
  }
  return JSON.stringify(copy);
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
