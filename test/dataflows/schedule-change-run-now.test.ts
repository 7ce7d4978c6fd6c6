/**
 * A period change while a run-now window is still ahead: the windows already created stay as they
 * are, the next one starts where the last of them ends and has the new length, and "run now" in
 * between finds the window that was run now, never one in the future nor one numbered from
 * startTime with the new period.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, createPipeline, flowBody, FS, type Pipeline, runsOf } from "../support/journey.js";

const code = (reply: { body: any }) => reply.body.type?.replace("https://ns.adobe.com/aep/errors/", "");
const iso = (ms: number) => new Date(ms).toISOString();
const sequenceOf = (run: any) => run.activities[0].statusSummary.extensions.sequence;
const boundsOf = (run: any) => run.activities[0].durationSummary.extensions;
const TWO_MINUTES = 120_000;

describe("run now after a schedule change", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    // no worker: the runs wait, which is all the schedule needs
    system = await startTestSystem({ workspace: { seedRows: 5 }, env: { RUN_WORKER: "false" } });
    pipeline = await createPipeline(system);
  });
  afterAll(() => system?.close());

  const runNow = (flowId: string) => call(system, "POST", `${FS}/runs`, { body: { flowId, params: { runNow: true } } });
  const setInterval = async (flowId: string, interval: string) => {
    const etag = (await call(system, "GET", `${FS}/flows/${flowId}`)).body.items[0].etag;
    const patched = await call(system, "PATCH", `${FS}/flows/${flowId}`, { body: [{ op: "replace", path: "/scheduleParams/interval", value: interval }], headers: { "if-match": etag } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  };
  const expectWindowHasItsRun = (reply: { status: number; body: any }, flowId: string, runId: string, end: number) => {
    expect(code(reply), JSON.stringify(reply.body)).toBe("SRC-1380-400");
    expect(reply.body.errorMessage).toContain(`the current window 5 of flow ${flowId}`);
    // the window as its run has it: two minutes, whatever the period is now
    expect(reply.body.errorMessage).toContain(`[${iso(end - TWO_MINUTES)}, ${iso(end)}) already has its run ${runId}`);
    expect(reply.body.errorMessage).toContain(`the next window can run from ${iso(end)} on`);
  };

  it("keeps the run-now window, refuses a second run now in it, and starts the new period at its end", async () => {
    // two-minute windows; window 5 is the current one and ends in about 20 s (what comes before its end takes a second or two)
    const startTime = Math.floor(Date.now() / 1000) + 20 - 5 * 120;
    const end = (startTime + 5 * 120) * 1000;
    const create = async () => (await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime, frequency: "minute", interval: 2, backfill: false }) })).body.id as string;
    const shorter = await create();
    const longer = await create();

    const first = { shorter: await runNow(shorter), longer: await runNow(longer) };
    expect(first.shorter.status, JSON.stringify(first.shorter.body)).toBe(201);
    expect(first.longer.status, JSON.stringify(first.longer.body)).toBe(201);
    expect(Date.now()).toBeLessThan(end); // (the machine was quick enough for what follows)
    for (const flowId of [shorter, longer]) {
      const runs = await runsOf(system, flowId);
      expect(runs.map(sequenceOf)).toEqual([1, 2, 3, 4, 5]);
      expect(boundsOf(runs[4])).toEqual({ windowStart: end - TWO_MINUTES, windowEnd: end });
    }

    // a shorter period: no window of one minute counted from startTime, none in the future
    await setInterval(shorter, "1");
    expectWindowHasItsRun(await runNow(shorter), shorter, first.shorter.body.id, end);
    // a longer one: not the window of ten minutes counted from startTime, nor its run
    await setInterval(longer, "10");
    expectWindowHasItsRun(await runNow(longer), longer, first.longer.body.id, end);
    // changed again before another window was created: the new period still starts at window 5's end
    await setInterval(longer, "3");
    expectWindowHasItsRun(await runNow(longer), longer, first.longer.body.id, end);
    for (const flowId of [shorter, longer]) expect((await runsOf(system, flowId)).map(sequenceOf)).toEqual([1, 2, 3, 4, 5]);
    expect(Date.now(), "window 5 was still current when the runs now above were refused").toBeLessThan(end);

    // once window 5 has ended, the next window runs now: from its end, with the new length
    await new Promise((resolve) => setTimeout(resolve, end - Date.now() + 500));
    for (const [flowId, minutes] of [[shorter, 1], [longer, 3]] as const) {
      const next = await runNow(flowId);
      expect(next.status, JSON.stringify(next.body)).toBe(201);
      const runs = await runsOf(system, flowId);
      expect(runs.map(sequenceOf)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(runs[5].id).toBe(next.body.id);
      expect(boundsOf(runs[5])).toEqual({ windowStart: end, windowEnd: end + minutes * 60_000 });
      expect(boundsOf(runs[4])).toEqual({ windowStart: end - TWO_MINUTES, windowEnd: end });
    }
  }, 120_000);
});
