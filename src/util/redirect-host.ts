/**
 * The host a redirect points at, its Location resolved against the URL that answered: what an
 * error may name of a redirect that was not followed. Never its path or query, which may carry a
 * signature or a token. Undefined without a Location, or with one that is not a URL.
 */
export function redirectHost(location: string | null, requested: string | URL): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, requested).host;
  } catch {
    return undefined;
  }
}
