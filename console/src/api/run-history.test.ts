/**
 * The sandbox's runs as Monitoring keeps them between readings: one request a poll for every flow,
 * a flow's held-back runs read again when something of that flow changed, and a reading answered
 * late never bringing back an older run.
 */
import { describe, expect, it } from "vitest";
import { RunHistory, SCHEDULED_REREAD_MS } from "./run-history";
import type { Run } from "./runs";
import type { Session } from "./session";

const run = (id: string, flowId: string, status: string, updatedAt: number, heldBack?: string) =>
  ({ id, flowId, createdAt: 1, updatedAt, metrics: { statusSummary: { status } }, ...(heldBack ? { heldBack: { reason: heldBack } } : {}) }) as unknown as Run;

const DAY = 86_400_000;

const statuses = (runs: Run[] | undefined) => runs?.map((r) => `${r.id} ${r.metrics.statusSummary.status}${r.heldBack ? ` ${r.heldBack.reason}` : ""}`).sort();

/** a runs list over `runs`, filtered by the property filters the history sends, recording each request's filters */
function runsApi(runs: Map<string, Run>) {
  const asked: string[][] = [];
  const list = async (path: string) => {
    const filters = new URL(path, "http://console").searchParams.getAll("property");
    asked.push(filters);
    return [...runs.values()].filter((r) =>
      filters.every((filter) => {
        const [, field, op, value] = /^([\w.]+)(==|>=)(.*)$/.exec(filter)!;
        if (field === "updatedAt") return r.updatedAt >= Number(value);
        if (field === "flowId") return r.flowId === value;
        if (field === "id") return r.id === value;
        return op === "==" && r.metrics.statusSummary.status === value;
      }),
    );
  };
  return { list, asked };
}

describe("the sandbox's run history", () => {
  it("reads the changes of every flow's runs in one request a poll, and groups the runs by the flows listed", async () => {
    const runs = new Map([run("a1", "a", "success", 1_000), run("b1", "b", "inProgress", 1_000), run("c1", "c", "success", 1_000)].map((r) => [r.id, r]));
    const api = runsApi(runs);
    let now = 0;
    const history = new RunHistory({} as Session, DAY, api.list, () => now);
    const flows = [{ id: "a", state: "enabled" }, { id: "b", state: "enabled" }];
    expect(statuses((await history.read(flows)).get("a"))).toEqual(["a1 success"]);
    expect(api.asked).toEqual([[`updatedAt>=${-DAY}`], ["metrics.statusSummary.status==scheduled"]]);

    runs.set("b1", run("b1", "b", "success", 2_000));
    now = 2_000;
    api.asked.length = 0;
    const read = await history.read(flows);
    expect(api.asked).toHaveLength(2); // the changes, and b's held-back runs as its run changed
    expect(api.asked[0]).toEqual(["updatedAt>=-59000"]);
    expect(api.asked[1]).toEqual(["flowId==b", "metrics.statusSummary.status==scheduled"]);
    expect(statuses(read.get("b"))).toEqual(["b1 success"]);
    expect([...read.keys()]).toEqual(["a", "b"]); // c is not a listed flow

    now = 4_000;
    api.asked.length = 0;
    await history.read(flows);
    expect(api.asked).toEqual([["updatedAt>=-58000"]]); // nothing changed: no more
  });

  it("reads a flow's held-back runs again when its state changes, and every flow's each half minute, their reasons being no change of theirs", async () => {
    const runs = new Map([run("a1", "a", "failed", 1_000), run("a2", "a", "scheduled", 1_000, "earlierWindowFailed")].map((r) => [r.id, r]));
    const api = runsApi(runs);
    let now = 0;
    const history = new RunHistory({} as Session, DAY, api.list, () => now);
    await history.read([{ id: "a", state: "enabled" }]);

    // disabled: the held run's reason changes, its updatedAt does not
    runs.set("a2", run("a2", "a", "scheduled", 1_000, "flowDisabled"));
    now = 2_000;
    api.asked.length = 0;
    expect(statuses((await history.read([{ id: "a", state: "disabled" }])).get("a"))).toEqual(["a1 failed", "a2 scheduled flowDisabled"]);
    expect(api.asked[1]).toEqual(["flowId==a", "metrics.statusSummary.status==scheduled"]);

    runs.set("a2", run("a2", "a", "scheduled", 1_000, "earlierWindowFailed"));
    now = 2_000 + SCHEDULED_REREAD_MS;
    api.asked.length = 0;
    expect(statuses((await history.read([{ id: "a", state: "disabled" }])).get("a"))).toEqual(["a1 failed", "a2 scheduled earlierWindowFailed"]);
    expect(api.asked[1]).toEqual(["metrics.statusSummary.status==scheduled"]);
  });

  it("shows the runs of its span of time, every run waiting to run whatever its age, and the failed run a held one waits for", async () => {
    const now = 10 * DAY;
    const runs = new Map(
      [
        run("old", "a", "success", now - 2 * DAY),
        run("failed", "a", "failed", now - 3 * DAY),
        run("held", "a", "scheduled", now - 3 * DAY, "earlierWindowFailed"),
        run("recent", "b", "success", now - DAY + 1),
      ].map((r) => [r.id, r]),
    );
    (runs.get("held")!.heldBack as { waitingForRunId?: string }).waitingForRunId = "failed";
    const api = runsApi(runs);
    const read = await new RunHistory({} as Session, DAY, api.list, () => now).read([{ id: "a", state: "enabled" }, { id: "b", state: "enabled" }]);
    expect(statuses(read.get("a"))).toEqual(["failed failed", "held scheduled earlierWindowFailed"]);
    expect(statuses(read.get("b"))).toEqual(["recent success"]);
    expect(api.asked).toContainEqual(["id==failed"]);
    expect(api.asked.flat()).not.toContain(`updatedAt>=${now - 7 * DAY}`);

    // a longer span shows the older runs too
    const week = await new RunHistory({} as Session, 7 * DAY, api.list, () => now).read([{ id: "a", state: "enabled" }]);
    expect(statuses(week.get("a"))).toEqual(["failed failed", "held scheduled earlierWindowFailed", "old success"]);
  });

  it("keeps the newer of two answers about a run when two readings overlap and the older answer comes last", async () => {
    const waiting: Array<(runs: Run[]) => void> = [];
    const list = (path: string) => (decodeURIComponent(path).includes("status==scheduled") ? Promise.resolve([]) : new Promise<Run[]>((resolve) => waiting.push(resolve)));
    const history = new RunHistory({} as Session, DAY, list, () => 0);
    const flows = [{ id: "f", state: "enabled" }];
    const first = history.read(flows);
    waiting[0]([run("r1", "f", "inProgress", 100)]);
    await first;

    // a poll and an action's reload at once; the poll's (older) answer arrives after the reload's
    const poll = history.read(flows);
    const reload = history.read(flows);
    await expect.poll(() => waiting.length).toBe(3);
    waiting[2]([run("r1", "f", "success", 200)]);
    waiting[1]([run("r1", "f", "inProgress", 150)]);
    const [polled, reloaded] = await Promise.all([poll, reload]);
    expect(statuses(reloaded.get("f"))).toEqual(["r1 success"]);
    expect(statuses(polled.get("f"))).toEqual(["r1 success"]);
  });
});
