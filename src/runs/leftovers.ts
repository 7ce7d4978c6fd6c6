/**
 * What runs leave behind when their worker dies mid-run: work folders under the temp root
 * (`run-<run id>-<suffix>`: downloaded staged files, DuckDB spill) and data files written into a
 * dataset's Delta table whose commit was never published, and staging folders of attempts whose
 * export outlived their worker (a cluster's command goes on when the worker that sent it dies,
 * until the run's next attempt cancels it). A worker removes them when it starts (the local ones,
 * and every sandbox's abandoned staging folders) and after each run (the run folders, the dataset
 * the run wrote to, the flow's staging folders, and hourly every sandbox's: a once flow has no
 * later run to sweep after).
 */
import { readdir, rm } from "node:fs/promises";
import type { ContainerClient } from "@azure/storage-blob";
import path from "node:path";
import type { Logger } from "pino";
import { datasetTableRoot, lakeFolder } from "../lake/lake-paths.js";
import { datasetTableRoots, removeUncommittedDataFiles } from "../lake/orphan-files.js";
import { deleteBlobs, flowStagingPrefix, STAGING_FOLDER, stagingFoldersOf } from "../lake/staged-files.js";
import type { Store } from "../store/database.js";
import { heldRuns } from "../store/runs.repository.js";

/**
 * How old an uncommitted data file must be before it is removed. A file's mtime is when its
 * writer finished it, and its commit follows once the rest of the batch is written: one ingest,
 * which a live worker can stretch as long as it keeps renewing its lease, so RUN_LEASE_MS ×
 * RUN_MAX_ATTEMPTS (minutes) bounds only dead workers, not slow ones. A day is far beyond any
 * ingest, and an orphan costs only disk until the next sweep.
 */
export const UNCOMMITTED_FILE_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * After a run, a dataset is looked at again only this long after the last time: reading a long
 * log after every minute's window would cost more than the run, and a file must wait a day anyway.
 */
const DATASET_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * How long nothing must have been written into a staging folder of a run no worker holds before it
 * is removed. An attempt removes its own folder when it ends; one left is an interrupted attempt's,
 * whose export may still be writing into it (on the cluster, a part file every few seconds to
 * minutes): removed while it writes, what it writes next would stay.
 */
export const STAGING_GRACE_MS = 60 * 60 * 1000;

/**
 * How many flows' staging folders one sweep of a sandbox's staging container looks into, those this
 * process looked at longest ago (or never) first: the sweep runs beside the worker's loop, and what
 * it leaves the next sweep (an hour later) takes first.
 */
export const STAGING_FLOWS_PER_SWEEP = 500;

/** What a run read and wrote, for the sweep after it. */
export interface RunTouched {
  datasetId?: string;
  /** a cluster flow's: its staging container, made known only when the flow's folders are looked at */
  staging?: { flowId: string; container: () => Promise<ContainerClient> };
}

/** Every sandbox's staging container, for the sweep of all abandoned staging folders. */
export type StagingContainers = () => Promise<ContainerClient[]>;

/** `run-<run id>-<8 hex>`, as the executor names a run's work folder */
const RUN_FOLDER = /^run-(.+)-[0-9a-f]{8}$/;

export function runWorkFolderName(runId: string, suffix: string): string {
  return `run-${runId}-${suffix}`;
}

export interface LeftoverSettings {
  lakeRoot: string;
  tempRoot: string;
}

export class RunLeftovers {
  /** when this process last looked at each dataset's table (by its root) and each flow's staging folders (`staging:<flow id>`) */
  private readonly sweptAt = new Map<string, number>();
  /** when this process last removed idle local copies of a remote lake's files */
  private copiesSweptAt: number | undefined;

  constructor(
    private readonly store: Store,
    private readonly settings: LeftoverSettings,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
    /** every sandbox's staging container; without it only the flows that run are swept */
    private readonly stagingContainers?: StagingContainers,
  ) {}

  /** At worker start: every stale run folder, every dataset's old uncommitted files and every sandbox's abandoned staging folders. */
  async removeAll(): Promise<void> {
    await this.removeRunFolders();
    await this.removeIdleLakeCopies();
    await this.removeAllAbandonedStaging();
    for (const tableRoot of await datasetTableRoots(this.settings.lakeRoot)) await this.removeUncommitted(tableRoot);
  }

  /** After a run: the stale run folders, the old uncommitted files of the dataset it wrote to and the flow's abandoned staging folders, then every sandbox's (each at most hourly). */
  async removeAfterRun({ datasetId, staging }: RunTouched): Promise<void> {
    await this.removeRunFolders();
    if (this.copiesSweptAt === undefined || this.now() - this.copiesSweptAt >= DATASET_SWEEP_INTERVAL_MS) await this.removeIdleLakeCopies();
    if (staging && this.due(`staging:${staging.flowId}`)) await this.removeAbandonedStaging(staging.flowId, await staging.container());
    if (this.due("staging:*")) await this.removeAllAbandonedStaging();
    if (datasetId === undefined) return;
    const tableRoot = datasetTableRoot(this.settings.lakeRoot, datasetId);
    if (this.due(tableRoot)) await this.removeUncommitted(tableRoot);
  }

