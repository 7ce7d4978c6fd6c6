/**
 * One run, end to end (docs/api/runs.md); steps 1, 3 and 6 are the source's (window-source.ts: this
 * file's cluster, or a SQL warehouse in warehouse-source.ts, whose rows come back as Arrow chunks):
 *   1. the cluster runs (a TERMINATED one is started and waited for, with backoff), and its Spark
 *      config holds a usable SAS for the staging container (else the run fails at once, naming the fix)
 *   2. the source table's version is pinned (DESCRIBE HISTORY), so bounds and read see one snapshot
 *   3. the cluster exports the window's rows as Parquet to the staging container (WASB, its own SAS)
 *   4. the staged files are read back with the service's credentials, mapped and validated
 *   5. the valid rows are committed to the dataset exactly once per (flow, window)
 *   6. the staged files are deleted; metrics, batch and row errors are recorded
 * Each step's progress is saved in the run's details, so a retry after a crash resumes with the
 * same batch id, and GET /runs shows where a run is. A window whose commit an earlier attempt made
 * without recording its batch goes from its inputs straight to step 6's record of that commit.
 */
import { randomUUID } from "node:crypto";
import type { ContainerClient } from "@azure/storage-blob";
import { rm } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import { type ClusterCommand, DatabricksClient, type DatabricksCluster } from "../databricks/client.js";
import { secretsOf } from "../databricks/oauth-tokens.js";
import { computeStateLine, type ComputeStateSeen } from "../databricks/compute-state.js";
import { CLUSTER_START_TIMEOUT_SETTING, DatabricksApiError, DatabricksError, DatabricksSqlError } from "../databricks/errors.js";
import type { BlobAccount } from "../landing-zone/blob-account.js";
import type { LandingZoneService } from "../landing-zone/service.js";
import { newBatchId } from "../lake/batch-id.js";
import { type IngestResult, ingestStaged } from "../lake/ingest.js";
import { batchRowErrorsDir, datasetTableRoot } from "../lake/lake-paths.js";
import { MappingError } from "../dataprep/mapping-sql.js";
import { attemptStagingPrefix, blobStagedInput, deleteStaged, listStagedFiles, type StagedFile } from "../lake/staged-files.js";
import { type BatchRecord, batchRecorded, findWindowBatch, recordBatch } from "../store/batches.repository.js";
import type { Store } from "../store/database.js";
import type { RunTable } from "../store/dataflows.table.js";
import { saveRunDetails } from "../store/runs.repository.js";
import { allStagingContainers, stagingContainer as sandboxStagingContainer } from "./staging-containers.js";
import { type ExportRead, exportSql } from "./export-sql.js";
import { changeFeedGap, changeKeyColumns, describeRead, exportRead, lateRowsGap, latestVersion, type ReadContext, refuseEmptyContinuation, refuseRepeatedKeys, tableOf, warnOfUnwindowedRows } from "./read-plan.js";
import { withLateRowColumns } from "./late-row-columns.js";
import { pinnedColumns, withVariantColumns } from "./variant-columns.js";
import { refuseRestoredRows } from "./restored-rows.js";
import { explainingRenamedColumns } from "./renamed-listed-columns.js";
import { missingMappedColumnsCheck } from "./missing-mapped-columns.js";
import { changeDataRead, resyncDeletes } from "./change-read.js";
import { type SourceHistory, sourceHistory } from "./source-history.js";
import { readsSinceWholeRead, refuseReplacedTable, sourceTableId } from "./source-table-identity.js";
import { keyNullRowChecks } from "./net-changes.js";
import { CHANGE_COLUMNS } from "../lake/change-rows.js";
import { type RunError, RunErrors, RunFailure } from "../aep-conventions/errors/catalogue.js";
import { parseDetails, type RunDetails, runSandbox } from "./run-details.js";
import type { RunInputs } from "./run-inputs.js";
import type { ExecutionContext, RunExecutor, RunOutcome } from "./worker.js";
import { RunLeftovers, type RunTouched, runWorkFolderName } from "./leftovers.js";
import { requireStagingSas, stagingSasFailureOf } from "./staging-sas.js";
import { SOURCE_GONE_CODE, sourceGoneFailure } from "./source-gone.js";
import { columnTypeChangeFailure } from "./column-type-change.js";
import { storeFailedRun } from "./store-failed.js";
import { keepCommittedPin } from "./committed-pin.js";
import { committedWindow } from "./committed-window.js";
import { workspaceRefusedFailure } from "./workspace-refused.js";
import { RunLog, RunNotHeld } from "./run-log.js";
import { redactedErrors, reportFailure } from "./failure-report.js";
import type { StagedWindow, WindowSource } from "./window-source.js";
import { warehouseSource } from "./warehouse-source.js";
import { sharingSource } from "./sharing-source.js";
import { ResultLinkRefusedError } from "../databricks/result-links.js";
import { DatabricksWarehouse } from "../databricks/warehouse.js";
import { cancelInterruptedExport, stopExport, exportCommandEnded, recordExportCommand, whenEnded } from "./export-command.js";
import { ancientDatetimeRefusal, exportCalendarSettings } from "./export-calendar.js";
import { LegacyCalendarError } from "../lake/legacy-calendar.js";

