/** A once flow's Run now: the choices the dialog offers and the one it proposes, which the service takes. */
import { describe, expect, it } from "vitest";
import { type RunNowFacts, runNowOptions, runNowParams } from "../../console/src/screens/monitoring/run-now-choice.js";

const facts = (more: Partial<RunNowFacts>): RunNowFacts => ({ runs: 1, ingestedRows: 0, everyRunSucceeded: true, timeColumns: ["updated_at"], ...more });
const offered = (f: RunNowFacts) => runNowOptions(f).options.map((o) => `${o.value}${o.refused ? " (refused)" : ""}`);

describe("Run now of a once flow", () => {
  it("reads the whole table the first time, no parameter", () => {
    expect(runNowOptions(facts({ runs: 0 }))).toMatchObject({ choice: "continue", options: [{ value: "continue" }] });
    expect(runNowParams("continue")).toEqual({});
  });

  it("continues by the flow's delta column once it has one", () => {
    expect(runNowOptions(facts({ flowDeltaColumn: "updated_at", ingestedRows: 5 })).choice).toBe("continue");
  });

  it("after a finished run without a delta column, proposes a delta column, not a run the service refuses (SRC-1383)", () => {
    const after = facts({ ingestedRows: 5, timeColumns: ["updated_at", "created_on"] });
    expect(offered(after)).toEqual(["delta:updated_at", "delta:created_on", "fullReload (refused)"]);
    expect(runNowOptions(after).choice).toBe("delta:updated_at");
    expect(runNowParams("delta:updated_at")).toEqual({ deltaColumn: "updated_at" });
  });

  it("continues a change-data-capture flow by the change feed, never by a delta column the service refuses for it", () => {
    const cdc = facts({ readsChangeFeed: true, ingestedRows: 5, timeColumns: ["updated_at"] });
    expect(offered(cdc)).toEqual(["continue", "fullReload (refused)"]);
    expect(runNowOptions(cdc).choice).toBe("continue");
    expect(runNowOptions(cdc).options[1].refused).toContain("resync the flow");
  });

  it("offers a full reload, and proposes it when it is the only choice the service takes", () => {
    const noRows = facts({ ingestedRows: 0, timeColumns: [] });
    expect(offered(noRows)).toEqual(["continue (refused)", "fullReload"]);
    expect(runNowOptions(noRows).choice).toBe("fullReload");
    expect(runNowParams("fullReload")).toEqual({ fullReload: true });
  });

  it("refuses a full reload after rows were ingested or a run did not succeed, saying why", () => {
    expect(runNowOptions(facts({ ingestedRows: 3 })).options.find((o) => o.value === "fullReload")?.refused).toMatch(/put 3 row\(s\) in its dataset/);
    expect(runNowOptions(facts({ everyRunSucceeded: false })).options.find((o) => o.value === "fullReload")?.refused).toMatch(/has not succeeded/);
    expect(runNowOptions(facts({ ingestedRows: 3, timeColumns: [] })).choice).toBeUndefined();
  });
});
