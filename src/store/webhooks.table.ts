/** Webhook deliveries waiting, done or given up: the outbox survives a restart. */
import { createHash } from "node:crypto";

export interface WebhookDeliveryTable {
  id: string;
  event_id: string;
  type: string;
  url: string;
  /** webhookUrlKey(url): a URL's deliveries are found through an index on it, never on the URL (of any length) itself */
  url_key: string | null;
  /** webhookTenantKey of the flow whose run it tells of; null on deliveries queued without one, which count as one tenant */
  tenant_key: string | null;
  /**
   * DELIVERY_KEYS_VERSION when url_key and tenant_key are as this code works them out; null on a
   * delivery queued by older code (during a rolling upgrade), whose keys the delivery loop works
   * out before the delivery may be posted
   */
  keys_version: number | null;
  secret_ref: string | null;
  body: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/** How url_key and tenant_key are worked out; a delivery keyed otherwise (or not at all) has another keys_version. */
export const DELIVERY_KEYS_VERSION = 1;

/**
 * A webhook URL as its receiver gets it: the scheme and host in any case, a spelt-out default port,
 * `.` and `..` segments and a fragment (never sent) make no other receiver. Two webhooks of a flow
 * to one such URL are refused, and the outbox posts one such URL's deliveries one at a time.
 */
export function sameWebhookUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = "";
    return parsed.href;
  } catch {
    return url;
  }
}

/**
 * A fixed-width stand-in for a webhook URL (hex SHA-256 of sameWebhookUrl). An index entry over
 * ~2.7 KB fails the INSERT on PostgreSQL, so a long URL in an index would lose the notification.
 */
export function webhookUrlKey(url: string): string {
  return createHash("sha256").update(sameWebhookUrl(url)).digest("hex");
}

/** Whose delivery it is: one tenant, an IMS org's sandbox, gets only so many of the delivery slots. */
export function webhookTenantKey(imsOrgId: string, sandboxName: string): string {
  return JSON.stringify([imsOrgId, sandboxName]);
}

/**
 * The tenant of a delivery queued without one (by older code), from the run it tells of: its body's
 * event names the run's IMS org and sandbox. Null when it names none.
 */
export function webhookTenantKeyOfBody(body: string): string | null {
  try {
    const event = (JSON.parse(body) as { event?: { imsOrgId?: unknown; sandboxName?: unknown } }).event;
    return typeof event?.imsOrgId === "string" && typeof event.sandboxName === "string" ? webhookTenantKey(event.imsOrgId, event.sandboxName) : null;
  } catch {
    return null;
  }
}
