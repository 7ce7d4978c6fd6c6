import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, startHarness, type Harness } from "../../support/local-workspace.js";

describe("the demo tables npm start seeds", () => {
  let h: Harness;
  let ctx: string;
  beforeAll(async () => {
    h = await startHarness({ seedDemo: true });
    await h.client.waitForState("RUNNING");
    ctx = await h.client.createContext();
  });
  afterAll(() => h.close());

  it("has demo.customers with 100,000 rows of the documented types", async () => {
    expect(rows(await h.client.sql(ctx, "SHOW TABLES IN demo")).map((r) => r.tableName)).toEqual(["customers", "orders"]);
    expect(rows(await h.client.sql(ctx, "SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM demo.customers"))).toEqual([{ n: 100_000, lo: 1, hi: 100_000 }]);
    const described = Object.fromEntries(rows(await h.client.sql(ctx, "DESCRIBE TABLE demo.customers")).map((r) => [r.col_name, r.data_type]));
    expect(described).toEqual({
      id: "bigint",
      name: "string",
      email: "string",
      country: "string",
      balance: "decimal(38,18)",
      address: "struct<street:string,city:string,postal_code:string>",
      updated_at: "timestamp",
    });
    const [row] = rows(await h.client.sql(ctx, "SELECT * FROM demo.customers WHERE id = 42"));
    expect(row).toMatchObject({ id: 42, name: "Customer 42", email: "customer42@example.com", balance: "42.000000000000000042" });
    expect(row.address).toMatchObject({ city: expect.any(String), postal_code: "00042" });
    expect(row.updated_at).toMatch(/^2024-01-0\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it("has demo.orders with the change data feed on and inserts and deletes in it", async () => {
    const [detail] = rows(await h.client.sql(ctx, "DESCRIBE DETAIL demo.orders"));
    expect(detail.properties).toMatchObject({ "delta.enableChangeDataFeed": "true" });
    const feed = rows(await h.client.sql(ctx, "SELECT _change_type, count(*) AS n FROM table_changes('demo.orders', 1) GROUP BY 1 ORDER BY 1"));
    expect(feed).toEqual([
      { _change_type: "delete", n: 500 },
      { _change_type: "insert", n: 25_000 },
    ]);
  });

  it("does not seed again when the tables exist", async () => {
    const before = rows(await h.client.sql(ctx, "DESCRIBE HISTORY demo.customers")).length;
    await h.restart({ seedDemo: true });
    await h.client.waitForState("RUNNING");
    ctx = await h.client.createContext();
    expect(rows(await h.client.sql(ctx, "DESCRIBE HISTORY demo.customers"))).toHaveLength(before);
  });
});
