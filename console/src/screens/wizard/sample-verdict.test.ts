import { describe, expect, it } from "vitest";
import { sampleVerdict } from "./sample-verdict";

describe("what the sample rows' outcome says of a run", () => {
  it("says a run fails where the sample's failing share passes the error threshold, or any row fails without partial ingestion", () => {
    expect(sampleVerdict({ failing: 34, total: 100 }, 5)).toEqual({ text: "34 of the 100 sample rows (34 %) fail the mapping: more than this dataflow's error threshold of 5 %, so a run like them fails and commits nothing.", runFails: true });
    expect(sampleVerdict({ failing: 3, total: 100 }, 5).runFails).toBe(false);
    expect(sampleVerdict({ failing: 3, total: 100 }, 5).text).toContain("within this dataflow's error threshold of 5 %");
    expect(sampleVerdict({ failing: 1, total: 3 }, undefined)).toMatchObject({ runFails: true });
    expect(sampleVerdict({ failing: 1, total: 3 }, undefined).text).toContain("33.3 %");
    expect(sampleVerdict({ failing: 0, total: 100 }, undefined)).toEqual({ text: "All 100 sample rows map; the first ones as they will be ingested:", runFails: false });
  });
});
