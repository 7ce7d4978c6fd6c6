/**
 * Which optional routes this service offers, read from its OpenAPI document (public, no token):
 * the console asks for a run's log or validates an expression only where the route exists, so an
 * older service gives no 404s in the browser's log.
 */
let document: Promise<Set<string>> | undefined;

export function hasRoute(method: string, path: string): Promise<boolean> {
  document ??= fetch("/openapi.json")
    .then((response) => (response.ok ? (response.json() as Promise<{ paths: Record<string, object> }>) : { paths: {} as Record<string, object> }))
    .then((doc) => new Set(Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item as object).map((m) => `${m.toUpperCase()} ${p}`))))
    .catch(() => new Set<string>());
  return document.then((routes) => routes.has(`${method.toUpperCase()} ${path}`));
}
