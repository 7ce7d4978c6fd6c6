/**
 * The workspace's side of an export in flight: the cluster command that writes the window to the
 * staging folder, or the SQL warehouse statement that reads it. It is kept in the run's details
 * once the workspace has taken it, before it is waited on, since a worker that dies or is stopped
 * meanwhile does not stop it: the next attempt of the run cancels it first, so it neither goes on
 * writing into a folder nobody reads nor holds the cluster's or warehouse's capacity.
 */
import type { ClusterCommand, DatabricksClient } from "../databricks/client.js";
import { DatabricksApiError, DatabricksSqlError, DatabricksTimeoutError } from "../databricks/errors.js";
import { DatabricksWarehouse } from "../databricks/warehouse.js";
import type { RunLog } from "./run-log.js";

export type ExportCommand = ClusterCommand | { warehouseId: string; statementId: string };

/** What of the run the cancel reads and writes. */
interface RunWithCommand {
  details: { exportCommand?: ExportCommand };
  save: () => Promise<void>;
  log: Pick<RunLog, "info" | "warn">;
}

/** Keeps `command` in the run's details, saved before the export is waited on. */
export async function recordExportCommand(run: RunWithCommand, command: ExportCommand): Promise<void> {
  run.details.exportCommand = command;
  await run.save();
}

/** Forgets the command once it has ended (saved with the attempt's next save). */
export function exportCommandEnded(run: Pick<RunWithCommand, "details">): void {
  delete run.details.exportCommand;
}

/**
 * `work` (an export on the workspace), calling `ended` once its command is known to have ended: it
 * finished, failed, was cancelled, or outlived its time and was cancelled then. After any other
 * failure (the workspace not answering a poll) it may still run, and stays for the next attempt.
 */
export async function whenEnded<T>(work: Promise<T>, ended: () => void): Promise<T> {
  try {
    const result = await work;
    ended();
    return result;
  } catch (error) {
    if (error instanceof DatabricksSqlError || error instanceof DatabricksTimeoutError) ended();
    throw error;
  }
}

/**
 * The export of an attempt whose run was cancelled (its lease taken back), stopped on the cluster at once: best effort and recording
 * nothing, the run being no longer the attempt's. A SQL warehouse's statement is cancelled by the attempt's signal itself.
 */
export async function stopExport(client: DatabricksClient, command: ExportCommand | undefined): Promise<void> {
  if (!command || !("commandId" in command)) return;
  await client.cancelCommand(command.clusterId, command.contextId, command.commandId).catch(() => undefined);
}

/**
 * Cancels the export an earlier attempt of the run left (interrupted, or one that lost sight of it),
 * then forgets it. Best effort: one that ended already is left as it ended, and a cancel that fails
 * is a line in the run's log, never the run's failure (the folder it writes to is removed once
 * quiet, leftovers.ts).
 */
export async function cancelInterruptedExport(client: DatabricksClient, run: RunWithCommand): Promise<void> {
  const command = run.details.exportCommand;
  if (!command) return;
  const what = "commandId" in command ? `command ${command.commandId} on cluster ${command.clusterId}` : `statement ${command.statementId} on SQL warehouse ${command.warehouseId}`;
  try {
    if ("commandId" in command) {
      await client.cancelCommand(command.clusterId, command.contextId, command.commandId);
      await giveBackContext(client, command, run);
    } else {
      await new DatabricksWarehouse(client, command.warehouseId).cancelStatement(command.statementId);
    }
    await run.log.info(`cancelled the export an earlier attempt left running (${what}), unless it had ended`);
  } catch (error) {
    if (error instanceof DatabricksApiError && error.isNotFound) {
      await run.log.info(`the export an earlier attempt left (${what}) is gone already: its context, cluster or result ended`);
    } else {
      const folder = "commandId" in command ? "; its staging folder is removed once nothing is written to it for an hour" : "";
      await run.log.warn(`the export an earlier attempt left (${what}) could not be cancelled: ${(error as Error).message}${folder}`);
    }
  }
  exportCommandEnded(run);
  await run.save();
}

/**
 * Destroys the execution context the interrupted attempt opened for its command: nobody else uses
 * it, and a cluster holds about 150 of them, idle ones evicted only while its idle context
 * tracking is on: interrupted attempts would otherwise use them up until the cluster restarts.
 */
async function giveBackContext(client: DatabricksClient, command: ClusterCommand, run: RunWithCommand): Promise<void> {
  try {
    await client.destroyContext(command.clusterId, command.contextId);
  } catch (error) {
    if (error instanceof DatabricksApiError && error.isNotFound) return;
    await run.log.warn(`the execution context ${command.contextId} an earlier attempt left on cluster ${command.clusterId} could not be destroyed: ${(error as Error).message}`);
  }
}
