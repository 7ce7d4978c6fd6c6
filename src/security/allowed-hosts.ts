/**
 * Allow-lists of the hosts the service sends secrets or payloads to (a connection's access token,
 * a webhook's signed event). An entry is one of:
 * - a host: `adb-1234567890123456.7.azuredatabricks.net`, any port;
 * - a host pattern whose leading `*.` matches any subdomain (not the domain itself):
 *   `*.azuredatabricks.net`;
 * - an exact origin, `scheme://host[:port]`: `http://127.0.0.1:8090`. Only an origin entry names a
 *   scheme, so only it can let plain http through where https is the rule.
 */

/** Whether `url`'s host matches a host or pattern entry, or its origin an origin entry. */
export function isListed(url: URL, entries: readonly string[]): boolean {
  return entries.some((entry) => (isOriginEntry(entry) ? sameOrigin(url, entry) : hostMatches(url.hostname, entry)));
}

/** Whether `url`'s origin is listed as an origin entry, exactly. */
export function isListedOrigin(url: URL, entries: readonly string[]): boolean {
  return entries.some((entry) => isOriginEntry(entry) && sameOrigin(url, entry));
}

function isOriginEntry(entry: string): boolean {
  return entry.includes("://");
}

function sameOrigin(url: URL, entry: string): boolean {
  try {
    return new URL(entry).origin === url.origin;
  } catch {
    return false;
  }
}

function hostMatches(hostname: string, entry: string): boolean {
  const host = hostname.toLowerCase();
  const pattern = entry.trim().toLowerCase();
  if (!pattern.startsWith("*.")) return host === pattern;
  const domain = pattern.slice(2);
  return domain.length > 0 && host.length > domain.length + 1 && host.endsWith(`.${domain}`);
}

/** Where webhooks may point, as src/config.ts names it (config.runs). */
export interface WebhookPolicy {
  /** the embedded default: plain http to any host (local listeners) */
  webhookHttpAllowed: boolean;
  /** WEBHOOK_ALLOWED_HOSTS: hosts (or patterns, or origins) that may take plain http elsewhere */
  webhookAllowedHosts: readonly string[];
}

/** https to any host; plain http where the policy allows it. Anything else, or no URL at all, is refused. */
export function isWebhookUrlAllowed(text: string, policy: WebhookPolicy): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && (policy.webhookHttpAllowed || isListed(url, policy.webhookAllowedHosts));
}