export interface ExecutorSettings {
  lakeRoot: string;
  tempRoot: string;
  /** how long a run waits for a terminated cluster to start (default 20 minutes) */
  clusterStartTimeoutMs: number;
  /** one SQL command on the cluster (the export can be long) */
  commandTimeoutMs: number;
  requestTimeoutMs?: number;
  /** the local disk one run's ingestion may fill (INGEST_SCRATCH_BYTES); unset, a window's staged files are read as one group */
  ingestScratchBytes?: number;
  /** the most of a shared table a change window downloads to check its keys (RUN_SHARING_KEY_CHECK_BYTES) */
  sharingKeyCheckBytes?: number;
}

export interface ExecutorDeps {
  store: Store;
  landingZone: LandingZoneService;
  blobAccount: BlobAccount;
  loadInputs: (run: RunTable) => Promise<RunInputs>;
  settings: ExecutorSettings;
  logger?: Logger;
}

/** What one run works with: its row, its inputs, its details (saved as it goes), its worker's context. */
interface RunState {
  run: RunTable;
  inputs: RunInputs;
  details: RunDetails;
  context: ExecutionContext;
  save: () => Promise<void>;
  /** the run's own log and phase (GET /runs/{id}/logs, GET /runs) */
  log: RunLog;
  /** a step on the workspace: its refusals and failures become the run's failure (onWorkspace) */
  onWorkspace: <T>(work: () => Promise<T>) => Promise<T>;
}

/** The executor of runs; after each run, and when its worker starts, it removes what interrupted runs left. */
export function createRunExecutor(deps: ExecutorDeps): RunExecutor {
  const leftovers = new RunLeftovers(deps.store, deps.settings, deps.logger, Date.now, () => allStagingContainers(deps.store, deps.blobAccount));
  const execute = async (run: RunTable, context: ExecutionContext): Promise<RunOutcome> => {
    const touched: RunTouched = {};
    try {
      return await executeRun(deps, run, context, (inputs) => {
        touched.datasetId = inputs.target.datasetId;
        if (!inputs.connection.sharing && inputs.connection.warehouseId === undefined) {
          touched.staging = { flowId: inputs.flow.id, container: () => stagingContainer(deps, run).then((s) => s.container) };
        }
      });
    } finally {
      await leftovers
        .removeAfterRun(touched)
        .catch((error) => deps.logger?.warn({ err: error, runId: run.id }, "leftovers of interrupted runs could not be removed"));
    }
  };
  return Object.assign(execute, { removeLeftovers: () => leftovers.removeAll() });
}

