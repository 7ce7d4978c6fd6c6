/**
 * A Delta Sharing connection as a run's source (window-source.ts): no compute to make ready and no
 * landing zone; the version pin and the history the executor asks for are answered through the
 * protocol (the executor's two DESCRIBE HISTORY statements, recognised by their text: a sharing
 * server runs no SQL), and the window's rows are read from the shared files (sharing-read.ts).
 */
import { RunErrors } from "../aep-conventions/errors/catalogue.js";
import type { SqlResult } from "../databricks/client.js";
import { historySql, latestVersionSql, type TableRef } from "./export-sql.js";
import type { RunInputs } from "./run-inputs.js";
import type { RunLog } from "./run-log.js";
import { SharedTableRead } from "./sharing-read.js";
import type { WindowSource } from "./window-source.js";
import { withoutUserInfo } from "../util/url-user-info.js";

export interface SharingSourceOptions {
  inputs: RunInputs;
  table: TableRef;
  log: Pick<RunLog, "phase" | "info" | "warn">;
  /** the version this run pinned, once it has */
  pinnedVersion: () => number | undefined;
  /** the copy activity of GET /runs: when the shared files were read, how many and how large */
  recordCopy?: (copy: { startedAt: number; completedAt?: number; files: number; bytes: number }) => Promise<void>;
  /** the clock the copy's times are by: the run's (ExecutionContext.now); a benchmark's is its host's */
  now?: () => number;
  requestTimeoutMs?: number;
  /** the most of the pinned version a change window downloads to check its keys (sharing-read.ts) */
  keyCheckBytes?: number;
}

export function sharingSource(opts: SharingSourceOptions): WindowSource {
  const shared = new SharedTableRead(opts.inputs, { requestTimeoutMs: opts.requestTimeoutMs }, opts.keyCheckBytes);
  // a connection stored before user info in an endpoint was refused may still hold one
  const endpoint = withoutUserInfo(opts.inputs.connection.domain);
  const { now = Date.now } = opts;
  return {
    async prepare() {
      await opts.log.info(`Delta Sharing: ${opts.inputs.source.tableName} from the sharing server at ${endpoint}; no Databricks compute and no landing zone`);
    },
    async runSql(sql) {
      if (sql === latestVersionSql(opts.table)) return history([[await shared.latestVersion(), null]]);
      const pinned = opts.pinnedVersion();
      if (sql === historySql(opts.table) && pinned !== undefined) return history([[pinned, await shared.commitTimestamp(pinned)]]);
      throw RunErrors.workspaceFailed(`a Delta Sharing source runs no SQL; the run asked for: ${sql.slice(0, 80)}`);
    },
    async stage(version, read) {
      await opts.log.phase("exporting", `reading version ${version} of the shared table ${opts.inputs.source.tableName} through its pre-signed file URLs`);
      return {
        what: `the window's rows, from the shared table's files`,
        download: async (dir) => {
          const startedAt = now();
          await opts.recordCopy?.({ startedAt, files: 0, bytes: 0 });
          const { files, downloaded, asTheyAre, warnings } = await shared.rowFiles(version, read, dir);
          for (const warning of warnings) await opts.log.warn(warning);
          await opts.recordCopy?.({ startedAt, completedAt: now(), ...downloaded });
          const rows = asTheyAre ? "they hold the window's rows as they are, none written again" : "the window's rows written as one Parquet file";
          await opts.log.info(`read ${downloaded.files} shared file(s), ${downloaded.bytes} bytes, through their pre-signed URLs; ${rows}`);
          return files;
        },
        remove: async () => {},
      };
    },
  };
}

function history(rows: Array<[number, number | null]>): SqlResult {
  const schema = [
    { name: "version", type: { kind: "primitive" as const, name: "long" as const } },
    { name: "timestamp", type: { kind: "primitive" as const, name: "timestamp" as const } },
  ];
  return { schema, rows, truncated: false };
}
