import { describe, expect, it } from "vitest";
import { RunFailure } from "../aep-conventions/errors/catalogue.js";
import { OPEN_END_MS } from "../dataflows/windows.js";
import type { RunTable } from "../store/dataflows.table.js";
import { exportRead, refuseEmptyContinuation } from "./read-plan.js";
import type { RunInputs } from "./run-inputs.js";

/** a `once` flow's run after a whole-table read: the rows that appeared since, [OPEN_END, OPEN_END) */
const continuation = { window_start: OPEN_END_MS, window_end: OPEN_END_MS } as unknown as RunTable;
const inputsOf = (lastIngestedVersion?: number) =>
  ({ flow: { id: "f1", frequency: "once", deltaColumn: "at", lateRows: "ingest" }, source: { tableName: "demo.t" }, lastIngestedVersion }) as unknown as RunInputs;

describe("a run reading the rows since a whole-table read", () => {
  it("fails, not retried, when no version is left to compare with (a resync accepted before resyncs of such flows were refused)", () => {
    const inputs = inputsOf(undefined);
    let error: unknown;
    try {
      refuseEmptyContinuation(inputs, exportRead(continuation, inputs, "at"));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(RunFailure);
    expect((error as RunFailure).retryable).toBe(false);
    expect((error as RunFailure).message).toContain("the run would read nothing. Read the table into a new dataset with a new flow");
  });

  it("reads the rows that appeared since the version it compares with", () => {
    const inputs = inputsOf(4);
    const read = exportRead(continuation, inputs, "at");
    expect(() => refuseEmptyContinuation(inputs, read)).not.toThrow();
    expect(read).toMatchObject({ kind: "window", start: OPEN_END_MS, lateSinceVersion: 4 });
  });
});