/** The six steps; `onInputs` learns what the run reads and writes once that is loaded. */
async function executeRun(deps: ExecutorDeps, run: RunTable, context: ExecutionContext, onInputs: (inputs: RunInputs) => void): Promise<RunOutcome> {
  const details: RunDetails = parseDetails(run);
  delete details.errors;
  const save = () => saveRunDetails(deps.store.db, run.id, context.workerId, details, context.now());
  const log = new RunLog(deps.store, run, context.workerId, context.now, deps.logger, context.signal);
  try {
    // A run that committed and recorded its batch, then lost its worker before finishing, is done.
    const done = await findWindowBatch(deps.store.db, run.flow_id, Number(run.window_seq));
    if (done) {
      await log.info(`batch ${done.id} of this window was committed by an earlier attempt: finished from it`);
      return finishedEarlier(details, done);
    }

    // the copy covers the attempt's cluster wait, pinned version and export (or read): it starts here, and ends with them or with the attempt's failure
    details.copy = { startedAt: context.now(), files: 0, bytes: 0 };
    await save();
    const inputs = await loadInputs(deps, run, details);
    for (const secret of secretsOf(inputs.connection.credentials)) log.keepSecret(secret);
    const state: RunState = { run, inputs, details, context, save, log, onWorkspace: (work) => onWorkspace(inputs, work, () => readsSinceWholeRead(run, inputs, details)) };
    onInputs(state.inputs);
    await keepCommittedPin(details, datasetTableRoot(deps.settings.lakeRoot, inputs.target.datasetId), inputs.flow.id, Number(run.window_seq), log);
    const fromEarlierCommit = await recordEarlierCommit(deps, state);
    if (fromEarlierCommit) return fromEarlierCommit;
    const source = windowSourceOf(deps, state);
    await source.prepare();
    const version = await pinTableVersion(source, state);
    const history = sourceHistory(source, tableOf(inputs));
    return await explainingRenamedColumns(history, inputs, version, () => readAndPromote(deps, state, source, history, version));
  } catch (error) {
    // lease lost (the run cancelled, say) or worker stopping: the worker records nothing of this attempt, nor does its log; a run
    // cancelled in another process fails its attempt before its worker's check of the lease tells (its export cancelled by the re-trigger's)
    if (context.signal.aborted || error instanceof RunNotHeld || !(await log.held())) return { status: "failed", details, retryable: true };
    return failed(deps, run, details, error, log, context.now());
  }
}

/**
 * Steps 1–5 skipped: the dataset holds the window's commit, made by an earlier attempt that did not
 * record its batch (committed-window.ts); the batch is recorded from that commit. Undefined when it
 * does not hold it, or when the version that attempt read is not known (a run recorded before it
 * was kept): the window is then read again, to pin the version the next window reads on from.
 */
async function recordEarlierCommit(deps: ExecutorDeps, state: RunState): Promise<RunOutcome | undefined> {
  const { run, inputs, details, log, context } = state;
  if (details.pinnedVersion === undefined) return undefined;
  const batchId = await promotionBatchId(deps.store, details);
  const target = { datasetId: inputs.target.datasetId, flowId: inputs.flow.id, windowSeq: Number(run.window_seq), batchId };
  const committed = await committedWindow(deps.settings.lakeRoot, target);
  if (!committed) return undefined;
  await log.info(
    `dataset ${inputs.target.datasetId} holds this window's commit (its version ${committed.deltaVersion}: ${committed.outputRecords} rows in ${committed.dataFiles.length} files), ` +
      `made by an earlier attempt that did not record its batch: the run skips re-reading the window from ${inputs.source.tableName} (version ${details.pinnedVersion}, which that attempt read) ` +
      `and records the batch of that commit, with the ${committed.failedRecords} failed rows that attempt stored`,
  );
  // the copy copied nothing: the window's rows are in the dataset
  if (details.copy) details.copy.completedAt = context.now();
  const startedAt = await beginPromotion(state, batchId);
  return outcomeOf(deps, await recordPromotion(deps, state, { batchId, startedAt }, committed), state);
}