  /** Whether what `key` names was last looked at an hour ago or more (or never) by this process. */
  private due(key: string): boolean {
    const last = this.sweptAt.get(key);
    return last === undefined || this.now() - last >= DATASET_SWEEP_INTERVAL_MS;
  }

  /**
   * The abandoned staging folders of the flows with any in each sandbox's staging container (a flow
   * swept within the hour is skipped), at most STAGING_FLOWS_PER_SWEEP flows per container.
   */
  private async removeAllAbandonedStaging(): Promise<void> {
    if (!this.stagingContainers) return;
    this.sweptAt.set("staging:*", this.now());
    let containers: ContainerClient[];
    try {
      containers = await this.stagingContainers();
    } catch (error) {
      this.logger?.warn({ err: error }, "could not list the staging containers to look for abandoned staging folders");
      return;
    }
    for (const container of containers) {
      let flowIds: string[];
      try {
        flowIds = await flowsStagedIn(container);
      } catch (error) {
        // a sandbox whose container is gone has nothing to sweep; one that fails must not keep the others from it
        if ((error as { statusCode?: number }).statusCode !== 404) this.logger?.warn({ err: error, container: container.containerName }, "could not look for abandoned staging folders");
        continue;
      }
      const lastSwept = (flowId: string) => this.sweptAt.get(`staging:${flowId}`) ?? 0;
      const due = flowIds.filter((flowId) => this.due(`staging:${flowId}`)).sort((a, b) => lastSwept(a) - lastSwept(b));
      for (const flowId of due.slice(0, STAGING_FLOWS_PER_SWEEP)) await this.removeAbandonedStaging(flowId, container);
    }
  }

  /** Staging folders of the flow's runs nobody holds, written to last more than STAGING_GRACE_MS ago. */
  private async removeAbandonedStaging(flowId: string, container: ContainerClient): Promise<void> {
    this.sweptAt.set(`staging:${flowId}`, this.now());
    try {
      const folders = await stagingFoldersOf(container, flowId);
      const held = await heldRuns(this.store.db, this.store.capabilities.clockMs, [...new Set(folders.map((f) => f.runId))]);
      for (const folder of folders) {
        if (held.has(folder.runId) || this.now() - folder.lastWrittenAt < STAGING_GRACE_MS) continue;
        await deleteBlobs(container, folder.blobs);
        this.logger?.info({ folder: folder.prefix, blobs: folder.blobs.length }, "removed the staging folder of an interrupted attempt");
      }
    } catch (error) {
      this.logger?.warn({ err: error, flowId }, "could not look for abandoned staging folders");
    }
  }

  /** Folders of runs nobody holds now; a held run (this worker's, or another process's on the same DATA_DIR) keeps its own. */
  private async removeRunFolders(): Promise<void> {
    const entries = await readdir(this.settings.tempRoot, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    });
    const folders = entries.flatMap((e) => {
      const runId = e.isDirectory() ? RUN_FOLDER.exec(e.name)?.[1] : undefined;
      return runId ? [{ name: e.name, runId }] : [];
    });
    const held = await heldRuns(this.store.db, this.store.capabilities.clockMs, [...new Set(folders.map((f) => f.runId))]);
    for (const folder of folders) {
      if (held.has(folder.runId)) continue;
      await rm(path.join(this.settings.tempRoot, folder.name), { recursive: true, force: true });
      this.logger?.info({ folder: folder.name }, "removed the work folder of an interrupted run");
    }
  }

  /**
   * A lake in a container is scanned through local copies of its files (CDC state, checkpoints),
   * kept for reuse; one unused for a day goes, so the disk holds what recent runs read, not the lake.
   */
  private async removeIdleLakeCopies(): Promise<void> {
    this.copiesSweptAt = this.now();
    try {
      const removed = await lakeFolder(this.settings.lakeRoot).removeStaleCopies(this.now() - UNCOMMITTED_FILE_GRACE_MS);
      if (removed > 0) this.logger?.info({ files: removed }, "removed local copies of lake files unused for a day");
    } catch (error) {
      this.logger?.warn({ err: error }, "could not remove idle copies of lake files");
    }
  }

  private async removeUncommitted(tableRoot: string): Promise<void> {
    this.sweptAt.set(tableRoot, this.now());
    try {
      const removed = await removeUncommittedDataFiles(tableRoot, this.now() - UNCOMMITTED_FILE_GRACE_MS);
      if (removed.length > 0) this.logger?.info({ tableRoot, files: removed.length }, "removed data files no commit references");
    } catch (error) {
      // one unreadable table must not keep the others from being cleaned
      this.logger?.warn({ err: error, tableRoot }, "could not look for uncommitted data files");
    }
  }
}

/** The flows with a folder in the staging container, from one listing by folder. */
async function flowsStagedIn(container: ContainerClient): Promise<string[]> {
  const flowIds: string[] = [];
  const base = `${STAGING_FOLDER}/`;
  for await (const item of container.listBlobsByHierarchy("/", { prefix: base })) {
    if (item.kind !== "prefix") continue;
    const flowId = item.name.slice(base.length, -1);
    if (flowId === "" || flowStagingPrefix(flowId) !== item.name) continue;
    flowIds.push(flowId);
  }
  return flowIds;
}
