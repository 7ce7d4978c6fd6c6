/**
 * Monitoring's run history of a flow: the scheduled runs (whose held-back reasons change with other
 * runs and the flow) are read again only when something could have changed them, or every half
 * minute; never missed when it did.
 */
import { describe, expect, it } from "vitest";
import { RunHistory, SCHEDULED_REREAD_MS } from "./run-history";
import type { Run } from "./runs";
import type { Session } from "./session";

const run = (id: string, status: string, updatedAt: number, heldBack?: string) =>
  ({ id, flowId: "f", createdAt: 0, updatedAt, metrics: { statusSummary: { status } }, ...(heldBack ? { heldBack: { reason: heldBack, message: heldBack } } : {}) }) as unknown as Run;

/** a Flow Service holding `runs`, answering the two queries the history sends, and counting the scheduled ones */
function service(runs: Map<string, Run>) {
  const asked = { scheduled: 0 };
  const list = async (path: string) => {
    const query = decodeURIComponent(path);
    if (query.includes("status==scheduled")) {
      asked.scheduled++;
      return [...runs.values()].filter((r) => r.metrics.statusSummary.status === "scheduled");
    }
    const since = /updatedAt>=(-?\d+)/.exec(query);
    return [...runs.values()].filter((r) => !since || r.updatedAt >= Number(since[1]));
  };
  return { list, asked };
}

describe("a flow's run history in Monitoring", () => {
  it("does not read a stuck flow's waiting runs again on every poll, but does when a run or the flow changed, and every half minute", async () => {
    const runs = new Map([run("a", "failed", 1000), run("b", "scheduled", 1100, "earlierWindowFailed")].map((r) => [r.id, r]));
    const { list, asked } = service(runs);
    let now = 10_000;
    const history = new RunHistory({} as Session, "f", list, () => now);
    await history.read("enabled");
    const first = asked.scheduled;

    for (let poll = 0; poll < 5; poll++) {
      now += 2_000;
      await history.read("enabled");
    }
    expect(asked.scheduled).toBe(first);

    // a new window's run, scheduled behind the failed one: read as a change, the others left as they are
    runs.set("c", run("c", "scheduled", 12_000, "earlierWindowFailed"));
    now += 2_000;
    expect((await history.read("enabled")).map((r) => r.id).sort()).toEqual(["a", "b", "c"]);
    expect(asked.scheduled).toBe(first);

    // the failed run re-triggered: every waiting run's reason changes without its updatedAt moving
    runs.set("a", run("a", "running", 13_000));
    runs.set("b", run("b", "scheduled", 1100, "earlierWindowPending"));
    now += 2_000;
    const afterRetrigger = await history.read("enabled");
    expect(afterRetrigger.find((r) => r.id === "b")?.heldBack?.reason).toBe("earlierWindowPending");

    // the flow disabled: read again at once
    runs.set("b", run("b", "scheduled", 1100, "flowDisabled"));
    now += 2_000;
    expect((await history.read("disabled")).find((r) => r.id === "b")?.heldBack?.reason).toBe("flowDisabled");

    // nothing at all changes: read again after half a minute
    const before = asked.scheduled;
    now += SCHEDULED_REREAD_MS - 1;
    await history.read("disabled");
    expect(asked.scheduled).toBe(before);
    now += 1;
    await history.read("disabled");
    expect(asked.scheduled).toBe(before + 1);
  });
});