/** Steps 3–6 on the pinned version: what the run reads, checked, staged and promoted. */
async function readAndPromote(deps: ExecutorDeps, state: RunState, source: WindowSource, history: SourceHistory, version: number): Promise<RunOutcome> {
  const { run, inputs, details, log } = state;
  const checks: ReadContext = { inputs, log, history };
  const windowRead = exportRead(run, inputs, details.deltaColumn);
  if (!inputs.source.cdcEnabled) refuseEmptyContinuation(inputs, windowRead);
  const read = inputs.source.cdcEnabled
    ? await changeDataRead(inputs, version, history)
    : await withLateRowColumns(source, checks, windowRead, version).catch((error) => Promise.reject(lateRowsGap(error, inputs, windowRead, version)));
  if (read === "nothing-changed") {
    await log.info(`nothing changed in ${inputs.source.tableName} since the last ingested version: no batch`);
    // nothing to export: the copy did not run (copyActivity notRun)
    delete details.copy;
    return finish(details, { inputRecords: 0, outputRecords: 0, failedRecords: 0 }, state.context.now());
  }
  await refuseRestoredRows(checks, read, version);
  if (read.kind === "window" && inputs.lastIngestedVersion === undefined && !inputs.connection.sharing) await warnOfUnwindowedRows(source, checks, read.deltaColumn, version);
  if (read.kind === "changes" && !inputs.connection.sharing) {
    await refuseRepeatedKeys(source, checks, read, version).catch(async (error) => {
      // the change feed's key query refused a column: the pinned version's columns say which the flow reads, and what became of them
      if (error instanceof RunFailure && error.code === SOURCE_GONE_CODE) await pinnedColumns(source.runSql, tableOf(inputs), inputs.source.columns, read, version, missingMappedColumnsCheck(inputs));
      throw error;
    });
  }
  const staged = await source.stage(version, read).catch((error) => Promise.reject(lateRowsGap(error, inputs, read, version)));
  try {
    return await outcomeOf(deps, await promote(deps, state, staged, read), state);
  } finally {
    // a failed attempt's files too: the next attempt stages the window afresh in a folder of its own
    await staged.remove();
  }
}

async function loadInputs(deps: ExecutorDeps, run: RunTable, details: RunDetails): Promise<RunInputs> {
  const inputs = await deps.loadInputs(run);
  details.sourceConnectionId = inputs.source.id;
  details.targetConnectionId = inputs.target.id;
  return inputs;
}

/** The run's source: a Delta Sharing table (sharing-source.ts), the connection's SQL warehouse (warehouse-source.ts) or its all-purpose cluster. */
function windowSourceOf(deps: ExecutorDeps, state: RunState): WindowSource {
  const { connection } = state.inputs;
  const recordCopy = async (copy: NonNullable<RunDetails["copy"]>) => {
    state.details.copy = { ...copy, startedAt: state.details.copy?.startedAt ?? copy.startedAt };
    await state.save();
  };
  if (connection.sharing) {
    return sharingSource({
      inputs: state.inputs,
      table: tableOf(state.inputs),
      log: state.log,
      pinnedVersion: () => state.details.pinnedVersion,
      requestTimeoutMs: deps.settings.requestTimeoutMs,
      keyCheckBytes: deps.settings.sharingKeyCheckBytes,
      recordCopy,
      now: state.context.now,
    });
  }
  const client = new DatabricksClient({ domain: connection.domain, credentials: connection.credentials, requestTimeoutMs: deps.settings.requestTimeoutMs });
  const { warehouseId } = connection;
  const source: WindowSource =
    warehouseId === undefined
      ? clusterSource(deps, state, client.cluster(connection.clusterId ?? ""))
      : warehouseSource({
          warehouse: new DatabricksWarehouse(client, warehouseId),
          table: tableOf(state.inputs),
          columns: state.inputs.source.columns,
          log: state.log,
          startTimeoutMs: deps.settings.clusterStartTimeoutMs,
          statementTimeoutMs: deps.settings.commandTimeoutMs,
          signal: state.context.signal,
          recordCopy,
          now: state.context.now,
          statement: {
            submitted: (statementId) => recordExportCommand(state, { warehouseId, statementId }),
            ended: () => exportCommandEnded(state),
          },
          onWorkspace: state.onWorkspace,
          checkPinned: missingMappedColumnsCheck(state.inputs),
        });
  // a run cancelled (its lease taken back) stops its export on the cluster at once; a warehouse's statement stops with the signal
  state.context.leaseLost?.addEventListener("abort", () => void stopExport(client, state.details.exportCommand), { once: true });
  return {
    ...source,
    // an interrupted attempt's export first: it may still be running on the workspace
    prepare: () => cancelInterruptedExport(client, state).then(() => source.prepare()),
  };
}

