/**
 * Delivers run notifications to webhooks without ever blocking a run: `send` returns at once and
 * the delivery retries in the background with exponential backoff (5xx, 429, network errors;
 * a 4xx other than 429 is final). `drain()` waits for deliveries in flight, for a clean shutdown.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { SIGNATURE_HEADER, signPayload } from "./signature.js";

export type RunEventType = "sources_flow_run_success" | "sources_flow_run_failure" | "sources_flow_run_delayed";

export interface WebhookTarget {
  url: string;
  /** HMAC secret; unsigned deliveries when absent */
  secret?: string;
}

export interface WebhookSenderOptions {
  attempts?: number;
  initialBackoffMs?: number;
  timeoutMs?: number;
  logger?: Logger;
}

export class WebhookSender {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly attempts: number;
  private readonly initialBackoffMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: WebhookSenderOptions = {}) {
    this.attempts = options.attempts ?? 6;
    this.initialBackoffMs = options.initialBackoffMs ?? 1_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Queues one delivery per target; returns the event id. */
  send(targets: readonly WebhookTarget[], type: RunEventType, event: unknown): string {
    const eventId = randomUUID();
    const body = JSON.stringify({ event_id: eventId, type, event });
    for (const target of targets) {
      const delivery = this.deliver(target, type, eventId, body).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
    return eventId;
  }

  /**
   * Waits for the deliveries in flight, at most `timeoutMs` when given (a shutdown must not wait
   * through the backoff of a receiver that is down).
   */
  async drain(timeoutMs?: number): Promise<void> {
    const settled = (async () => {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    })();
    if (timeoutMs === undefined) return settled;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    });
    await Promise.race([settled, deadline]);
    clearTimeout(timer);
    if (this.inFlight.size > 0) this.options.logger?.warn({ pending: this.inFlight.size }, "webhook deliveries abandoned at shutdown");
  }

  private async deliver(target: WebhookTarget, type: RunEventType, eventId: string, body: string): Promise<void> {
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "x-databricks-source-event": type,
        "x-databricks-source-event-id": eventId,
        "x-databricks-source-delivery-attempt": String(attempt),
      };
      if (target.secret) headers[SIGNATURE_HEADER] = signPayload(target.secret, body, Math.floor(Date.now() / 1000));
      let retry: boolean;
      try {
        const response = await fetch(target.url, { method: "POST", headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return;
        retry = response.status >= 500 || response.status === 429;
        this.options.logger?.warn({ eventId, type, status: response.status, attempt }, "webhook delivery refused");
      } catch (error) {
        retry = true;
        this.options.logger?.warn({ eventId, type, attempt, err: (error as Error).message }, "webhook delivery failed");
      }
      if (!retry || attempt === this.attempts) break;
      await new Promise((resolve) => setTimeout(resolve, this.initialBackoffMs * 2 ** (attempt - 1)));
    }
    this.options.logger?.error({ eventId, type }, "webhook delivery given up");
  }
}
