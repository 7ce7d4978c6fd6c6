import type { DuckDBConnection } from "@duckdb/node-api";
import type { DeltaTable } from "./api.js";
import { DeltaError, DeltaErrorCode, DeltaErrors } from "./errors.js";
import { listLog } from "./log-listing.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { readHistory } from "./history.js";
import { scanSnapshotRelation } from "./snapshot-scan.js";

export function openDeltaTable(root: string): DeltaTable {
  const notYet = async (): Promise<never> => {
    throw DeltaErrors.invalidArgument("not implemented yet");
  };
  return {
    root,
    async exists() {
      try {
        await listLog(root);
        return true;
      } catch (e) {
        if (e instanceof DeltaError && e.code === DeltaErrorCode.TableNotFound) return false;
        throw e;
      }
    },
    async latestVersion() {
      return (await listLog(root)).latestVersion;
    },
    snapshot: (at) => loadSnapshot(root, at),
    async history(limit) {
      return readHistory(await listLog(root), limit);
    },
    scanRelation: (conn: DuckDBConnection, snapshot) => scanSnapshotRelation(conn, snapshot),
    changesRelation: notYet,
    create: notYet,
    createAsSelect: notYet,
    append: notYet,
    deleteWhere: notYet,
    setProperties: notYet,
    async txnVersion(appId) {
      return (await loadSnapshot(root)).transactions[appId]?.version;
    },
  };
}
