/**
 * What a request no route answers most likely meant (docs/api/conventions.md#error-codes): the
 * methods its path does take (PUT on a connection, which takes GET, PATCH and DELETE), or else the one
 * route whose path differs from it only by a mistyped segment (`/flowservice/connection`,
 * `/sourceconnections`), with the request's own ids in place of the route's parameters; a schema's
 * $id put into a path as it is, slashes and all, is shown URL-encoded.
 */
import { closestName } from "../util/closest-name.js";

export interface KnownRoute {
  method: string;
  /** Fastify's pattern: `/data/foundation/flowservice/connections/:id` */
  url: string;
}

/** A sentence to add after "No resource exists at …", or "" when nothing is likely. */
export function routeSuggestion(routes: readonly KnownRoute[], method: string, path: string): string {
  const segments = segmentsOf(path);
  const patterns = routes.filter((r) => r.method !== "HEAD" && !r.url.includes("*"));
  const sameMethods = [...new Set(patterns.filter((r) => matches(segmentsOf(r.url), segments)).map((r) => r.method))];
  if (sameMethods.length > 0) return ` ${path} takes ${sameMethods.join(", ")}.`;
  const encoded = withUrlEncoded(patterns, method, segments);
  if (encoded) return ` An id that is a URL (a schema's $id) is URL-encoded in a path: did you mean ${method} ${encoded}?`;
  const suggestion = closestRoute(patterns, method, segments);
  return suggestion ? ` Did you mean ${suggestion}?` : "";
}

/**
 * The request's path with a URL in it (`…/schemas/https://ns.adobe.com/…/schemas/abc`, slashes and
 * all) made one encoded segment, when a route of the request's method then matches it.
 */
function withUrlEncoded(routes: readonly KnownRoute[], method: string, segments: readonly string[]): string | undefined {
  const start = segments.findIndex((s) => /^https?:$/i.test(s));
  if (start < 0) return undefined;
  for (let end = segments.length - 1; end > start; end--) {
    const url = `${segments[start]}//${segments.slice(start + 1, end + 1).join("/")}`;
    const candidate = [...segments.slice(0, start), encodeURIComponent(url), ...segments.slice(end + 1)];
    if (routes.some((r) => r.method === method && matches(segmentsOf(r.url), candidate))) return `/${candidate.join("/")}`;
  }
  return undefined;
}

function segmentsOf(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

function isParameter(segment: string): boolean {
  return segment.startsWith(":");
}

function matches(pattern: readonly string[], segments: readonly string[]): boolean {
  return pattern.length === segments.length && pattern.every((p, i) => isParameter(p) || p === segments[i]);
}

/**
 * The route of the same length whose segments equal the request's but for one literal, the closest
 * name to the request's segment there among the routes that differ only there (a case or a letter or
 * two apart); the request's own method first. Undefined when none is, or when several are as close.
 */
function closestRoute(routes: readonly KnownRoute[], method: string, segments: readonly string[]): string | undefined {
  // by the position of the one differing segment: the names routes have there, and the routes
  const byPosition = new Map<number, Map<string, KnownRoute[]>>();
  for (const route of routes) {
    const pattern = segmentsOf(route.url);
    if (pattern.length !== segments.length) continue;
    const differing = pattern.flatMap((p, i) => (isParameter(p) || p === segments[i] ? [] : [i]));
    if (differing.length !== 1) continue;
    const names = byPosition.get(differing[0]) ?? new Map<string, KnownRoute[]>();
    names.set(pattern[differing[0]], [...(names.get(pattern[differing[0]]) ?? []), route]);
    byPosition.set(differing[0], names);
  }
  const suggestions: string[] = [];
  for (const [at, names] of byPosition) {
    const name = closestName(segments[at], names.keys());
    if (name === undefined) continue;
    const candidates = names.get(name)!;
    const takes = candidates.find((r) => r.method === method) ?? candidates[0];
    suggestions.push(`${takes.method} /${segments.map((s, i) => (i === at ? name : s)).join("/")}`);
  }
  return suggestions.length === 1 ? suggestions[0] : undefined;
}
