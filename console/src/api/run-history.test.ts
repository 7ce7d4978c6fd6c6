/** A flow's runs as Monitoring keeps them between readings: a reading answered late never brings back an older run. */
import { describe, expect, it } from "vitest";
import { RunHistory } from "./run-history";
import type { Run } from "./runs";
import type { Session } from "./session";

const run = (status: string, updatedAt: number) => ({ id: "r1", flowId: "f", createdAt: 1, updatedAt, metrics: { statusSummary: { status } } }) as unknown as Run;

/** a list whose answers are given by the test, in the order it chooses; the flow has no scheduled run */
function heldList() {
  const waiting: Array<(runs: Run[]) => void> = [];
  return {
    list: (path: string) => (decodeURIComponent(path).includes("status==scheduled") ? Promise.resolve([]) : new Promise<Run[]>((resolve) => waiting.push(resolve))),
    answer: (index: number, runs: Run[]) => waiting[index](runs),
    asked: () => waiting.length,
  };
}

describe("a flow's run history", () => {
  it("keeps the newer of two answers about a run when two readings overlap and the older answer comes last", async () => {
    const held = heldList();
    const history = new RunHistory({} as Session, "f", held.list, () => 0);
    const first = history.read("enabled");
    held.answer(0, [run("inProgress", 100)]);
    await first;

    // a poll and an action's reload at once; the poll's (older) answer arrives after the reload's
    const poll = history.read("enabled");
    const reload = history.read("enabled");
    await expect.poll(held.asked).toBe(3);
    held.answer(2, [run("success", 200)]);
    held.answer(1, [run("inProgress", 150)]);
    const [polled, reloaded] = await Promise.all([poll, reload]);
    expect(reloaded.map((r) => r.metrics.statusSummary.status)).toEqual(["success"]);
    expect(polled.map((r) => r.metrics.statusSummary.status)).toEqual(["success"]);
  });
});
