/**
 * The batch and dataSetFile lists with filters the store cannot apply (docs/api/catalog.md#list-batches):
 * the store reads the batches its own filters leave in the list's order, a window at a time, and
 * each batch's Catalog object (the batch, or its dataset file) is tested until `start` + `limit` of
 * them hold, so a list costs the batches read up to its page, not the sandbox's. The windows are
 * read in one transaction, from one snapshot (PostgreSQL's repeatable read; SQLite's one connection
 * holds off writers meanwhile): a batch recorded or deleted between two windows would otherwise move
 * the next window by one, answering a batch twice or skipping one.
 */
import type { CallerSandbox } from "../aep-conventions/caller.js";
import { matchesAll, type PropertyFilter } from "../aep-conventions/listing/property-filter.js";
import type { Json } from "../aep-conventions/request-body.js";
import type { Store } from "../store/database.js";
import { type BatchQuery, type BatchRecord, listBatches } from "../store/batches.repository.js";
import { catalogBatch } from "./batches.js";

/** Batches read per round when filters are tested. */
const WINDOW = 500;

/** `objectOf`: what the filters are tested on, the batch's Catalog object unless another is named. */
export async function listFilteredBatches(
  db: Store["db"],
  caller: CallerSandbox,
  query: BatchQuery,
  filters: readonly PropertyFilter[],
  objectOf: (batch: BatchRecord) => Json = catalogBatch,
): Promise<BatchRecord[]> {
  if (filters.length === 0) return listBatches(db, caller, query);
  const wanted = query.offset + query.limit;
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (snapshot) => {
      const found: BatchRecord[] = [];
      for (let offset = 0; ; offset += WINDOW) {
        const window = await listBatches(snapshot, caller, { ...query, offset, limit: WINDOW });
        found.push(...window.filter((batch) => matchesAll(objectOf(batch), filters)));
        if (found.length >= wanted || window.length < WINDOW) break;
      }
      return found.slice(query.offset, wanted);
    });
}
