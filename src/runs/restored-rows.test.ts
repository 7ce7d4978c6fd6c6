import { describe, expect, it } from "vitest";
import { RunFailure } from "../aep-conventions/errors/catalogue.js";
import type { SqlResult } from "../databricks/client.js";
import type { ExportRead } from "./export-sql.js";
import type { ReadContext } from "./read-plan.js";
import { refuseRestoredRows, ROWS_RESTORED_CODE } from "./restored-rows.js";
import { OPEN_END_MS } from "../dataflows/windows.js";

const inputs = { connection: {}, source: { tableName: "demo.t" }, flow: { id: "f1" } };
const lateRowsSince = (version: number): ExportRead => ({ kind: "window", deltaColumn: "at", start: 1, end: 2, lateSinceVersion: version });
type Map = Record<string, string> | string;

/** a run's checks over a table whose DESCRIBE HISTORY holds these commits (newest first, as Delta lists them) */
function historyOf(commits: Array<{ version: number; operation: string; parameters?: Map; metrics?: Map }>): ReadContext & { reads: number } {
  const state = {
    inputs,
    reads: 0,
    history: async () => {
      state.reads++;
      return {
        schema: ["version", "operation", "operationParameters", "operationMetrics"].map((name) => ({ name })),
        rows: commits.map((c) => [c.version, c.operation, c.parameters ?? {}, c.metrics ?? {}]),
      } as unknown as SqlResult;
    },
  };
  return state as unknown as ReadContext & { reads: number };
}

const failure = (promise: Promise<void>) => promise.then(() => undefined, (error: unknown) => error as RunFailure);

describe("a window reading late rows across a RESTORE", () => {
  it("fails, not retried, when a version since the last ingested one restored an earlier version with files brought back", async () => {
    const state = historyOf([
      { version: 5, operation: "WRITE" },
      { version: 4, operation: "RESTORE", parameters: { version: "1", timestamp: "null" }, metrics: { numRestoredFiles: "1" } },
      { version: 3, operation: "DELETE" },
    ]);
    const error = await failure(refuseRestoredRows(state, lateRowsSince(2), 5));
    expect(error).toBeInstanceOf(RunFailure);
    expect(error).toMatchObject({ code: ROWS_RESTORED_CODE, retryable: false });
    expect(error?.message).toContain("version 4 restored it to version 1");
    expect(error?.message).toContain("/flows/f1/action?op=resync");
  });

  it("says to use a new flow, not to resync, for a run reading the rows since a whole-table read, which has no window to fall back on", async () => {
    const state = historyOf([{ version: 4, operation: "RESTORE", parameters: { version: "1" }, metrics: { numRestoredFiles: "1" } }]);
    const afterWholeTable: ExportRead = { kind: "window", deltaColumn: "at", start: OPEN_END_MS, end: OPEN_END_MS, lateSinceVersion: 2 };
    const error = await failure(refuseRestoredRows(state, afterWholeTable, 4));
    expect(error).toMatchObject({ code: ROWS_RESTORED_CODE, retryable: false });
    expect(error?.message).toContain("read the table into a new dataset with a new flow");
    expect(error?.message).not.toContain("op=resync");
  });

  it("reads a SQL warehouse's history maps, given as JSON text", async () => {
    const state = historyOf([{ version: 4, operation: "RESTORE", parameters: '{"version":"0"}', metrics: '{"numRestoredFiles":"2"}' }]);
    expect((await failure(refuseRestoredRows(state, lateRowsSince(2), 4)))?.code).toBe(ROWS_RESTORED_CODE);
  });

  it("passes a restore to the last ingested version or later, one that brought no file back, and one outside the versions read", async () => {
    const state = historyOf([
      { version: 7, operation: "RESTORE", parameters: { version: "0" }, metrics: { numRestoredFiles: "3" } },
      { version: 5, operation: "RESTORE", parameters: { version: "2" }, metrics: { numRestoredFiles: "1" } },
      { version: 4, operation: "RESTORE", parameters: { version: "1" }, metrics: { numRestoredFiles: "0" } },
      { version: 2, operation: "RESTORE", parameters: { version: "0" }, metrics: { numRestoredFiles: "1" } },
    ]);
    await expect(refuseRestoredRows(state, lateRowsSince(2), 6)).resolves.toBeUndefined();
  });

  it("reads no history for a read without late rows", async () => {
    const state = historyOf([{ version: 4, operation: "RESTORE", parameters: { version: "0" } }]);
    for (const read of [{ kind: "snapshot" } as ExportRead, { ...lateRowsSince(2), lateSinceVersion: undefined }, { kind: "changes", fromVersion: 3, key: ["id"] } as ExportRead]) {
      await refuseRestoredRows(state, read, 4);
    }
    expect(state.reads).toBe(0);
  });
});
