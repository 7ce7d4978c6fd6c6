/**
 * How long a webhook delivery's lease lasts unrenewed (WEBHOOK_LEASE_MS). Its heartbeat renews it
 * every third of it and cuts the POST off a sixth of it before it runs out, so a renewal has half a
 * lease to reach the database: below a second that is less than a busy database may take. Node's
 * timers wait no longer than the longest here.
 */
export const DEFAULT_WEBHOOK_LEASE_MS = 5_000;
export const MIN_WEBHOOK_LEASE_MS = 1_000;
export const MAX_WEBHOOK_LEASE_MS = 2_147_483_647;
