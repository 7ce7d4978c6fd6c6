import * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poll, startHarness, type Harness } from "../../support/local-workspace.js";

/** SQL Warehouses API 2.0 and the Statement Execution API 2.0 of the local workspace, over HTTP. */
describe("SQL warehouses and statements of the local workspace", () => {
  let h: Harness;
  let clock = Date.now();
  const warehouse = "local-warehouse";
  const statements = "/api/2.0/sql/statements";

  beforeAll(async () => {
    h = await startHarness({ warehouseStartDelayMs: 200, statementChunkRows: 3, resultLinkLifetimeMs: 60_000, now: () => clock });
    clock += 1_000; // the cluster, which creates the table, is RUNNING
    const ctx = await h.client.createContext();
    await h.client.sql(ctx, "CREATE SCHEMA s");
    await h.client.sql(
      ctx,
      "CREATE TABLE s.t (id BIGINT, amount DECIMAL(38,18), ts TIMESTAMP, name STRING, address STRUCT<city: STRING, zip: INT>) USING DELTA",
    );
    await h.client.sql(
      ctx,
      `INSERT INTO s.t VALUES
        (9007199254740993, 12345678901234567890.123456789012345678, TIMESTAMP '2024-01-01 00:00:00.123456Z', 'a', named_struct('city', 'Paris', 'zip', 75001)),
        (2, -0.000000000000000001, TIMESTAMP '1999-12-31 23:59:59.999999Z', NULL, NULL),
        (3, NULL, NULL, 'c', named_struct('city', 'Lyon', 'zip', 69001)),
        (4, 4.5, TIMESTAMP '2030-06-15 12:00:00Z', 'd', named_struct('city', NULL, 'zip', NULL)),
        (5, 5, TIMESTAMP '2030-06-15 12:00:00.000001Z', 'e', NULL)`,
    );
  }, 60_000);
  afterAll(() => h.close());

  const waitFor = (id: string) =>
    poll(async () => {
      const r = await h.client.get(`${statements}/${id}`);
      return ["PENDING", "RUNNING"].includes(r.body.status.state) ? undefined : r.body;
    }, 30_000, `statement ${id}`);

  it("lists and gets the warehouse npm start provides, STOPPED, with its auto-stop", async () => {
    const list = await h.client.get("/api/2.0/sql/warehouses");
    expect(list.status).toBe(200);
    expect(list.body.warehouses.map((w: any) => w.id)).toContain(warehouse);
    const one = await h.client.get(`/api/2.0/sql/warehouses/${warehouse}`);
    expect(one.body).toMatchObject({ id: warehouse, state: "STOPPED", auto_stop_mins: 10, odbc_params: { path: `/sql/1.0/warehouses/${warehouse}` } });
    const missing = await h.client.get("/api/2.0/sql/warehouses/nope");
    expect(missing.status).toBe(404);
    expect(missing.body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  });

  it("a statement on a STOPPED warehouse starts it and waits PENDING until it runs", async () => {
    const submitted = await h.client.post(statements, { statement: "SELECT 1 AS one", warehouse_id: warehouse, wait_timeout: "0s" });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status.state).toBe("PENDING");
    expect((await h.client.get(`/api/2.0/sql/warehouses/${warehouse}`)).body.state).toBe("STARTING");
    clock += 250;
    const done = await waitFor(submitted.body.statement_id);
    expect(done.status.state).toBe("SUCCEEDED");
    expect(done.result.data_array).toEqual([["1"]]);
    expect(done.manifest.schema.columns).toEqual([{ name: "one", position: 0, type_name: "INT", type_text: "INT" }]);
    expect((await h.client.get(`/api/2.0/sql/warehouses/${warehouse}`)).body.state).toBe("RUNNING");
  });

  it("INLINE JSON_ARRAY: a double's or a float's -0.0, NaN and infinities as Spark writes them", async () => {
    const specials = ["-0.0", "NaN", "Infinity", "-Infinity"];
    const select = specials.flatMap((v, i) => [`CAST('${v}' AS DOUBLE) AS d${i}`, `CAST('${v}' AS FLOAT) AS f${i}`]).join(", ");
    const r = await h.client.post(statements, { statement: `SELECT ${select}`, warehouse_id: warehouse, wait_timeout: "30s" });
    expect(r.body.status.state, JSON.stringify(r.body.status)).toBe("SUCCEEDED");
    expect(r.body.result.data_array).toEqual([specials.flatMap((v) => [v, v])]);
  });

  it("INLINE JSON_ARRAY: every value a string, chunked with next_chunk_index, exact", async () => {
    const r = await h.client.post(statements, { statement: "SELECT id, amount, ts, name, address FROM s.t ORDER BY id", warehouse_id: warehouse, catalog: "hive_metastore", wait_timeout: "30s" });
    expect(r.body.status.state, JSON.stringify(r.body.status)).toBe("SUCCEEDED");
    expect(r.body.manifest).toMatchObject({ format: "JSON_ARRAY", total_chunk_count: 2, total_row_count: 5, truncated: false });
    expect(r.body.manifest.schema.columns.map((c: any) => c.type_text)).toEqual(["BIGINT", "DECIMAL(38,18)", "TIMESTAMP", "STRING", "STRUCT<city: STRING, zip: INT>"]);
    expect(r.body.result).toMatchObject({ chunk_index: 0, row_offset: 0, row_count: 3, next_chunk_index: 1 });
    expect(r.body.result.data_array[0].slice(0, 4)).toEqual(["2", "-0.000000000000000001", "1999-12-31T23:59:59.999999Z", null]);
    const next = await h.client.get(r.body.result.next_chunk_internal_link);
    expect(next.body).toMatchObject({ chunk_index: 1, row_offset: 3, row_count: 2 });
    expect(next.body.next_chunk_index).toBeUndefined();
    expect(next.body.data_array[1][0]).toBe("9007199254740993");
    expect(next.body.data_array[1][1]).toBe("12345678901234567890.123456789012345678");
    expect(JSON.parse(next.body.data_array[1][4])).toEqual({ city: "Paris", zip: 75001 });
  });

  it("EXTERNAL_LINKS ARROW_STREAM: presigned links without credentials, loss-free Arrow values", async () => {
    const r = await h.client.post(statements, { statement: "SELECT id, amount, ts, address FROM s.t ORDER BY id", warehouse_id: warehouse, disposition: "EXTERNAL_LINKS", format: "ARROW_STREAM", wait_timeout: "30s" });
    expect(r.body.status.state, JSON.stringify(r.body.status)).toBe("SUCCEEDED");
    const rows: any[] = [];
    let link = r.body.result.external_links[0];
    for (;;) {
      expect(new Date(link.expiration).getTime()).toBeGreaterThan(clock);
      const download = await fetch(link.external_link);
      expect(download.status).toBe(200);
      const table = arrow.tableFromIPC(new Uint8Array(await download.arrayBuffer()));
      expect(String(table.schema.fields[1].type)).toBe("Decimal[38e+18]");
      for (let i = 0; i < table.numRows; i++) {
        rows.push({ id: table.getChild("id")!.get(i), at: table.getChild("ts")!.data[0].values[i], address: table.getChild("address")!.get(i) });
      }
      if (link.next_chunk_index === undefined) break;
      link = (await h.client.get(link.next_chunk_internal_link)).body.external_links[0];
    }
    expect(rows.map((x) => x.id)).toEqual([2n, 3n, 4n, 5n, 9007199254740993n]);
    expect(rows[3].at).toBe(BigInt(Date.UTC(2030, 5, 15, 12)) * 1000n + 1n);
    expect(rows[4].address).toBe('{"city":"Paris","zip":75001}');
    // a link past its expiry, or with its signature changed, is refused
    const expired = r.body.result.external_links[0].external_link;
    clock += 61_000;
    expect((await fetch(expired)).status).toBe(403);
    expect((await fetch(expired.replace(/signature=./, "signature=0"))).status).toBe(403);
  });

  it("refuses what Databricks refuses, naming the field", async () => {
    const inlineArrow = await h.client.post(statements, { statement: "SELECT 1", warehouse_id: warehouse, format: "ARROW_STREAM" });
    expect(inlineArrow.status).toBe(400);
    expect(inlineArrow.body.message).toContain("EXTERNAL_LINKS");
    const badWait = await h.client.post(statements, { statement: "SELECT 1", warehouse_id: warehouse, wait_timeout: "3s" });
    expect(badWait.status).toBe(400);
    expect(badWait.body.message).toContain("wait_timeout");
    const unknown = await h.client.post(statements, { statement: "SELECT 1", warehouse_id: "nope" });
    expect(unknown.status).toBe(404);
    const failed = await h.client.post(statements, { statement: "SELECT * FROM s.missing", warehouse_id: warehouse, wait_timeout: "30s" });
    expect(failed.body.status).toMatchObject({ state: "FAILED", error: { error_code: "BAD_REQUEST" } });
    expect(failed.body.status.error.message).toContain("TABLE_OR_VIEW_NOT_FOUND");
  });

  it("cancels a statement waiting for its warehouse; stop and auto-stop bring it down", async () => {
    await h.client.post(`/api/2.0/sql/warehouses/${warehouse}/stop`, {});
    clock += 2_000;
    expect((await h.client.get(`/api/2.0/sql/warehouses/${warehouse}`)).body.state).toBe("STOPPED");
    const pending = await h.client.post(statements, { statement: "SELECT 1", warehouse_id: warehouse, wait_timeout: "0s" });
    expect((await h.client.post(`${statements}/${pending.body.statement_id}/cancel`, {})).status).toBe(200);
    expect((await waitFor(pending.body.statement_id)).status.state).toBe("CANCELED");
    clock += 250;
    expect((await h.client.get(`/api/2.0/sql/warehouses/${warehouse}`)).body.state).toBe("RUNNING");
    clock += 10 * 60_000 + 2_000;
    expect((await h.client.get(`/api/2.0/sql/warehouses/${warehouse}`)).body.state).toBe("STOPPED");
  });
});
