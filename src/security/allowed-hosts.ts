/**
 * Allow-lists of the hosts the service sends secrets or payloads to (a connection's access token,
 * a webhook's signed event). An entry is one of:
 * - a host: `adb-1234567890123456.7.azuredatabricks.net`, any port (an IPv6 address with or
 *   without brackets: `::1`, `[::1]`);
 * - a host pattern whose leading `*.` matches any subdomain (not the domain itself):
 *   `*.azuredatabricks.net`;
 * - an exact origin, `scheme://host[:port]`: `http://127.0.0.1:8090`. Only an origin entry names a
 *   scheme, so only it can let plain http through where https is the rule.
 */
import { addressOfHostname, describeRange, internalRangeOf } from "./internal-addresses.js";

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
  // an IPv6 entry may be written with or without the brackets a URL puts around it
  const host = addressOfHostname(hostname.toLowerCase());
  const pattern = addressOfHostname(entry.trim().toLowerCase());
  if (!pattern.startsWith("*.")) return host === pattern;
  const domain = pattern.slice(2);
  return domain.length > 0 && host.length > domain.length + 1 && host.endsWith(`.${domain}`);
}

/** Where webhooks may point, as src/config.ts names it (config.runs). */
export interface WebhookPolicy {
  /** the embedded default on loopback: any http(s) URL, plain http and internal addresses included (local listeners) */
  webhooksUnrestricted: boolean;
  /** WEBHOOK_ALLOWED_HOSTS: hosts (or patterns, or origins) a webhook may reach elsewhere over plain http or at an internal address */
  webhookAllowedHosts: readonly string[];
}

const LISTING = "an operator lists its host in the setting WEBHOOK_ALLOWED_HOSTS";

/** Why a webhook does not go to an internal address, after where that address is (`10.1.2.3 is a private … address (10.0.0.0/8)`). */
export function internalAddressRefusal(where: string): string {
  return `${where}, inside the service's own network: a webhook reaches only public addresses unless ${LISTING} (an internal receiver on purpose)`;
}

/**
 * Why a webhook URL is refused, or undefined when it is taken: https to a host that is not an
 * internal IP address; plain http or an internal address only where the policy allows it. A host
 * name's addresses are checked when posting (webhookLookupGuarded).
 */
export function webhookUrlRefusal(text: string, policy: WebhookPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "A webhook must be an https URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "A webhook must be an https URL";
  // a password there would be stored, shown by every GET of the flow and sent with each delivery
  if (url.username !== "" || url.password !== "") return "A webhook URL must not carry credentials (a user name or password before its host): give the URL only; the webhook's secret signs each delivery";
  if (!webhookLookupGuarded(url, policy)) return undefined;
  if (url.protocol === "http:") return `A webhook must use https; plain http is taken only on the embedded default listening on loopback (HOST 127.0.0.1) and where ${LISTING}`;
  const address = addressOfHostname(url.hostname);
  const range = internalRangeOf(address);
  return range ? internalAddressRefusal(`${address} is ${describeRange(range)}`) : undefined;
}

/** Whether posting to `url` must resolve its host with publicOnlyLookup: everywhere but the embedded default and the listed hosts. */
export function webhookLookupGuarded(url: URL, policy: WebhookPolicy): boolean {
  return !policy.webhooksUnrestricted && !isListed(url, policy.webhookAllowedHosts);
}
