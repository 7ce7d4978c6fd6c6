/**
 * Where a run reads its source from, as the executor sees it (steps 1–3 and 6 of executor.ts): the
 * compute made ready, SQL on the source table (version pin, history), the window's rows made into
 * local Parquet files for the shared mapping, validation and commit, and clean-up. One per kind of
 * connection: an all-purpose cluster exporting to the staging container (executor.ts), a SQL
 * warehouse's Arrow results (warehouse-source.ts).
 */
import type { SqlResult } from "../databricks/client.js";
import type { ExportRead } from "./export-sql.js";
import type { StagedInput } from "../lake/staged-files.js";

export interface WindowSource {
  /** 1. the compute runs (started and waited for when stopped) and can deliver the rows */
  prepare(): Promise<void>;
  /** one statement on the source (DESCRIBE HISTORY and the like) */
  runSql(sql: string): Promise<SqlResult>;
  /** 3. the window's rows at the pinned version are produced; they are fetched by `download` or `stream` */
  stage(version: number, read: ExportRead): Promise<StagedWindow>;
}

/** The window's rows, fetched one of two ways (step 4). */
export type StagedWindow = StagedRows &
  (
    | {
        /** the rows as local Parquet files under `dir` */
        download(dir: string): Promise<string[]>;
      }
    | {
        /** the rows as files the ingestion fetches a group at a time, so the window never has to fit on disk */
        stream(): StagedInput;
      }
  );

interface StagedRows {
  /** how many files (or result chunks) hold the rows, for the run's log, when known before they are fetched */
  count?: number;
  /** what they are, for the run's log ("staged file(s) from the staging container") */
  what: string;
  /** 6. whatever the rows left outside the service is removed; never throws */
  remove(): Promise<void>;
}
