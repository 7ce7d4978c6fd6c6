import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_HOST, containerSas, expectError, rows, startHarness, type Harness } from "../../support/local-workspace.js";

/** DEEP CLONE to and from a wasbs:// location, deletion vectors and a re-clone included; SHALLOW CLONE there is refused, saying why. */
describe("CLONE to and from Blob Storage on the local workspace", () => {
  let h: Harness;
  let ctx: string;
  const sql = (command: string) => h.client.sql(ctx, command);
  const ok = async (command: string) => rows(await sql(command));
  const ids = async (table: string) => (await ok(`SELECT id FROM ${table} ORDER BY id`)).map((r) => r.id);
  const at = (folder: string) => `wasbs://clones@${ACCOUNT_HOST}/${folder}`;

  beforeAll(async () => {
    h = await startHarness();
    await h.client.waitForState("RUNNING");
    await h.blobService.getContainerClient("clones").createIfNotExists();
    const { sas } = await containerSas(h, "clones");
    await h.client.post("/api/2.1/clusters/update", { cluster_id: h.ws.clusterId, update_mask: "spark_conf", cluster: { spark_conf: { [`fs.azure.sas.clones.${ACCOUNT_HOST}`]: sas } } });
    await h.client.waitForState("RUNNING");
    ctx = await h.client.createContext();
    await ok("CREATE TABLE sales (id BIGINT, amount DECIMAL(10,2), day DATE) PARTITIONED BY (day) TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    await ok("INSERT INTO sales VALUES (1, 10.00, DATE '2024-01-01'), (2, 20.00, DATE '2024-01-01'), (5, 50.00, DATE '2024-01-01'), (3, 30.00, DATE '2024-01-02')");
    await ok("DELETE FROM sales WHERE id = 2");
  });
  afterAll(() => h?.close());

  it("deep-clones a local table into Blob Storage, its deletion vectors with it, and back to the local disk", async () => {
    await ok(`CREATE TABLE sales_blob DEEP CLONE sales LOCATION '${at("sales_blob")}'`);
    expect(await ids("sales_blob")).toEqual([1, 3, 5]);
    const blobs: string[] = [];
    for await (const b of h.blobService.getContainerClient("clones").listBlobsFlat({ prefix: "sales_blob/" })) blobs.push(b.name);
    expect(blobs.some((name) => /^sales_blob\/day=2024-01-01\/.+\.parquet$/.test(name))).toBe(true);
    expect(blobs.some((name) => /deletion_vector_.+\.bin$/.test(name))).toBe(true);
    const [detail] = await ok("DESCRIBE DETAIL sales_blob");
    expect(detail.partitionColumns).toEqual(["day"]);

    await ok("CREATE TABLE sales_back DEEP CLONE sales_blob");
    expect(await ids("sales_back")).toEqual([1, 3, 5]);
    expect(await ok("SELECT sum(amount) AS total FROM sales_back")).toEqual([{ total: "90.00" }]);
  });

  it("re-clones into Blob Storage what changed, a file whose deletion vector changed included", async () => {
    await ok(`CREATE TABLE mirror DEEP CLONE sales LOCATION '${at("mirror")}'`);
    await ok("DELETE FROM sales WHERE id = 1");
    await ok("INSERT INTO sales VALUES (4, 40.00, DATE '2024-01-04')");
    await ok("CREATE OR REPLACE TABLE mirror DEEP CLONE sales");
    expect(await ids("mirror")).toEqual([3, 4, 5]);
    const [history] = await ok("DESCRIBE HISTORY mirror LIMIT 1");
    expect(history.operation).toBe("CLONE");
    // the new file and the one whose deletion vector changed; the unchanged one the mirror holds already
    expect((history.operationMetrics as Record<string, string>).numCopiedFiles).toBe("2");
  });

  it("refuses a SHALLOW CLONE to or from Blob Storage, saying a DEEP CLONE copies there", async () => {
    expect(expectError(await sql(`CREATE TABLE shallow_blob SHALLOW CLONE sales LOCATION '${at("shallow")}'`))).toContain("DEEP CLONE copies to or from Blob Storage");
    expect(expectError(await sql("CREATE TABLE shallow_back SHALLOW CLONE sales_blob"))).toContain("both tables must be on the local disk");
  });
});
