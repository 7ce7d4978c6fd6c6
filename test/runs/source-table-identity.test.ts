/** Which runs a replaced source table fails (src/runs/source-table-identity.ts), without a workspace. */
import { describe, expect, it } from "vitest";
import { refuseReplacedTable } from "../../src/runs/source-table-identity.js";
import type { RunInputs } from "../../src/runs/run-inputs.js";
import type { RunTable } from "../../src/store/dataflows.table.js";

const run = { window_start: null, window_end: null } as RunTable;
const inputs = (last: Partial<RunInputs>, cdcEnabled = true) =>
  ({ flow: { id: "flow-1", frequency: "once", lateRows: "ingest" }, source: { tableName: "demo.orders", cdcEnabled }, ...last }) as RunInputs;
const refusal = (given: RunInputs, details: { pinnedVersion: number; sourceTableId?: string; deltaColumn?: string }) => {
  try {
    refuseReplacedTable(run, given, details);
    return undefined;
  } catch (error) {
    return error as { code: string; message: string; retryable: boolean };
  }
};

describe("refuseReplacedTable", () => {
  it("lets a run through when the last run recorded no table id and the version did not go back", () => {
    expect(refusal(inputs({ lastIngestedVersion: 3 }), { pinnedVersion: 3, sourceTableId: "new" })).toBeUndefined();
  });

  it("lets a flow's first run, and the first after a resync, through", () => {
    expect(refusal(inputs({}), { pinnedVersion: 0, sourceTableId: "new" })).toBeUndefined();
  });

  it("fails a run whose table id changed, naming both ids and the resync, not retried", () => {
    const error = refusal(inputs({ lastIngestedVersion: 3, lastIngestedTableId: "old" }), { pinnedVersion: 5, sourceTableId: "new" });
    expect(error).toMatchObject({ code: "CONNECTOR-2015-400", retryable: false });
    expect(error?.message).toContain("from old to new");
    expect(error?.message).toContain("/flows/flow-1/action?op=resync");
  });

  it("fails a run whose version went back, even without recorded ids", () => {
    const error = refusal(inputs({ lastIngestedVersion: 3 }), { pinnedVersion: 1 });
    expect(error?.message).toContain("its latest version 1 lies below version 3");
  });

  it("lets a run reading the whole table through: it reads nothing since the last version", () => {
    expect(refusal(inputs({ lastIngestedVersion: 3, lastIngestedTableId: "old" }, false), { pinnedVersion: 1, sourceTableId: "new" })).toBeUndefined();
  });
});