/** Steps 1, 3 and 6 on an all-purpose cluster: its staging SAS checked, the window exported to the staging container. */
function clusterSource(deps: ExecutorDeps, state: RunState, cluster: DatabricksCluster): WindowSource {
  const { run } = state;
  const runSql = (sql: string) => state.onWorkspace(() => cluster.runSql(sql, { timeoutMs: deps.settings.commandTimeoutMs }));
  return {
    prepare: async () => {
      await startCluster(deps, cluster, state);
      await state.onWorkspace(() => requireStagingSas(deps.landingZone, cluster, runSandbox(run)));
    },
    runSql,
    stage: async (version, read) => {
      const staging = await exportWindow(deps, { cluster, runSql }, state, version, read);
      return {
        count: staging.staged.length,
        what: "staged file(s) from the staging container",
        stream: () => blobStagedInput(staging.container, staging.staged),
        remove: () => removeStaged(deps, run, staging),
      };
    },
  };
}

/** 1. The cluster runs: a TERMINATED one is started and waited for. */
async function startCluster(deps: ExecutorDeps, cluster: DatabricksCluster, { context, log, onWorkspace }: RunState): Promise<void> {
  const timeoutMs = deps.settings.clusterStartTimeoutMs;
  await log.phase("waitingForCluster", `cluster ${cluster.clusterId}: starting it if it is terminated, waiting up to ${Math.round(timeoutMs / 1000)} s for RUNNING`);
  const waitStarted = performance.now(); // a duration: not moved by a host clock set while waiting
  const onState = (seen: ComputeStateSeen) => log.info(computeStateLine(`cluster ${cluster.clusterId}`, seen));
  const info = await onWorkspace(() => cluster.ensureRunning({ autoStart: true, timeoutMs, hint: "", timeoutSetting: CLUSTER_START_TIMEOUT_SETTING, onState, signal: context.signal }));
  await log.info(`cluster ${cluster.clusterId} is ${info.state} (waited ${((performance.now() - waitStarted) / 1000).toFixed(1)} s)`);
  context.signal.throwIfAborted();
}

/** 2. The table's version, pinned once and kept across retries of this run: the bounds must see one snapshot. */
async function pinTableVersion(source: WindowSource, state: RunState): Promise<number> {
  const table = state.inputs.source.tableName;
  if (state.details.pinnedVersion === undefined) {
    await state.log.phase("pinningVersion", `reading the latest Delta version of ${table} (DESCRIBE HISTORY)`);
    state.details.pinnedVersion = await latestVersion(source, tableOf(state.inputs));
    // read after the version: a table replaced in between shows a new id, which fails the run below
    state.details.sourceTableId = await sourceTableId(source, state.inputs);
    await state.save();
    await state.log.info(`pinned version ${state.details.pinnedVersion} of ${table}${state.details.sourceTableId ? ` (table id ${state.details.sourceTableId})` : ""}`);
  } else {
    await state.log.info(`reading version ${state.details.pinnedVersion} of ${table}, pinned by an earlier attempt`);
  }
  refuseReplacedTable(state.run, state.inputs, state.details);
  return state.details.pinnedVersion;
}

