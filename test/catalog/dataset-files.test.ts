import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchRowErrorsDir, datasetTableRoot, lakeFolder } from "../../src/lake/lake-paths.js";
import { startTestSystem, TEST_LAKES, type TestSystem } from "../support/system.js";
import { writeLakeFiles } from "./catalog-fixtures.js";
import { call, configureClusterSas, createPipeline, flowBody, FS, type Pipeline, waitForRuns } from "../support/journey.js";

/**
 * A batch a real run committed, seen through Catalog's dataSetFiles and the Data Access API
 * (docs/api/catalog.md#list-dataset-files, docs/api/export.md): the same file, the same bytes. Then
 * the dataset is deleted: refused while its flow and target connection use it, done afterwards,
 * its Delta table gone with it.
 */
const ROWS = 40;
const CATALOG = "/data/foundation/catalog";

describe.each(TEST_LAKES)("Catalog's dataSetFiles of an ingested batch, and deleting its dataset, the lake %s", (lake) => {
  let system: TestSystem;
  let pipeline: Pipeline;
  let flowId: string;
  let batchId: string;

  beforeAll(async () => {
    system = await startTestSystem({ lake, workspace: { seedRows: ROWS }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
    pipeline = await createPipeline(system);
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    flowId = created.body.id;
    const [run] = await waitForRuns(system, flowId, 1);
    expect(run.metrics.statusSummary.status).toBe("success");
    batchId = run.activities.find((a: any) => a.id === "promotionActivity").targetInfo[0].reference.ids[0];
  });
  afterAll(() => system.close());

  it("lists the batch's one dataset file as Data Access lists it: same id, its rows, the bytes of its files", async () => {
    const exported = await call(system, "GET", `/data/foundation/export/batches/${batchId}/files`);
    const fileId = exported.body.data[0].dataSetFileId;
    const files = await call(system, "GET", `/data/foundation/export/files/${fileId}`);
    const unknown = await call(system, "GET", "/data/foundation/export/files/abc");
    expect(unknown.status).toBe(404);
    expect(unknown.body.errorMessage).toBe("The dataset file abc is not found: a dataSetFileId is <batchId>-1, as GET /data/foundation/export/batches/{batchId}/files lists it.");
    const bytes = files.body.data.reduce((sum: number, file: { length: string }) => sum + Number(file.length), 0);
    expect(bytes).toBeGreaterThan(0);

    const byBatch = await call(system, "GET", `${CATALOG}/dataSetFiles?batchId=${batchId}`);
    expect(byBatch.status).toBe(200);
    expect(Object.keys(byBatch.body)).toEqual([fileId]);
    expect(byBatch.body[fileId]).toMatchObject({
      id: fileId,
      batchId,
      dataSetViewId: pipeline.dataSetId,
      records: ROWS,
      size: bytes,
      isValid: true,
      created: Number(exported.body.data[0].created),
      updated: Number(exported.body.data[0].updated),
    });

    // the dataset's own `files` link leads to the same file
    const dataset = (await call(system, "GET", `${CATALOG}/dataSets/${pipeline.dataSetId}`)).body[pipeline.dataSetId];
    const byDataset = await call(system, "GET", `${CATALOG}${dataset.files.slice(1)}`);
    expect(byDataset.body).toEqual(byBatch.body);
    expect((await call(system, "GET", `${CATALOG}/dataSetFiles?batchId=${"0".repeat(26)}`)).body).toEqual({});
    const bad = await call(system, "GET", `${CATALOG}/dataSetFiles?dataSetId=${pipeline.dataSetId}&limit=500`);
    expect(bad.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1001-400");
  });

  it("answers a path given twice with FLOW-1453-400 naming it, on a file download and on the failed rows", async () => {
    const fileId = `${batchId}-1`;
    for (const url of [`/data/foundation/export/files/${fileId}?path=a&path=b`, `/data/foundation/export/batches/${batchId}/meta?path=row_errors&path=x`]) {
      const twice = await call(system, "GET", url);
      expect(twice.status, twice.text).toBe(400);
      expect(twice.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1453-400");
      expect(twice.body.errorMessage).toMatch(/path=/);
    }
  });

  it("refuses an unknown query parameter on the Data Access calls with FLOW-1451-400 naming it, and takes aepp's start and limit", async () => {
    const urls = [`/data/foundation/export/batches/${batchId}/files`, `/data/foundation/export/files/${batchId}-1`, `/data/foundation/export/batches/${batchId}/meta?path=row_errors`];
    for (const url of urls) {
      const separator = url.includes("?") ? "&" : "?";
      const unknown = await call(system, "GET", `${url}${separator}pth=x`);
      expect(unknown.status, unknown.text).toBe(400);
      expect(unknown.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1451-400");
      expect(unknown.body.errorMessage).toContain("pth");
      const paged = await call(system, "GET", `${url}${separator}start=0&limit=100`);
      expect(paged.status, paged.text).toBe(200);
      expect(paged.body).toEqual((await call(system, "GET", url)).body);
    }
  });

  it("pages the failed-row files by start and limit, and refuses a start or limit that is no whole number with FLOW-1453-400 naming it", async () => {
    const { rowErrors } = await writeLakeFiles(system, pipeline.dataSetId, batchId);
    for (const name of ["part-1.json", "part-2.json"]) await lakeFolder(rowErrors).writeIfAbsent(name, "{}\n");
    const names = async (query: string) => {
      const answer = await call(system, "GET", `/data/foundation/export/batches/${batchId}/failed${query}`);
      expect(answer.status, answer.text).toBe(200);
      return { names: answer.body.data.map((f: { name: string }) => f.name), page: answer.body._page };
    };
    expect(await names("")).toEqual({ names: ["part-0.json", "part-1.json", "part-2.json"], page: { limit: 100, count: 3 } });
    expect(await names("?limit=2")).toEqual({ names: ["part-0.json", "part-1.json"], page: { limit: 2, count: 2 } });
    expect(await names("?start=2&limit=2")).toEqual({ names: ["part-2.json"], page: { limit: 2, count: 1 } });
    expect(await names("?start=3")).toEqual({ names: [], page: { limit: 100, count: 0 } });
    for (const [query, name] of [["limit=0", "limit"], ["start=-1", "start"], ["limit=ten", "limit"]]) {
      for (const url of [`/data/foundation/export/batches/${batchId}/files`, `/data/foundation/export/files/${batchId}-1`, `/data/foundation/export/batches/${batchId}/failed`]) {
        const refused = await call(system, "GET", `${url}?${query}`);
        expect(refused.status, `${url}?${query}`).toBe(400);
        expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1453-400");
        expect(refused.body.errorMessage).toContain(`${name} is a whole number from`);
      }
    }
  });

  it("answers aepp's getBatchFailed: /failed lists the failed-row files meta?path=row_errors lists, and downloads each as JSON lines", async () => {
    await writeLakeFiles(system, pipeline.dataSetId, batchId);
    const meta = await call(system, "GET", `/data/foundation/export/batches/${batchId}/meta?path=row_errors`);
    const failed = await call(system, "GET", `/data/foundation/export/batches/${batchId}/failed`);
    expect(failed.status, failed.text).toBe(200);
    expect(failed.body.data.map((f: any) => f.name)).toEqual(meta.body.data.map((f: any) => f.name.slice("row_errors/".length)));
    expect(failed.body.data.length).toBeGreaterThan(0);
    for (const file of failed.body.data) {
      const link = new URL(file._links.self.href);
      const download = await call(system, "GET", link.pathname + link.search);
      const viaMeta = await call(system, "GET", `/data/foundation/export/batches/${batchId}/meta?path=row_errors/${file.name}`);
      expect(download.status).toBe(200);
      expect(download.headers.get("content-type")).toBe("application/x-ndjson");
      expect(download.text).toBe(viaMeta.text);
      expect(String(Buffer.byteLength(download.text))).toBe(file.length);
    }
    const missing = await call(system, "GET", `/data/foundation/export/batches/${batchId}/failed?path=../part-0.json`);
    expect(missing.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1012-404");
    expect((await call(system, "GET", `/data/foundation/export/batches/${"0".repeat(26)}/failed`)).body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1011-404");
  });

  it("previews the dataset's rows as aepp's getPreview reads them, each value as the run stored it", async () => {
    const preview = await call(system, "GET", `/data/foundation/export/datasets/${pipeline.dataSetId}/preview`);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.data).toHaveLength(ROWS);
    const byId = new Map(preview.body.data.map((row: any) => [row.customerId, row]));
    expect([...byId.keys()].sort((a: any, b: any) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
    // demo.customers' customer 7: DECIMAL(38,18) with its 18 digits, the timestamp with its milliseconds
    expect(byId.get(7)).toEqual({
      _id: "customer7@example.com",
      customerId: 7,
      person: { name: "Customer 7", email: "customer7@example.com" },
      country: "CA",
      balance: "7.000000000000000007",
      updatedAt: "2024-01-01T00:00:55.433000Z",
    });

    const schemaRef = (await call(system, "GET", `${CATALOG}/dataSets/${pipeline.dataSetId}`)).body[pipeline.dataSetId].schemaRef;
    const empty = await call(system, "POST", `${CATALOG}/dataSets`, { body: { name: "nothing ingested yet", schemaRef } });
    const emptyId = empty.body[0].slice("@/dataSets/".length);
    expect((await call(system, "GET", `/data/foundation/export/datasets/${emptyId}/preview`)).body).toEqual({ data: [] });
    const unknown = await call(system, "GET", `/data/foundation/export/datasets/${"0".repeat(24)}/preview`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1010-404");
    const extra = await call(system, "GET", `/data/foundation/export/datasets/${pipeline.dataSetId}/preview?limit=5`);
    expect(extra.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1451-400");
  });

  /** a GET's status, headers and bytes as they came (a Parquet file is no text) */
  const download = async (url: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${system.url}${url}`, { headers: { ...(await system.headers()), ...headers } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  };
  const expectPart = (part: Awaited<ReturnType<typeof download>>, whole: Buffer, start: number, end: number) => {
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes ${start}-${end}/${whole.length}`);
    expect(part.headers.get("content-length")).toBe(String(end - start + 1));
    expect(part.headers.get("accept-ranges")).toBe("bytes");
    expect(part.bytes.equals(whole.subarray(start, end + 1))).toBe(true);
  };

  it("answers one range of a Parquet file's bytes with 206 (Range: bytes=0-99, as AEP's Data Access tutorial asks), and 416 beyond its end", async () => {
    const fileId = `${batchId}-1`;
    const [file] = (await call(system, "GET", `/data/foundation/export/files/${fileId}`)).body.data;
    const url = `/data/foundation/export/files/${fileId}?path=${encodeURIComponent(file.name)}`;
    const whole = await download(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    const size = whole.bytes.length;
    expect(String(size)).toBe(file.length);
    expect(size).toBeGreaterThan(200);
    expect(whole.bytes.subarray(0, 4).toString()).toBe("PAR1");

    expectPart(await download(url, { range: "bytes=0-99" }), whole.bytes, 0, 99);
    expectPart(await download(url, { range: "bytes=-8" }), whole.bytes, size - 8, size - 1); // the footer's length and PAR1
    expectPart(await download(url, { range: "bytes=100-" }), whole.bytes, 100, size - 1);
    expectPart(await download(url, { range: `bytes=${size - 10}-${size + 1000}` }), whole.bytes, size - 10, size - 1);
    expectPart(await download(url, { range: `bytes=-${size + 5}` }), whole.bytes, 0, size - 1);
    expectPart(await download(url, { range: `bytes=${size - 1}-${size - 1}` }), whole.bytes, size - 1, size - 1);

    // aepp's getFiles(dataSetFileId, path, range) sends the range as a query parameter; the header wins over it
    expectPart(await download(`${url}&range=bytes=0-99`), whole.bytes, 0, 99);
    expectPart(await download(`${url}&range=bytes=0-99`, { range: "bytes=10-19" }), whole.bytes, 10, 19);
    const listing = await call(system, "GET", `/data/foundation/export/files/${fileId}?range=bytes=0-100`);
    expect(listing.status, listing.text).toBe(200);
    expect(listing.body).toEqual((await call(system, "GET", `/data/foundation/export/files/${fileId}`)).body);

    for (const range of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, "bytes=-0"]) {
      const refused = await call(system, "GET", url, { headers: { range } });
      expect(refused.status, range).toBe(416);
      expect(refused.headers.get("content-range")).toBe(`bytes */${size}`);
      expect(refused.body).toMatchObject({ type: "https://ns.adobe.com/aep/errors/CAT-1014-416", status: 416, report: { path: file.name, range, size } });
      expect(refused.body.errorMessage).toContain(`the file has ${size} bytes`);
      expect(refused.body.errorMessage).toContain(`bytes=0-${size - 1}`);
    }
    expect((await call(system, "GET", `${url}&range=bytes=${size}-`)).status).toBe(416);

    // a malformed range, several ranges, or a conditional If-Range: the whole file, as RFC 9110 lets a server answer
    const ignored: Array<Record<string, string>> = [{ range: "bytes=5-1" }, { range: "bytes=a-b" }, { range: "items=0-9" }, { range: "bytes=0-9, 20-29" }, { range: "bytes=0-9", "if-range": '"x"' }];
    for (const headers of ignored) {
      const answered = await download(url, headers);
      expect(answered.status, JSON.stringify(headers)).toBe(200);
      expect(answered.headers.get("content-range")).toBeNull();
      expect(answered.bytes.equals(whole.bytes)).toBe(true);
    }

    // HEAD (aepp's getHeadFile) tells the size and that ranges are taken, with or without a Range
    for (const headers of [{}, { range: "bytes=0-9" }] as Array<Record<string, string>>) {
      const head = await fetch(`${system.url}${url}`, { method: "HEAD", headers: { ...(await system.headers()), ...headers } });
      expect(head.status).toBe(200);
      expect(head.headers.get("content-length")).toBe(String(size));
      expect(head.headers.get("accept-ranges")).toBe("bytes");
    }
  });

  it("answers one range of a failed-row file on meta and on failed, as of a dataset file", async () => {
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ record: { id: i }, errors: [`row ${i} failed`] })).join("\n") + "\n";
    await lakeFolder(batchRowErrorsDir(system.lakeDir, batchId)).writeIfAbsent("part-00001.json", lines);
    const whole = Buffer.from(lines);
    for (const url of [`/data/foundation/export/batches/${batchId}/meta?path=row_errors/part-00001.json`, `/data/foundation/export/batches/${batchId}/failed?path=part-00001.json`]) {
      const all = await download(url);
      expect(all.status).toBe(200);
      expect(all.headers.get("accept-ranges")).toBe("bytes");
      expect(all.bytes.equals(whole)).toBe(true);
      const part = await download(url, { range: "bytes=100-199" });
      expectPart(part, whole, 100, 199);
      expect(part.headers.get("content-type")).toBe("application/x-ndjson");
      const refused = await call(system, "GET", url, { headers: { range: `bytes=${whole.length}-` } });
      expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1014-416");
    }
  });

  it("refuses to delete the dataset while its flow and target connection use it, then deletes it with its Delta table", async () => {
    const table = datasetTableRoot(system.lakeDir, pipeline.dataSetId);
    const holdsLog = async () => (await lakeFolder(table).list("_delta_log")).length > 0;
    expect(await holdsLog()).toBe(true);
    const refused = await call(system, "DELETE", `${CATALOG}/dataSets/${pipeline.dataSetId}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ type: "https://ns.adobe.com/aep/errors/CAT-1003-400", report: { flows: [flowId], targetConnections: [pipeline.targetId] } });
    expect(refused.body.errorMessage).toContain(`the flows ${flowId}`);

    expect((await call(system, "DELETE", `${FS}/flows/${flowId}`)).status).toBe(204);
    const stillUsed = await call(system, "DELETE", `${CATALOG}/dataSets/${pipeline.dataSetId}`);
    expect(stillUsed.body.report).toMatchObject({ flows: [], targetConnections: [pipeline.targetId] });
    expect((await call(system, "DELETE", `${FS}/targetConnections/${pipeline.targetId}`)).status).toBe(204);

    const deleted = await call(system, "DELETE", `${CATALOG}/dataSets/${pipeline.dataSetId}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual([`@/dataSets/${pipeline.dataSetId}`]);
    expect(await holdsLog()).toBe(false);
    expect((await call(system, "GET", `${CATALOG}/batches/${batchId}`)).status).toBe(404);
    expect((await call(system, "GET", `/data/foundation/export/batches/${batchId}/files`)).status).toBe(404);
    expect((await call(system, "GET", `${CATALOG}/dataSetFiles?dataSetId=${pipeline.dataSetId}`)).body).toEqual({});
  });
});
