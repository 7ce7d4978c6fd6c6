import { describe, expect, it } from "vitest";
import { notRetriedBecause } from "./run-health";

describe("why a failed run was not retried", () => {
  it("says a cancelled run was cancelled, and another failure would meet its error again", () => {
    const failedWith = (code: string) => ({ metrics: { statusSummary: { errors: [{ code }] } } });
    expect(notRetriedBecause(failedWith("CONNECTOR-2019-400"))).toBe("it was cancelled (re-trigger it to read its window again)");
    expect(notRetriedBecause(failedWith("CONNECTOR-2012-400"))).toBe("another attempt would meet the same error (see what to do about it below)");
  });
});