/** 3. The cluster writes the window's rows as Parquet to the staging container; what it wrote is listed. */
async function exportWindow(
  deps: ExecutorDeps,
  { cluster, runSql }: { cluster: DatabricksCluster; runSql: WindowSource["runSql"] },
  state: RunState,
  version: number,
  read: ExportRead,
): Promise<Staging> {
  const { run, inputs, details } = state;
  const { containerName, container } = await stagingContainer(deps, run);
  // this attempt's own folder: an earlier attempt's export may still be writing into its own (its worker died, its command did not)
  const prefix = attemptStagingPrefix(inputs.flow.id, run.id, `attempt-${run.attempts}-${randomUUID().slice(0, 8)}`);
  details.copy = { startedAt: details.copy?.startedAt ?? state.context.now(), files: 0, bytes: 0, folder: prefix };
  await state.save();
  await state.log.phase("exporting", `the cluster writes ${describeRead(read, version)} as Parquet to ${prefix} in container ${containerName}`);
  const target = { containerName, storageAccountName: deps.blobAccount.accountName, prefix };
  const staging: Staging = { container, prefix, staged: [] };
  try {
    const exported = await withVariantColumns(runSql, tableOf(inputs), inputs.source.columns, read, version, missingMappedColumnsCheck(inputs));
    const sql = exportSql(tableOf(inputs), inputs.source.columns, version, exported, target);
    const onStarted = (command: ClusterCommand) => recordExportCommand(state, command);
    const calendar = exportCalendarSettings((line) => state.log.warn(line));
    await state
      .onWorkspace(() => whenEnded(cluster.runSql(sql, { timeoutMs: deps.settings.commandTimeoutMs, onStarted, ...calendar }), () => exportCommandEnded(state)))
      .catch(async (error) => {
        const failure = read.kind === "changes" ? changeFeedGap(error, inputs, read.fromVersion, version) : error;
        throw (await stagingSasFailureOf(failure, () => requireStagingSas(deps.landingZone, cluster, runSandbox(run)))) ?? failure;
      });
    staging.staged = await listStagedFiles(container, prefix);
    details.copy = { ...details.copy, completedAt: state.context.now(), files: staging.staged.length, bytes: staging.staged.reduce((s, f) => s + f.size, 0) };
    await state.save();
    await state.log.info(`exported ${details.copy.files} file(s), ${details.copy.bytes} bytes`);
    state.context.signal.throwIfAborted();
    return staging;
  } catch (error) {
    await removeStaged(deps, run, staging);
    throw error;
  }
}

/** The staging container of the run's sandbox, which the cluster writes to. */
function stagingContainer(deps: ExecutorDeps, run: RunTable): Promise<{ containerName: string; container: ContainerClient }> {
  return sandboxStagingContainer(deps.landingZone, deps.blobAccount, runSandbox(run));
}

/** 6. The staging folder goes; a failure here never undoes a committed batch. */
async function removeStaged(deps: ExecutorDeps, run: RunTable, staging: Staging): Promise<void> {
  await deleteStaged(staging.container, staging.prefix).catch((error) =>
    deps.logger?.warn({ err: error, runId: run.id }, "staged files could not be deleted"),
  );
}

async function outcomeOf(deps: ExecutorDeps, result: IngestResult, { run, inputs, details, log }: RunState): Promise<RunOutcome> {
  details.errors = redactedErrors(ingestErrorsOf(result, inputs.flow), log);
  if (result.committed) return { status: "success", details };
  // too many rows failed: the run-level error (its counts; the rows' own errors stay in the batch's row errors)
  const [failure] = details.errors;
  await reportFailure(deps.logger, log, run, failure, failure.message);
  return { status: "failed", details };
}

async function failed(deps: ExecutorDeps, run: RunTable, details: RunDetails, error: unknown, log: RunLog, now: number): Promise<RunOutcome> {
  const failure = error instanceof RunFailure ? error : (storeFailedRun(error, run.id) ?? RunErrors.unexpected((error as Error).message ?? String(error)));
  details.errors = redactedErrors([failure.toRunError()], log);
  // a copy that failed ends with the attempt (one that completed keeps its end)
  if (details.copy && details.copy.completedAt === undefined) details.copy.completedAt = now;
  await reportFailure(deps.logger, log, run, details.errors[0], failure === error ? failure.message : error);
  return { status: "failed", details, retryable: failure.retryable };
}

interface Staging {
  container: ContainerClient;
  prefix: string;
  staged: StagedFile[];
}

/**
 * Steps 4–5: the staged files are read back with the service's own credentials, mapped,
 * validated and committed to the dataset once; the batch is recorded under the id the run kept
 * in its details, so a retry after a crash records the same batch.
 */
