/** Webhook deliveries waiting, done or given up: the outbox survives a restart. */
import { createHash } from "node:crypto";

export interface WebhookDeliveryTable {
  id: string;
  event_id: string;
  type: string;
  url: string;
  /** webhookUrlKey(url): a URL's deliveries are found through an index on it, never on the URL (of any length) itself */
  url_key: string | null;
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
