import { describe, expect, it } from "vitest";
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
});
