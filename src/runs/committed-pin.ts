/**
 * A re-triggered run pins the table again (run-service.ts), as its failed attempts committed
 * nothing. But an attempt can fail after its commit (its batch not recorded: the metadata store
 * refused it, and the run was not retried): the window's rows are in the dataset, read at the
 * version that attempt pinned, and the re-triggered run finds that commit again (one commit per
 * flow and window) and records its batch from it (committed-window.ts). Its pinned version must then
 * be that attempt's, the one the next window reads its late rows or changes since: a newer one would
 * leave the rows added in between to no window.
 */
import { openDeltaTable } from "../delta/index.js";
import type { RunDetails } from "./run-details.js";
import type { RunLog } from "./run-log.js";

/** Restores the version an earlier attempt read the window's committed rows at, when the dataset holds that commit. */
export async function keepCommittedPin(details: RunDetails, tableRoot: string, flowId: string, windowSeq: number, log: RunLog): Promise<void> {
  const promotion = details.promotion;
  if (details.pinnedVersion !== undefined || promotion?.readVersion === undefined || promotion.completedAt !== undefined) return;
  const table = openDeltaTable(tableRoot);
  if (!(await table.exists())) return;
  const committedThrough = await table.txnVersion(flowId);
  if (committedThrough === undefined || committedThrough < windowSeq) return;
  details.pinnedVersion = promotion.readVersion;
  if (promotion.readTableId !== undefined) details.sourceTableId = promotion.readTableId;
  await log.info(
    `an earlier attempt committed this window's rows, read at version ${promotion.readVersion}, without recording its batch: the run keeps that version, which the next window reads on from`,
  );
}
