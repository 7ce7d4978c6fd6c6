import { randomUUID } from "node:crypto";
import type { Store } from "../../src/store/database.js";

/** What a test sets of the flow rows it writes; what it leaves out is the default shown. */
export interface FlowRowOptions {
  startTime: number;
  frequency: string;
  /** "ORG" */
  orgId?: string;
  /** "f" */
  name?: string;
  /** "enabled" */
  state?: string;
  /** "{}" */
  body?: string;
  /** 1 */
  interval?: number;
  /** 0 (1: the flow catches up on the windows it missed) */
  backfill?: number;
  /** null: no window has a run yet */
  scheduledThrough?: number | null;
  /** 0; the row's updated_at too */
  createdAt?: number;
}

/**
 * `count` flows of sandbox prod, written straight into the flows table (200 rows a statement) for
 * tests that need flows without the API; returns their ids.
 */
export async function insertFlowRows(store: Store, count: number, options: FlowRowOptions): Promise<string[]> {
  const { startTime, frequency, orgId = "ORG", name = "f", state = "enabled", body = "{}", interval = 1, backfill = 0, scheduledThrough = null, createdAt = 0 } = options;
  const ids = Array.from({ length: count }, () => randomUUID());
  for (let first = 0; first < count; first += 200) {
    await store.db
      .insertInto("flows")
      .values(ids.slice(first, first + 200).map((id) => ({
        id, ims_org_id: orgId, sandbox_name: "prod", name, state, etag: '"e"', body,
        start_time: startTime, frequency, interval, backfill, scheduled_through: scheduledThrough, anchor_seq: null, anchor_time: null,
        secret: null, created_at: createdAt, updated_at: createdAt,
      })))
      .execute();
  }
  return ids;
}
