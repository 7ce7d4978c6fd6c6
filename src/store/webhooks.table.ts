/** Webhook deliveries waiting, done or given up: the outbox survives a restart. */
export interface WebhookDeliveryTable {
  id: string;
  event_id: string;
  type: string;
  url: string;
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
