/** Monitoring's record counts: a run's are not known until it has ended, since the API answers 0s until then. */
import { describe, expect, it } from "vitest";
import { count } from "../../components/format";
import { flowCounts, runCounts } from "./run-counts";

const run = (status: string, input: number, output: number, failed: number) => ({
  metrics: { statusSummary: { status }, recordSummary: { inputRecordCount: input, outputRecordCount: output, failedRecordCount: failed } },
});
const shown = ({ received, ingested, failed }: { received?: number; ingested?: number; failed?: number }) => [received, ingested, failed].map(count).join(" ");

describe("a run's record counts in Monitoring", () => {
  it.each(["inProgress", "scheduled"])("are not known yet while the run is %s, not 0 0 0", (status) => {
    expect(shown(runCounts(run(status, 0, 0, 0)))).toBe("— — —");
  });

  it.each(["success", "failed"])("are the API's once the run has ended (%s), 0s included", (status) => {
    expect(shown(runCounts(run(status, 1200, 1195, 5)))).toBe("1,200 1,195 5");
    expect(shown(runCounts(run(status, 0, 0, 0)))).toBe("0 0 0");
  });
});

describe("a flow's record counts in Monitoring", () => {
  it("are not known while none of its runs has ended", () => {
    expect(shown(flowCounts([run("inProgress", 0, 0, 0)]))).toBe("— — —");
    expect(shown(flowCounts([run("scheduled", 0, 0, 0), run("inProgress", 0, 0, 0)]))).toBe("— — —");
  });

  it("sum its ended runs only; a flow without runs has none", () => {
    expect(shown(flowCounts([run("success", 10, 9, 1), run("failed", 5, 0, 5), run("inProgress", 0, 0, 0)]))).toBe("15 9 6");
    expect(shown(flowCounts([]))).toBe("0 0 0");
  });
});
