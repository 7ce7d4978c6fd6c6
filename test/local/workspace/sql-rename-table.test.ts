import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** ALTER TABLE … RENAME TO on the local workspace: the table answers to its new name with its rows and history, the old name is free. */
describe("ALTER TABLE … RENAME TO on the local workspace", () => {
  const external = mkdtempSync(path.join(os.tmpdir(), "rename-external-"));
  const { ok, sql, location } = sqlSession({
    tableRoots: [external],
    sharing: {
      shares: [{ name: "partners", schemas: [{ name: "sales", tables: [{ name: "orders", source: "hive_metastore.default.shared_orders" }] }] }],
      recipients: [],
    },
  });
  const refused = async (command: string) => expectError(await sql(command));

  it("a managed table moves to its new name's folder with its rows and history, and the old name can be used again", async () => {
    await ok("CREATE TABLE orders (id BIGINT, amount DECIMAL(10,2))");
    await ok("INSERT INTO orders VALUES (1, 9.99), (2, 100.00)");
    await ok("UPDATE orders SET amount = 10.00 WHERE id = 1");
    const before = await location("orders");
    await ok("ALTER TABLE orders RENAME TO archived_orders");

    expect(await ok("SELECT id, amount FROM archived_orders ORDER BY id")).toEqual([
      { id: 1, amount: "10.00" },
      { id: 2, amount: "100.00" },
    ]);
    expect((await ok("DESCRIBE HISTORY archived_orders")).map((r) => r.operation)).toEqual(["UPDATE", "WRITE", "CREATE TABLE"]);
    expect(await location("archived_orders")).toBe(path.join(path.dirname(before), "archived_orders"));
    expect(await refused("SELECT * FROM orders")).toContain("TABLE_OR_VIEW_NOT_FOUND");

    await ok("CREATE TABLE orders (id BIGINT)");
    expect(await ok("SELECT count(*) AS n FROM orders")).toEqual([{ n: 0 }]);
    expect(await location("orders")).toBe(before);
  });

  it("an external table keeps its location, and a qualified new name in the same schema is taken", async () => {
    await ok("CREATE SCHEMA crm");
    const folder = path.join(external, "people");
    await ok(`CREATE TABLE crm.people (id BIGINT) LOCATION '${folder}'`);
    await ok("INSERT INTO crm.people VALUES (7)");
    await ok("ALTER TABLE crm.people RENAME TO crm.contacts");
    expect(await ok("SELECT id FROM crm.contacts")).toEqual([{ id: 7 }]);
    expect(await location("crm.contacts")).toBe(folder);
  });

  it("refuses what Spark refuses: another schema, a name taken, a view, a table that is not there", async () => {
    await ok("CREATE TABLE keep (id BIGINT)");
    await ok("CREATE VIEW keep_view AS SELECT 1 AS one");
    expect(await refused("ALTER TABLE keep RENAME TO crm.keep")).toContain("[CANNOT_RENAME_ACROSS_SCHEMA] Renaming a table across schemas is not allowed.");
    expect(await refused("ALTER TABLE keep RENAME TO archived_orders")).toContain("TABLE_OR_VIEW_ALREADY_EXISTS");
    expect(await refused("ALTER TABLE keep RENAME TO keep_view")).toContain("TABLE_OR_VIEW_ALREADY_EXISTS");
    expect(await refused("ALTER TABLE keep_view RENAME TO other")).toContain("[WRONG_COMMAND_FOR_OBJECT_TYPE]");
    expect(await refused("ALTER TABLE nowhere RENAME TO other")).toContain("TABLE_OR_VIEW_NOT_FOUND");
    expect(await ok("SELECT count(*) AS n FROM keep")).toEqual([{ n: 0 }]);
  });

  it("a table a share lists by name is not renamed, and the refusal names the share", async () => {
    await ok("CREATE TABLE shared_orders (id BIGINT)");
    expect(await refused("ALTER TABLE shared_orders RENAME TO other_orders")).toContain("partners.sales.orders");
    expect(await ok("SELECT count(*) AS n FROM shared_orders")).toEqual([{ n: 0 }]);
  });
});