async function promote(deps: ExecutorDeps, state: RunState, staged: StagedWindow, read: ExportRead): Promise<IngestResult> {
  const { run, inputs, log } = state;
  const batchId = await promotionBatchId(deps.store, state.details);
  const startedAt = await beginPromotion(state, batchId);
  const workDir = path.join(deps.settings.tempRoot, runWorkFolderName(run.id, randomUUID().slice(0, 8)));
  let result: IngestResult;
  try {
    await log.phase("downloading", `${staged.count === undefined ? "" : `${staged.count} `}${staged.what}${"stream" in staged ? ", fetched a group at a time while the mapping reads them" : ""}`);
    const files = "stream" in staged ? staged.stream() : await staged.download(path.join(workDir, "staged"));
    await log.phase("mapping", `mapping and validating the rows, then writing the valid ones to dataset ${inputs.target.datasetId} as batch ${batchId}`);
    result = await ingestStaged({
      files,
      rules: inputs.mapping,
      schema: inputs.schema,
      passThrough: inputs.source.cdcEnabled ? CHANGE_COLUMNS : [],
      rowChecks: keyNullRowChecks(changeKeyColumns(inputs, read), inputs.flow.id),
      companion: resyncDeletes(inputs, read, datasetTableRoot(deps.settings.lakeRoot, inputs.target.datasetId)),
      tableRoot: datasetTableRoot(deps.settings.lakeRoot, inputs.target.datasetId),
      txn: { appId: inputs.flow.id, version: Number(run.window_seq) },
      rowErrorsDir: batchRowErrorsDir(deps.settings.lakeRoot, batchId),
      partialIngestionPercent: inputs.flow.partialIngestionPercent,
      tempDir: path.join(workDir, "ingest"),
      scratchBytes: deps.settings.ingestScratchBytes,
      // a window read in several groups says how far it is, group by group
      onGroupRead: async ({ read, groups, inputRecords, failedRecords }) => {
        if (groups > 1) await log.info(`mapping: ${read} of ${groups} groups of staged files read and written, ${inputRecords} rows so far, ${failedRecords} failed`);
      },
    }).catch((error) => {
      if (error instanceof MappingError) throw RunErrors.mappingFailed(error.message);
      if (error instanceof LegacyCalendarError) throw RunErrors.legacyCalendar(error.message);
      throw error;
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return recordPromotion(deps, state, { batchId, startedAt }, result);
}

/** The promotion begun under `batchId`, saved with the version it reads before anything is committed; its start. */
async function beginPromotion({ details, save, context }: RunState, batchId: string): Promise<number> {
  const startedAt = context.now();
  details.promotion = { startedAt, batchId, ...readAtOf(details), inputRecords: 0, outputRecords: 0, failedRecords: 0, outputBytes: 0, outputFiles: 0 };
  await save();
  return startedAt;
}

/** The version (and table id) the promoted rows are read at. */
function readAtOf(details: RunDetails) {
  return { readVersion: details.pinnedVersion, ...(details.sourceTableId !== undefined ? { readTableId: details.sourceTableId } : {}) };
}

/**
 * Step 6's record: the ingestion's batch (its commit, made now or found made by an earlier attempt)
 * and the run's promotion, completed once the batch is recorded.
 */
async function recordPromotion(deps: ExecutorDeps, { run, inputs, details, log, context }: RunState, { batchId, startedAt }: { batchId: string; startedAt: number }, result: IngestResult): Promise<IngestResult> {
  const readAt = readAtOf(details);
  // a refused window writes none of its valid rows: they are counted as valid all the same
  const valid = result.committed ? result.outputRecords : result.inputRecords - result.failedRecords;
  await log.phase("committing", `recording batch ${batchId}: ${result.inputRecords} rows read, ${valid} valid, ${result.failedRecords} failed${result.committed ? "" : " (too many failed: nothing written, the valid rows neither)"}${result.renamedFiles ? `; ${result.renamedFiles} data files are the staged files renamed, their column data copied as it was (a pure-rename mapping)${result.groups === 0 ? ", by the lake's storage where they were staged: nothing downloaded" : ""}` : ""}`);
  const now = context.now();
  const recorded = await recordBatch(deps.store.db, {
    id: batchId,
    imsOrgId: run.ims_org_id,
    sandboxName: run.sandbox_name,
    datasetId: inputs.target.datasetId,
    flowId: inputs.flow.id,
    runId: run.id,
    windowSeq: Number(run.window_seq),
    status: result.committed ? "success" : "failed",
    deltaVersion: result.deltaVersion,
    files: result.dataFiles,
    inputRecords: result.inputRecords,
    outputRecords: result.committed ? result.outputRecords : 0,
    failedRecords: result.failedRecords,
    errors: ingestErrorsOf(result, inputs.flow),
    createdAt: startedAt,
    completedAt: now,
  });
  // completed only once recorded: the run names the batch (promotionActivity.targetInfo) from then on
  details.promotion = {
    startedAt,
    completedAt: now,
    committed: result.committed,
    batchId: recorded.id,
    ...readAt,
    inputRecords: result.inputRecords,
    outputRecords: result.outputRecords,
    failedRecords: result.failedRecords,
    outputBytes: result.dataFiles.reduce((s, f) => s + f.size, 0),
    outputFiles: result.dataFiles.length,
  };
  return result;
}

/**
 * The id of the batch this attempt records: the one an earlier attempt of the run kept in its
 * details, unless that attempt recorded it already (its rows failed validation: a failed batch).
 * Then the window, re-triggered, records a new batch; its commit, if an earlier attempt made it
 * (the txn of the flow and window is in the table), is found again and recorded under that id.
 */
async function promotionBatchId(store: Store, details: RunDetails): Promise<string> {
  const earlier = details.promotion?.batchId;
  return earlier !== undefined && !(await batchRecorded(store.db, earlier)) ? earlier : newBatchId();
}

/** The errors of an ingestion, the run's and its batch's alike: why nothing was committed first, then the rows that failed. */
function ingestErrorsOf(result: IngestResult, flow: { id: string; partialIngestionPercent: number }): RunError[] {
  const rows = result.failedRecords > 0 ? [RunErrors.rowsFailed(result.sampleErrors[0], result.failedRecords)] : [];
  return result.committed ? rows : [RunErrors.tooManyRowsFailed(result.failedRecords, result.inputRecords, flow.partialIngestionPercent, flow.id), ...rows];
}

function finishedEarlier(details: RunDetails, batch: BatchRecord): RunOutcome {
  details.promotion = {
    startedAt: batch.createdAt,
    completedAt: batch.completedAt ?? batch.createdAt,
    batchId: batch.id,
    inputRecords: batch.inputRecords,
    outputRecords: batch.outputRecords,
    failedRecords: batch.failedRecords,
    outputBytes: batch.files.reduce((s, f) => s + f.size, 0),
    outputFiles: batch.files.length,
  };
  details.errors = batch.errors;
  return { status: "success", details };
}

function finish(details: RunDetails, counts: { inputRecords: number; outputRecords: number; failedRecords: number }, now: number): RunOutcome {
  details.promotion = { startedAt: now, completedAt: now, outputBytes: 0, outputFiles: 0, ...counts };
  details.errors = [];
  return { status: "success", details };
}

/** A step on the workspace: its refusals and failures become the run's workspace failure. */
async function onWorkspace<T>(inputs: RunInputs, work: () => Promise<T>, sinceWholeRead: () => boolean): Promise<T> {
  const { connection, flow, source } = inputs;
  const flowSource = { flowId: flow.id, sourceConnectionId: source.id, runsOnce: flow.frequency === "once" };
  try {
    return await work();
  } catch (error) {
    // refused credentials, a result link refused, an ancient date refused, or a missing table or column fail at once (no retry can cure them); anything else may pass and is retried
    if (error instanceof DatabricksApiError && error.isAuthentication) throw workspaceRefusedFailure(error, connection);
    if (error instanceof ResultLinkRefusedError) throw RunErrors.resultLinkRefused(error.message);
    if (error instanceof DatabricksSqlError) {
      throw ancientDatetimeRefusal(error) ?? sourceGoneFailure(error.summary, flowSource) ?? columnTypeChangeFailure(error.summary, inputs, sinceWholeRead) ?? RunErrors.workspaceFailed(error.summary);
    }
    if (error instanceof DatabricksError) throw sourceGoneFailure(error.message, flowSource) ?? columnTypeChangeFailure(error.message, inputs, sinceWholeRead) ?? RunErrors.workspaceFailed(error.message);
    throw error;
  }
}
