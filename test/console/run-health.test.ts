/** Monitoring's rules: a flow stuck behind a failed window is failing; an ended run has no current phase. */
import { describe, expect, it } from "vitest";
import { hasEnded, isFailing, type RunFacts } from "../../console/src/screens/monitoring/run-health.js";

const run = (status: string, heldBack?: string): RunFacts => ({ metrics: { statusSummary: { status } }, ...(heldBack ? { heldBack: { reason: heldBack } } : {}) });

describe("a flow shown by Show failures only", () => {
  it("is one whose latest run failed", () => {
    expect(isFailing([run("success"), run("failed")])).toBe(true);
    expect(isFailing([run("failed"), run("success")])).toBe(false);
    expect(isFailing([])).toBe(false);
  });

  it("is one whose latest run is held back behind a failed window", () => {
    expect(isFailing([run("failed"), run("scheduled", "earlierWindowFailed")])).toBe(true);
    expect(isFailing([run("failed"), run("scheduled", "earlierWindowFailed"), run("scheduled", "earlierWindowFailed")])).toBe(true);
  });

  it("is not one waiting behind a window still running, or a disabled flow", () => {
    expect(isFailing([run("inProgress"), run("scheduled", "earlierWindowPending")])).toBe(false);
    expect(isFailing([run("success"), run("scheduled", "flowDisabled")])).toBe(false);
  });
});

describe("an ended run", () => {
  it("is one that succeeded or failed, not one scheduled or in progress", () => {
    expect(["success", "failed", "inProgress", "scheduled"].map((status) => hasEnded(run(status)))).toEqual([true, true, false, false]);
  });
});
