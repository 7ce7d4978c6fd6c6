import { convertToDelta } from "./convert.js";
import type { DeltaTable } from "./api.js";
import { DeltaError, DeltaErrorCode } from "./errors.js";
import { listLog } from "./log-listing.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { readHistory } from "./history.js";
import { scanSnapshotRelation } from "./snapshot-scan.js";
import { changesRelation } from "./change-feed.js";
import { createTable, createTableAsSelect, replaceTable } from "./create.js";
import { appendRows, beginAppend } from "./append.js";
import { truncateRows } from "./truncate.js";
import { optimizeFiles, purgeDeletedRows } from "./optimize.js";
import { clusterTable } from "./cluster-by.js";
import { cloneTable } from "./clone.js";
import { replaceRows, WRITTEN_PARTITIONS } from "./replace-where.js";
import { changeConstraint } from "./constraint-changes.js";
import { mergeRows } from "./merge.js";
import { deleteRows } from "./delete.js";
import { updateRows } from "./update.js";
import { setTableProperties, unsetTableProperties } from "./properties.js";
import { removeUnreferencedFiles, unreferencedFiles } from "./unreferenced-files.js";
import { rememberStorage } from "./storage/registry.js";
import type { TableStorage } from "./storage/table-storage.js";

/**
 * A Delta table at a local directory, or wherever its storage keeps it; every call reads the log afresh,
 * so the object holds no state.
 */
export function openDeltaTable(location: string | TableStorage): DeltaTable {
  const root = typeof location === "string" ? location : rememberStorage(location);
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
    scanRelation: (conn, snapshot) => scanSnapshotRelation(conn, snapshot),
    changesRelation: (conn, startVersion, endVersion) => changesRelation(conn, root, startVersion, endVersion),
    create: (def) => createTable(root, def),
    createAsSelect: (conn, selectSql, def) => createTableAsSelect(root, conn, selectSql, def),
    replace: (conn, selectSql, def) => replaceTable(root, conn, selectSql, def),
    append: (conn, selectSql, opts) => appendRows(root, conn, selectSql, opts),
    appendInParts: (opts) => beginAppend(root, opts),
    appendOnce: (conn, selectSql, txn, opts) => appendRows(root, conn, selectSql, { ...opts, txn }),
    deleteWhere: (conn, predicate, alias) => deleteRows(root, conn, predicate, alias),
    truncate: () => truncateRows(root),
    optimize: (conn, sortBy) => optimizeFiles(root, conn, sortBy),
    purge: (conn) => purgeDeletedRows(root, conn),
    clusterBy: (columns) => clusterTable(root, columns),
    cloneOf: (source, opts) => cloneTable(source, root, opts),
    convertFromParquet: (conn, opts) => convertToDelta(root, conn, opts),
    changeConstraint: (change, verify) => changeConstraint(root, change, verify),
    replaceWhere: (conn, selectSql, predicate, opts) => replaceRows(root, conn, selectSql, predicate, opts),
    overwritePartitions: (conn, selectSql, opts) => replaceRows(root, conn, selectSql, WRITTEN_PARTITIONS, opts),
    merge: (conn, spec) => mergeRows(root, conn, spec),
    updateWhere: (conn, assignments, predicate, alias, checks) => updateRows(root, conn, assignments, predicate, alias, checks),
    setProperties: (props) => setTableProperties(root, props),
    unsetProperties: (keys, ifExists) => unsetTableProperties(root, keys, ifExists),
    unreferencedFiles: (options) => unreferencedFiles(root, options),
    removeUnreferencedFiles: (options) => removeUnreferencedFiles(root, options),
    async txnVersion(appId) {
      return (await loadSnapshot(root)).transactions[appId]?.version;
    },
  };
}
