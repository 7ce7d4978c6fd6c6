import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { startCluster, terminateCluster } from "../support/aep-calls.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, type Pipeline, runsOf, waitForRuns } from "../support/journey.js";

const later = () => Math.floor(Date.now() / 1000) + 3600;
const code = (reply: { body: any }) => reply.body.type?.replace("https://ns.adobe.com/aep/errors/", "");

describe("the dataflow and runs API", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 20 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system);
  });
  afterAll(() => system.close());

  it("creates a flow (201 {id, etag}) and shows it with inherited attributes, operation and runs link", async () => {
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: String(later()), frequency: "minute", interval: "15", backfill: "true" }) });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), etag: expect.stringMatching(/^".+"$/) });
    const got = await call(system, "GET", `${FS}/flows/${created.body.id}`);
    const item = got.body.items[0];
    expect(item).toMatchObject({
      id: created.body.id,
      state: "enabled",
      etag: created.body.etag,
      flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
      sourceConnectionIds: [pipeline.sourceId],
      targetConnectionIds: [pipeline.targetId],
      scheduleParams: { frequency: "minute", interval: "15", backfill: "true" },
      runs: `/runs?property=flowId==${created.body.id}`,
      lastOperation: { operation: "create", status: { value: "completed" } },
      inheritedAttributes: {
        sourceConnections: [{ id: pipeline.sourceId, baseConnection: { id: pipeline.connectionId } }],
        targetConnections: [{ id: pipeline.targetId }],
        properties: { isSourceFlow: true },
      },
      createdClient: "test-client",
      sandboxName: "prod",
    });
    const listed = await call(system, "GET", `${FS}/flows?property=name==${encodeURIComponent(item.name)}`);
    expect(listed.body.items.map((f: any) => f.id)).toEqual([created.body.id]);
    expect(listed.body._links).toEqual({});
    expect((await call(system, "GET", `${FS}/flows?count=true`)).body.count).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ["a start time in the past", { startTime: 1_000_000_000, frequency: "minute", interval: 1 }, {}, "SRC-1360-400"],
    ["an interval with once", { startTime: later(), frequency: "once", interval: 5 }, {}, "SRC-1361-400"],
    ["an unknown frequency", { startTime: later(), frequency: "fortnight", interval: 1 }, {}, "SRC-1397-400"],
    ["no delta column", { startTime: later(), frequency: "hour", interval: 1 }, { noDeltaColumn: true }, "SRC-1367-400"],
    ["a delta column that is not a source column", { startTime: later(), frequency: "hour", interval: 1 }, { deltaColumn: "nope" }, "SRC-1312-400"],
  ])("refuses %s", async (_case, schedule, extra, expected) => {
    const reply = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, schedule, extra) });
    expect(reply.status).toBe(400);
    expect(code(reply)).toBe(expected);
    expect(reply.body.errorMessage).toEqual(expect.any(String));
  });

  it("refuses a mapping set that reads attributes the source connection does not have", async () => {
    const narrow = await createPipeline(system, { columns: ["id", "email"] });
    const reply = await call(system, "POST", `${FS}/flows`, { body: flowBody(narrow, { startTime: later(), frequency: "once" }) });
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage).toMatch(/not a column of the source connection/);
  });

  it("refuses a flow while its cluster is not running, naming the state (creation never starts it)", async () => {
    await terminateCluster(system);
    try {
      const reply = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "hour", interval: 1 }) });
      expect(reply.status).toBe(400);
      expect(reply.body.errorMessage).toMatch(/TERMINATED/);
    } finally {
      await startCluster(system);
    }
  });

  it("patches with If-Match (header or query), refuses a stale etag with 412 and unknown paths with 400", async () => {
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "hour", interval: 1 }) });
    const id = created.body.id;
    const ops = [{ op: "Replace", path: "/name", value: "renamed" }, { op: "replace", path: "/scheduleParams/frequency", value: "day" }];
    expect((await call(system, "PATCH", `${FS}/flows/${id}`, { body: ops })).body.type).toMatch(/FLOW-1403-400/);
    const patched = await call(system, "PATCH", `${FS}/flows/${id}`, { body: ops, headers: { "if-match": created.body.etag } });
    expect(patched.status).toBe(200);
    expect(patched.body.etag).not.toBe(created.body.etag);
    const stale = await call(system, "PATCH", `${FS}/flows/${id}?if-match=${encodeURIComponent(created.body.etag)}`, { body: ops });
    expect(stale.status).toBe(412);
    const item = (await call(system, "GET", `${FS}/flows/${id}`)).body.items[0];
    expect(item).toMatchObject({ name: "renamed", scheduleParams: { frequency: "day" }, lastOperation: { operation: "update" } });
    const badPath = await call(system, "PATCH", `${FS}/flows/${id}`, { body: [{ op: "replace", path: "/state", value: "x" }], headers: { "if-match": patched.body.etag } });
    expect(badPath.status).toBe(400);
    expect(code(badPath)).toBe("SRC-1365-400");
    const wildcard = await call(system, "PATCH", `${FS}/flows/${id}`, { body: ops, headers: { "if-match": "*" } });
    expect(wildcard.status).toBe(412);
    expect(wildcard.body.errorMessage).toContain("A dataflow's PATCH needs its exact etag in If-Match: * is not taken for a dataflow");
    expect(wildcard.body.errorMessage).toContain(`the current one is '${patched.body.etag}'`);
    expect(badPath.body.errorMessage).toContain("A PATCH may change /name, /description, /scheduleParams, /transformations, /labels, /options, /notifications");
  });

  it("refuses a startTime in epoch milliseconds on create and on PATCH, saying it is epoch seconds", async () => {
    const ms = later() * 1000;
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: String(ms), frequency: "once" }) });
    expect(created.status, created.text).toBe(400);
    expect(code(created)).toBe("SRC-1312-400");
    expect(created.body.errorMessage).toContain("scheduleParams.startTime");
    expect(created.body.errorMessage).toContain("epoch seconds");
    expect(created.body.errorMessage).toContain(`send ${ms / 1000}`);
    const flow = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "once" }) });
    expect(flow.status).toBe(201);
    const patched = await call(system, "PATCH", `${FS}/flows/${flow.body.id}`, {
      body: [{ op: "replace", path: "/scheduleParams/startTime", value: String(ms) }],
      headers: { "if-match": flow.body.etag },
    });
    expect(patched.status, patched.text).toBe(400);
    expect(code(patched)).toBe("SRC-1312-400");
    expect(patched.body.errorMessage).toContain("epoch milliseconds");
  });

  it("disables and enables a flow; a disabled flow gets no runs; deleting it frees its connections", async () => {
    // the window starts at least 2 s after the flow is made, so the disable lands before it on a busy machine too
    const startTime = Math.ceil(Date.now() / 1000) + 2;
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime, frequency: "once" }) });
    const id = created.body.id;
    const disabled = await call(system, "POST", `${FS}/flows/${id}/action?op=disable`);
    expect(disabled.status).toBe(200);
    expect((await call(system, "GET", `${FS}/flows/${id}`)).body.items[0].state).toBe("disabled");
    // past the start time, by more than a scheduler tick: the flow would have had its run by now had it been enabled
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startTime * 1000 + 1500 - Date.now())));
    expect(await runsOf(system, id)).toEqual([]);
    const paused = await call(system, "POST", `${FS}/flows/${id}/action?op=pause`);
    expect(paused.body.type).toMatch(/SRC-1398-400/);
    expect(paused.body.errorMessage).toContain("op=enable, op=disable, op=resync");
    await call(system, "POST", `${FS}/flows/${id}/action?op=enable`);
    const [run] = await waitForRuns(system, id, 1);
    expect(run.metrics.statusSummary.status).toBe("success");

    const inUse = await call(system, "DELETE", `${FS}/targetConnections/${pipeline.targetId}`);
    expect(inUse.status).toBe(400);
    expect(code(inUse)).toBe("FLOW-1418-400");
    const flows = (await call(system, "GET", `${FS}/flows?property=targetConnectionIds[]==${pipeline.targetId}`)).body.items;
    for (const flow of flows) expect((await call(system, "DELETE", `${FS}/flows/${flow.id}`)).status).toBe(204);
    expect((await call(system, "GET", `${FS}/flows/${id}`)).status).toBe(404);
    expect((await call(system, "DELETE", `${FS}/targetConnections/${pipeline.targetId}`)).status).toBe(204);
    pipeline = await createPipeline(system);
  });

  it("runs a once flow on demand, with aepp's bare body or AEP's windowed params, and refuses other frequencies", async () => {
    const once = (await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "once" }) })).body.id;
    const windowed = await call(system, "POST", `${FS}/runs`, {
      body: { flowId: once, params: { startTime: String(later()), windowStartTime: "1704067200", windowEndTime: "1704070800", deltaColumn: { name: "updated_at" } } },
    });
    expect(windowed.status).toBe(201);
    // aepp's bare body continues after the windowed run (docs/api/runs.md#start-a-run-on-demand)
    const bare = await call(system, "POST", `${FS}/runs`, { body: { flowId: once, status: "active" } });
    expect(bare.status).toBe(201);
    const runs = await waitForRuns(system, once, 2);
    const byId = Object.fromEntries(runs.map((r) => [r.id, r]));
    // demo.customers' updated_at starts at 2024-01-01 and grows 7.919 s a row: 20 rows lie in that hour
    expect(byId[windowed.body.id].metrics.recordSummary.outputRecordCount).toBe(20);
    expect(byId[windowed.body.id].activities[0].durationSummary.extensions).toEqual({ windowStart: 1704067200000, windowEnd: 1704070800000 });
    expect(byId[bare.body.id].metrics.statusSummary.status).toBe("success");
    expect(byId[bare.body.id].activities[0].durationSummary.extensions.windowStart).toBe(1704070800000);

    const backwards = await call(system, "POST", `${FS}/runs`, { body: { flowId: once, params: { windowStartTime: "1704070800", windowEndTime: "1704067200", deltaColumn: { name: "updated_at" } } } });
    expect(code(backwards)).toBe("SRC-1381-400");
    const hourly = (await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "hour", interval: 1 }) })).body.id;
    expect(code(await call(system, "POST", `${FS}/runs`, { body: { flowId: hourly } }))).toBe("SRC-1386-400");
    expect((await call(system, "POST", `${FS}/runs`, { body: { flowId: "00000000-0000-4000-8000-000000000000" } })).status).toBe(404);

    // the monitoring docs write the status capitalised
    const filtered = await call(system, "GET", `${FS}/runs?property=flowId==${once}&property=metrics.statusSummary.status==Success&limit=1`);
    expect(filtered.body.items).toHaveLength(1);
    expect(filtered.body._links.next.href).toMatch(/^\/runs\?continuationToken=[^=&]+/);
    const recent = await call(system, "GET", `${FS}/runs?property=flowId==${once}&property=metrics.durationSummary.startedAtUTC>${Date.now() - 600_000}`);
    expect(recent.body.items).toHaveLength(2);
    const none = await call(system, "GET", `${FS}/runs?property=flowId==${once}&property=metrics.statusSummary.status==Failed`);
    expect(none.body.items).toEqual([]);
    const unknownAction = await call(system, "POST", `${FS}/runs/${bare.body.id}/action?op=pause`);
    expect(code(unknownAction)).toBe("SRC-1401-400");
    expect((await call(system, "GET", `${FS}/runs/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it("keeps flows and runs of one sandbox invisible from another", async () => {
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: later(), frequency: "hour", interval: 1 }) });
    expect((await call(system, "GET", `${FS}/flows/${created.body.id}`, { sandbox: "dev" })).status).toBe(404);
    expect((await call(system, "GET", `${FS}/flows`, { sandbox: "dev" })).body.items).toEqual([]);
    expect((await call(system, "GET", `${FS}/runs`, { sandbox: "dev" })).body.items).toEqual([]);
  });
});
