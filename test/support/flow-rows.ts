import { randomUUID } from "node:crypto";
import type { Store } from "../../src/store/database.js";

/**
 * `count` enabled flows of org ORG, sandbox prod, written straight into the flows table (200 rows a
 * statement) for tests of the scheduler and the workers; returns their ids.
 */
export async function insertFlowRows(store: Store, count: number, { startTime, frequency }: { startTime: number; frequency: string }): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  for (let first = 0; first < count; first += 200) {
    await store.db
      .insertInto("flows")
      .values(ids.slice(first, first + 200).map((id) => ({
        id, ims_org_id: "ORG", sandbox_name: "prod", name: "f", state: "enabled", etag: '"e"', body: "{}",
        start_time: startTime, frequency, interval: 1, backfill: 0, scheduled_through: null, anchor_seq: null, anchor_time: null,
        secret: null, created_at: 0, updated_at: 0,
      })))
      .execute();
  }
  return ids;
}
