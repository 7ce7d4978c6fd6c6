/**
 * `runs watch` shows how long the run has been going: a run re-triggered today after failing
 * yesterday counts from its new start, not from its creation a day ago.
 */
import { describe, expect, it } from "vitest";
import type { PlatformClient } from "../../src/command-line/platform-client.js";
import { watchFlowRun } from "../../src/command-line/run-watch.js";

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const DAY = 24 * 3_600_000;

/** The flow's newest run as the API answers it, created a day ago. */
function runItem(status: string, startedAtUTC: number) {
  return {
    id: "r1",
    flowId: "f1",
    createdAt: NOW - DAY,
    attempt: startedAtUTC ? 1 : 0,
    maxAttempts: 3,
    metrics: { durationSummary: { startedAtUTC, completedAtUTC: 0 }, statusSummary: { status, errors: [] }, recordSummary: {} },
    activities: [],
  };
}

async function watch(looks: unknown[]): Promise<string[]> {
  const shown: string[] = [];
  let look = 0;
  const client = { get: async () => ({ items: [looks[Math.min(look, looks.length - 1)]] }) } as unknown as PlatformClient;
  const terminal = { out: () => {}, err: () => {}, rewrite: (line: string) => shown.push(line) };
  await watchFlowRun(client, "f1", terminal, {
    intervalMs: 1_000,
    json: false,
    now: () => NOW,
    sleep: async () => {
      look++;
    },
  });
  return shown;
}

describe("runs watch's elapsed time", () => {
  it("counts from the run's start, so a run re-triggered after failing a day ago shows seconds, not a day", async () => {
    const shown = await watch([runItem("scheduled", 0), runItem("inProgress", NOW - 42_000), { ...runItem("success", NOW - 40_000) }]);
    expect(shown).toEqual([expect.stringMatching(/^run r1 scheduled · .* · 0 s$/), expect.stringMatching(/^run r1 inProgress · .* · 42 s$/)]);
  });
});
