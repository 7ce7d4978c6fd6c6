/**
 * On-demand runs as AEP's guide has them, driven with aepp's own bodies and headers: the first
 * run's deltaColumn becomes the flow's, a run without a window reads only what came after the last
 * run, and nothing ever puts a row in the dataset twice. Beyond AEP: "run now" for a recurring flow.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { eventually } from "../support/blob.js";
import { aeppHeaders, PYTHON_REQUESTS } from "../support/aepp.js";
import { call, configureClusterSas, createPipeline, datasetRows, flowBody, FS, type Pipeline, runsOf, sql, waitForRuns } from "../support/journey.js";

const code = (reply: { body: any }) => reply.body.type?.replace("https://ns.adobe.com/aep/errors/", "");
const JAN_1 = 1704067200; // 2024-01-01, where demo.customers' updated_at begins (7.919 s a row)
const JAN_2 = 1704153600;

describe("on-demand runs", () => {
  let system: TestSystem;
  let pipeline: Pipeline;
  let headers: Record<string, string>;
  /** a call exactly as aepp makes it: its headers only */
  const aepp = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${system.url}${FS}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
  };
  const finished = async (flowId: string, id: string) => {
    const runs = await waitForRuns(system, flowId, (await runsOf(system, flowId)).length, 120_000);
    return runs.find((r) => r.id === id);
  };
  const datasetCounts = (dataSetId: string) =>
    datasetRows(system, dataSetId, "SELECT count(*)::INTEGER AS n, count(DISTINCT customerId)::INTEGER AS ids FROM $table");

  beforeAll(async () => {
    system = await startTestSystem({ workspace: { seedRows: 20 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
    headers = await aeppHeaders(system, "application/json", PYTHON_REQUESTS);
  });
  afterAll(() => system.close());

  // the run-now test waits for a minute window's end: its own table, in a suite run beside the others (each suite's tests in turn)
  describe.concurrent("of flows reading demo.customers", () => {
  describe.sequential("one after another", () => {
    beforeAll(async () => {
      pipeline = await createPipeline(system);
    });

    it("keeps the first run's deltaColumn as the flow's, continues aepp's createRun after the last run, and never doubles a row", async () => {
      const once = flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" });
      once.transformations.unshift({ name: "Copy", params: {} } as never);
      const flowId = (await aepp("POST", "/flows", once)).body.id;

      // AEP's on-demand tutorial body: the window holds every row of the table
      const first = await aepp("POST", "/runs", {
        flowId,
        params: { startTime: String(Math.floor(Date.now() / 1000)), windowStartTime: String(JAN_1), windowEndTime: String(JAN_2), deltaColumn: { name: "updated_at" } },
      });
      expect(first.status).toBe(201);
      const tableRows = Number((await sql(system, "SELECT count(*) FROM demo.customers")).data[0][0]);
      expect((await finished(flowId, first.body.id)).metrics.recordSummary.outputRecordCount).toBe(tableRows);

      // aepp's getFlow: the Copy transformation now carries the run's deltaColumn
      const flow = (await aepp("GET", `/flows/${flowId}`)).body.items[0];
      expect(flow.transformations.find((t: any) => t.name === "Copy").params).toEqual({ deltaColumn: { name: "updated_at" } });

      // three new rows: two after the first window, one inside it that arrived after it ran
      await sql(
        system,
        `INSERT INTO demo.customers SELECT id + 5000, name, concat('later', email), country, balance, address,
           CASE WHEN id = 1 THEN TIMESTAMP '2024-01-01 12:00:00' ELSE TIMESTAMP '2024-03-01 08:00:00' END
         FROM demo.customers WHERE id <= 3`,
      );
      // aepp's createRun
      const next = await aepp("POST", "/runs", { flowId, status: "active" });
      expect(next.status).toBe(201);
      const continued = await finished(flowId, next.body.id);
      expect(continued.metrics.statusSummary.status).toBe("success");
      expect(continued.metrics.recordSummary.inputRecordCount).toBe(3);
      expect(continued.activities[0].durationSummary.extensions.windowStart).toBe(JAN_2 * 1000);
      expect(await datasetCounts(pipeline.dataSetId)).toEqual([{ n: tableRows + 3, ids: tableRows + 3 }]);

      // the flow's deltaColumn stays: another one is refused, naming both
      const other = await aepp("POST", "/runs", { flowId, params: { windowStartTime: String(JAN_2 + 86400 * 90), deltaColumn: { name: "id" } } });
      expect(code(other)).toBe("SRC-1382-400");
      expect(other.body.errorMessage).toContain("id should match");
      expect(other.body.errorMessage).toContain("updated_at");
      // and so is a PATCH that names another; one that leaves it out keeps it
      const etag = (await aepp("GET", `/flows/${flowId}`)).body.items[0].etag;
      const renamed = await call(system, "PATCH", `${FS}/flows/${flowId}`, { headers: { "if-match": etag }, body: [{ op: "replace", path: "/name", value: "renamed once flow" }] });
      expect(renamed.status).toBe(200);
      const transformations = [{ name: "Copy", params: { deltaColumn: { name: "id" } } }, { name: "Mapping", params: { mappingId: pipeline.mappingId, mappingVersion: 0 } }];
      const repointed = await call(system, "PATCH", `${FS}/flows/${flowId}`, { headers: { "if-match": renamed.body.etag }, body: [{ op: "replace", path: "/transformations", value: transformations }] });
      expect(code(repointed)).toBe("SRC-1382-400");
      expect((await aepp("GET", `/flows/${flowId}`)).body.items[0].transformations.find((t: any) => t.name === "Copy").params.deltaColumn).toEqual({ name: "updated_at" });

      // a window that starts before the last run's end would read rows twice
      const overlapping = await aepp("POST", "/runs", { flowId, params: { windowStartTime: String(JAN_1), windowEndTime: String(JAN_2), deltaColumn: { name: "updated_at" } } });
      expect(code(overlapping)).toBe("SRC-1312-400");
      expect(overlapping.body.errorMessage).toContain(next.body.id);

      // a full reload would append a second copy: refused, and the dataset keeps every row once
      const reload = await aepp("POST", "/runs", { flowId, params: { fullReload: true } });
      expect(code(reload)).toBe("SRC-1380-400");
      expect(reload.body.errorMessage).toContain(`${tableRows + 3} rows`);
      // a createRun with nothing new reads nothing
      const idle = await aepp("POST", "/runs", { flowId, status: "active" });
      expect((await finished(flowId, idle.body.id)).metrics.recordSummary.outputRecordCount ?? 0).toBe(0);
      expect(await datasetCounts(pipeline.dataSetId)).toEqual([{ n: tableRows + 3, ids: tableRows + 3 }]);

      // a successful run is not re-triggered, and the answer says why
      const again = await aepp("POST", `/runs/${next.body.id}/action?op=re-trigger`);
      expect(code(again)).toBe("SRC-1387-400");
      expect(again.body.errorMessage).toContain("cannot be re-triggered because it succeeded");
      expect(again.body.errorMessage).not.toMatch(/customer support|try again after some time/);
    }, 300_000);

    it("reads late rows of a table with a MAP column, or a map inside a struct, each added copy once, which Spark's EXCEPT ALL refuses", async () => {
      // the flow writes tags (a map, or a struct holding one): its rows are compared with it
      const schemaWith = (tags: object) => ({
        title: "Tagged",
        type: "object",
        properties: { _id: { type: "string" }, eventId: { type: "integer", "meta:xdmType": "long" }, label: { type: "string" }, at: { type: "string", format: "date-time" }, tags },
      });
      const mappings = [
        { sourceAttribute: "id", destinationXdmPath: "_id" },
        { sourceAttribute: "id", destinationXdmPath: "eventId" },
        { sourceAttribute: "name", destinationXdmPath: "label" },
        { sourceAttribute: "updated_at", destinationXdmPath: "at" },
        { sourceAttribute: "tags", destinationXdmPath: "tags" },
      ];
      const tables = [
        { name: "demo.tagged", column: "tags MAP<STRING, STRING>", type: "map<string,string>", value: (k: number) => `map('k', 'v${k}')`, tags: { type: "object", additionalProperties: { type: "string" } } },
        {
          name: "demo.nested_tags",
          column: "tags STRUCT<label: STRING, attrs: MAP<STRING, BIGINT>>",
          type: "struct<label:string,attrs:map<string,bigint>>",
          value: (k: number) => `named_struct('label', 'l${k}', 'attrs', map('a', ${k}))`,
          tags: { type: "object", properties: { label: { type: "string" }, attrs: { type: "object", additionalProperties: { type: "integer", "meta:xdmType": "long" } } } },
        },
      ];
      for (const table of tables) {
        const schema = schemaWith(table.tags);
        await sql(system, `CREATE TABLE ${table.name} (id BIGINT, name STRING, ${table.column}, updated_at TIMESTAMP) USING DELTA`);
        const row = (id: number, at: string) => `(${id}, 'row ${id}', ${table.value(id)}, TIMESTAMP '2024-01-01 ${at}')`;
        await sql(system, `INSERT INTO ${table.name} VALUES ${row(1, "01:00:00")}, ${row(2, "02:00:00.000100")}`);
        // Spark refuses to compare rows that hold a map, and so does the local workspace
        await expect(sql(system, `SELECT * FROM ${table.name} EXCEPT ALL SELECT * FROM ${table.name}`)).rejects.toThrow("SET_OPERATION_ON_MAP_TYPE");

        const fresh = await createPipeline(system, { tableName: table.name, schema, mappings, columns: ["id", "name", { name: "tags", type: table.type }, "updated_at"] });
        const flow = await aepp("POST", "/flows", flowBody(fresh, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" }));
        expect(flow.status, JSON.stringify(flow.body)).toBe(201);
        const flowId = flow.body.id;
        const first = await aepp("POST", "/runs", { flowId, params: { windowStartTime: String(JAN_1), windowEndTime: String(JAN_2), deltaColumn: { name: "updated_at" } } });
        expect(first.status, JSON.stringify(first.body)).toBe(201);
        expect((await finished(flowId, first.body.id)).metrics.recordSummary.outputRecordCount).toBe(2);

        // committed after that run, inside its window: a new row, a second copy of row 1, and row 2 again 400 µs later
        await sql(system, `INSERT INTO ${table.name} VALUES ${row(3, "03:00:00")}, ${row(1, "01:00:00")}, ${row(2, "02:00:00.000500")}`);
        const next = await aepp("POST", "/runs", { flowId, status: "active" });
        const continued = await finished(flowId, next.body.id);
        expect(continued.metrics.statusSummary.status, JSON.stringify(continued.errors ?? continued.metrics)).toBe("success");
        expect(continued.metrics.recordSummary.outputRecordCount).toBe(3);
        const logs = JSON.stringify((await call(system, "GET", `${FS}/runs/${next.body.id}/logs`)).body);
        expect(logs).toContain("tags hold a MAP or VARIANT, which Spark does not compare: late rows are found through a JSON key of each row");
        // nothing new: nothing read again
        const idle = await aepp("POST", "/runs", { flowId, status: "active" });
        expect((await finished(flowId, idle.body.id)).metrics.recordSummary.outputRecordCount ?? 0).toBe(0);

        const ingested = await datasetRows(system, fresh.dataSetId, `SELECT eventId::INTEGER AS id, strftime("at", '%H:%M:%S.%f') AS at, count(*)::INTEGER AS n FROM $table GROUP BY ALL ORDER BY ALL`);
        expect(ingested).toEqual([
          { id: 1, at: "01:00:00.000000", n: 2 },
          { id: 2, at: "02:00:00.000100", n: 1 },
          { id: 2, at: "02:00:00.000500", n: 1 },
          { id: 3, at: "03:00:00.000000", n: 1 },
        ]);
      }
    }, 240_000);

    it("runs a full reload of a flow that has ingested nothing, and no later one", async () => {
      const fresh = await createPipeline(system);
      const flowId = (await aepp("POST", "/flows", flowBody(fresh, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" }))).body.id;
      // a deltaColumn the source connection does not list never becomes the flow's
      const unknown = await aepp("POST", "/runs", { flowId, params: { windowStartTime: String(JAN_1), deltaColumn: { name: "no_such_column" } } });
      expect(code(unknown)).toBe("SRC-1312-400");
      expect(unknown.body.errorMessage).toContain("no_such_column");
      const reload = await aepp("POST", "/runs", { flowId, params: { fullReload: true } });
      expect(reload.status).toBe(201);
      const tableRows = Number((await sql(system, "SELECT count(*) FROM demo.customers")).data[0][0]);
      expect((await finished(flowId, reload.body.id)).metrics.recordSummary.outputRecordCount).toBe(tableRows);
      // a second reload is refused, and says to give a delta column, not to leave fullReload out (which the flow without one refuses too)
      const again = await aepp("POST", "/runs", { flowId, params: { fullReload: "true" } });
      expect(code(again)).toBe("SRC-1380-400");
      expect(again.body.errorMessage).toContain("leave params.fullReload out and give params.deltaColumn");
      // without a deltaColumn the flow cannot tell new rows from old ones: a bare createRun says what to send, and no fullReload once rows are in
      const bare = await aepp("POST", "/runs", { flowId, status: "active" });
      expect(code(bare)).toBe("SRC-1383-400");
      expect(bare.body.errorMessage).toContain("params.deltaColumn");
      expect(bare.body.errorMessage).not.toContain("fullReload");
      // given one, the run after a whole-table read takes only the rows that appeared since, whatever their time
      await sql(system, "INSERT INTO demo.customers SELECT id + 9000, name, concat('since', email), country, balance, address, TIMESTAMP '2023-06-01 00:00:00' FROM demo.customers WHERE id = 4");
      const since = await aepp("POST", "/runs", { flowId, params: { deltaColumn: { name: "updated_at" } } });
      expect(since.status).toBe(201);
      expect((await finished(flowId, since.body.id)).metrics.recordSummary.outputRecordCount).toBe(1);
      expect(await datasetCounts(fresh.dataSetId)).toEqual([{ n: tableRows + 1, ids: tableRows + 1 }]);
    }, 180_000);

    it("reads the rows that appeared since a read of the whole table also when the flow skips late rows", async () => {
      const fresh = await createPipeline(system);
      const body = flowBody(fresh, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" }, { options: { lateArrivingRows: "skip" } });
      const flowId = (await aepp("POST", "/flows", body)).body.id;
      const whole = await aepp("POST", "/runs", { flowId, status: "active" });
      const tableRows = Number((await sql(system, "SELECT count(*) FROM demo.customers")).data[0][0]);
      expect((await finished(flowId, whole.body.id)).metrics.recordSummary.outputRecordCount).toBe(tableRows);
      await sql(system, "INSERT INTO demo.customers SELECT id + 9500, name, concat('skip', email), country, balance, address, TIMESTAMP '2026-12-02 09:55:00' FROM demo.customers WHERE id = 5");
      const since = await aepp("POST", "/runs", { flowId, params: { deltaColumn: { name: "updated_at" } } });
      expect(since.status).toBe(201);
      const run = await finished(flowId, since.body.id);
      expect(run.metrics.statusSummary.status).toBe("success");
      expect(run.metrics.recordSummary).toEqual({ inputRecordCount: 1, outputRecordCount: 1, failedRecordCount: 0 });
      const log = JSON.stringify((await call(system, "GET", `${FS}/runs/${since.body.id}/logs`)).body);
      expect(log).toMatch(/the rows with a updated_at that appeared since version \d+, the one the flow's last run read/);
      expect(await datasetCounts(fresh.dataSetId)).toEqual([{ n: tableRows + 1, ids: tableRows + 1 }]);
      // and the next run, with nothing new, reads nothing
      const idle = await aepp("POST", "/runs", { flowId, status: "active" });
      expect((await finished(flowId, idle.body.id)).metrics.recordSummary.inputRecordCount).toBe(0);
      expect(await datasetCounts(fresh.dataSetId)).toEqual([{ n: tableRows + 1, ids: tableRows + 1 }]);
    }, 180_000);

    it("checks a run's new deltaColumn in the table when the source connection lists no columns, before anything is saved", async () => {
      const bare = await createPipeline(system, { columns: [] });
      const flowId = (await aepp("POST", "/flows", flowBody(bare, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" }))).body.id;
      const etag = (await aepp("GET", `/flows/${flowId}`)).body.items[0].etag;
      // a typo is refused as flow creation refuses it, naming the table and its columns
      const typo = await aepp("POST", "/runs", { flowId, status: "active", params: { deltaColumn: { name: "nocol" } } });
      expect(typo.status).toBe(400);
      expect(code(typo)).toBe("SRC-1312-400");
      expect(typo.body.errorMessage).toContain("params.deltaColumn.name");
      expect(typo.body.errorMessage).toContain("it is not a column of table");
      expect(typo.body.errorMessage).toContain("updated_at");
      // nothing was saved: no run, the flow unchanged and without a delta column
      expect(await runsOf(system, flowId)).toEqual([]);
      const flow = (await aepp("GET", `/flows/${flowId}`)).body.items[0];
      expect(flow.etag).toBe(etag);
      expect(JSON.stringify(flow.transformations)).not.toContain("nocol");
      // so the right column is still the flow's to set, and its run succeeds
      const right = await aepp("POST", "/runs", { flowId, status: "active", params: { deltaColumn: { name: "updated_at" } } });
      expect(right.status).toBe(201);
      expect((await finished(flowId, right.body.id)).metrics.statusSummary.status).toBe("success");
      expect((await aepp("GET", `/flows/${flowId}`)).body.items[0].transformations.find((t: any) => t.name === "Copy").params).toEqual({ deltaColumn: { name: "updated_at" } });
    }, 180_000);

    it("says why no window can follow a read of the whole table, and reports a wrong deltaColumn as itself", async () => {
      const fresh = await createPipeline(system, { columns: [] });
      const flowId = (await aepp("POST", "/flows", flowBody(fresh, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" }))).body.id;
      const whole = await aepp("POST", "/runs", { flowId, status: "active" });
      expect(whole.status).toBe(201);
      expect((await finished(flowId, whole.body.id)).metrics.statusSummary.status).toBe("success");
      const now = Math.floor(Date.now() / 1000);
      const window = { windowStartTime: String(now), windowEndTime: String(now + 60) };
      // a wrong column is the problem to report, not the window
      const typo = await aepp("POST", "/runs", { flowId, params: { ...window, deltaColumn: { name: "nocol" } } });
      expect(code(typo)).toBe("SRC-1312-400");
      expect(typo.body.errorMessage).toContain("params.deltaColumn.name");
      expect(typo.body.errorMessage).toContain("not a column of table");
      // the right column: no window can follow the whole table, and the message says what to do instead
      const windowed = await aepp("POST", "/runs", { flowId, params: { ...window, deltaColumn: { name: "updated_at" } } });
      expect(code(windowed)).toBe("SRC-1312-400");
      expect(windowed.body.errorMessage).toContain(`${whole.body.id} read every row of the table`);
      expect(windowed.body.errorMessage).toContain("Leave windowStartTime and windowEndTime out");
      expect(windowed.body.errorMessage).not.toContain("—");
      expect(await runsOf(system, flowId)).toHaveLength(1);
    }, 180_000);

    it("names what is wrong in the messages of a self-hosted service", async () => {
      const backfill = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once", backfill: true }) });
      expect(code(backfill)).toBe("SRC-1364-400");
      expect(backfill.body.errorMessage).toContain("when frequency is set to once.");
      const { "x-api-key": _key, ...withoutKey } = headers;
      const noKey = await fetch(`${system.url}${FS}/flows`, { headers: withoutKey });
      expect(noKey.status).toBe(403);
      expect((await noKey.json()).message).toContain("x-api-key header");
    });

    it("refuses run now for a disabled flow and runNow with a window", async () => {
      const flowId = (await aepp("POST", "/flows", flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "hour", interval: 1 }))).body.id;
      expect(code(await aepp("POST", "/runs", { flowId, params: { runNow: true, windowStartTime: String(JAN_1) } }))).toBe("SRC-1384-400");
      expect((await aepp("POST", `/flows/${flowId}/action?op=disable`)).status).toBe(200);
      const disabled = await aepp("POST", "/runs", { flowId, params: { runNow: true } });
      expect(code(disabled)).toBe("SRC-1388-400");
      expect(disabled.body.errorMessage).toContain("op=enable");
    });
  });
  });

  describe.concurrent("run now of a recurring flow", () => {
  describe.sequential("its windows", () => {
    it("runs a recurring flow's current window now; the scheduler goes on with the next one, and late rows of it come with that", async () => {
      await sql(system, "CREATE TABLE demo.now_customers USING DELTA AS SELECT * FROM demo.customers WHERE id <= 2");
      const fresh = await createPipeline(system, { tableName: "demo.now_customers" });
      const at = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace("T", " ");
      // the row of window 1 goes in first, so that only the flow's creation and the run's request stand
      // between choosing the window and asking for its run
      const rowTime = Math.floor(Date.now() / 1000);
      await sql(system, `INSERT INTO demo.now_customers SELECT id + 7000, name, concat('now', email), country, balance, address, TIMESTAMP '${at(rowTime)}' FROM demo.customers WHERE id = 1`);
      // window 1 (holding the row) is current for 30 s more, time enough for its run and a second request on a busy machine; window 2 is due in 90 s
      const startTime = Math.floor(Date.now() / 1000) - 30;
      expect(rowTime).toBeGreaterThanOrEqual(startTime);
      const flowId = (await aepp("POST", "/flows", flowBody(fresh, { startTime, frequency: "minute", interval: 1, backfill: false }))).body.id;

      const now = await aepp("POST", "/runs", { flowId, params: { runNow: true } });
      expect(now.status).toBe(201);
      const early = await finished(flowId, now.body.id);
      expect(early.metrics.recordSummary.outputRecordCount).toBe(1);
      expect(early.activities[0].durationSummary.extensions).toEqual({ windowStart: startTime * 1000, windowEnd: (startTime + 60) * 1000 });
      const twice = await aepp("POST", "/runs", { flowId, params: { runNow: true } });
      expect(code(twice)).toBe("SRC-1380-400");
      expect(twice.body.errorMessage).toContain(now.body.id);

      // a row of that window arriving after it ran early is read by the next window, which the scheduler creates at its time
      await sql(system, `INSERT INTO demo.now_customers SELECT id + 7000, name, concat('now', email), country, balance, address, TIMESTAMP '${at(startTime + 30)}' FROM demo.customers WHERE id = 2`);
      // (by window 2, or by window 3 should window 2 have pinned its version before the row came)
      await eventually(async () => (await datasetCounts(fresh.dataSetId))[0]?.n === 2, 180_000, 500);
      const runs = await runsOf(system, flowId);
      const sequences = runs.map((r) => r.activities[0].statusSummary.extensions.sequence);
      expect(sequences).toEqual([...sequences.keys()].map((i) => i + 1));
      expect(runs.filter((r) => r.metrics.statusSummary.status === "success").length).toBeGreaterThanOrEqual(2);
      expect(await datasetCounts(fresh.dataSetId)).toEqual([{ n: 2, ids: 2 }]);
    }, 240_000);
  });
  });
});
