import { describe, expect, it } from "vitest";
import { viewOf } from "./run-shape.js";
import { progressLine } from "./run-watch.js";

const run = (heldBack: { reason: string; message: string }) => ({ id: "r1", status: "pending", heldBack, errors: [] });

describe("runs watch's live line", () => {
  it("says a run waits where the wait passes by itself, and is held back where a person must act", () => {
    expect(progressLine(run({ reason: "workerLost", message: "its worker stopped answering; another takes it over" }))).toBe(
      "run r1 pending · waiting: its worker stopped answering; another takes it over · no rows yet",
    );
    expect(progressLine(run({ reason: "earlierWindowPending", message: "an earlier window runs first" }))).toContain("· waiting: an earlier window runs first");
    expect(progressLine(run({ reason: "earlierWindowFailed", message: "an earlier window failed" }))).toContain("· held back: an earlier window failed");
    expect(progressLine(run({ reason: "flowDisabled", message: "the flow is disabled" }))).toContain("· held back: the flow is disabled");
  });

  it("says why the last attempt failed while the run waits for its next one, the error's code written once", () => {
    const retrying = { id: "r1", status: "scheduled", attempt: 1, maxAttempts: 3, nextAttemptAt: Date.UTC(2026, 0, 1, 10, 0, 30), errors: ["CONNECTOR-2001-500: the cluster went away"] };
    expect(progressLine(retrying)).toBe("run r1 scheduled · attempt 1 of 3, next at 2026-01-01T10:00:30.000Z · attempt 1 failed: CONNECTOR-2001-500: the cluster went away · no rows yet");
    expect(viewOf({ id: "r1", metrics: { statusSummary: { status: "failed", errors: [{ code: "CONNECTOR-2010-400", message: "Revoked SAS: …" }, { code: "MAPPER-3700-400", message: "MAPPER-3700-400: the value …" }] } } }).errors).toEqual([
      "CONNECTOR-2010-400: Revoked SAS: …",
      "MAPPER-3700-400: the value …",
    ]);
  });
});
