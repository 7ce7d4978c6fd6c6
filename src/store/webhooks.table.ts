/** Webhook deliveries waiting, done or given up: the outbox survives a restart. */
import { createHash } from "node:crypto";

export interface WebhookDeliveryTable {
  id: string;
  event_id: string;
  type: string;
  url: string;
  /** webhookUrlKey(url): a URL's deliveries are found through an index on it, never on the URL (of any length) itself */
  url_key: string | null;
  /** webhookTenantKey of the flow whose run it tells of; null on deliveries queued before tenants were stored, which count as one tenant */
  tenant_key: string | null;
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

/**
 * A fixed-width stand-in for a webhook URL (hex SHA-256). An index entry over ~2.7 KB fails the
 * INSERT on PostgreSQL, so a long URL in an index would lose the notification.
 */
export function webhookUrlKey(url: string): string {
  return createHash("sha256").update(url).digest("hex");
}

/** Whose delivery it is: a process gives one tenant, an IMS org's sandbox, only so many of its delivery slots. */
export function webhookTenantKey(imsOrgId: string, sandboxName: string): string {
  return JSON.stringify([imsOrgId, sandboxName]);
}
