import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** Informational PRIMARY KEY and FOREIGN KEY constraints on the local workspace: declared, checked, kept and shown as Unity Catalog does. */
describe("PRIMARY KEY and FOREIGN KEY constraints on the local workspace", () => {
  const { ok, sql, harness } = sqlSession({}, async (ok) => {
    await ok("CREATE CATALOG shop");
    await ok("USE CATALOG shop");
    await ok("CREATE SCHEMA sales");
    await ok("USE SCHEMA sales");
    await ok("CREATE TABLE customers (id BIGINT NOT NULL, region STRING NOT NULL, name STRING, CONSTRAINT customers_pk PRIMARY KEY (id, region) RELY)");
    await ok(`CREATE TABLE orders (order_id BIGINT NOT NULL PRIMARY KEY, customer BIGINT, region STRING,
      CONSTRAINT orders_customer FOREIGN KEY (customer, region) REFERENCES customers NOT ENFORCED)`);
  });
  const refused = async (command: string) => expectError(await sql(command));
  const constraints = async (table: string) => {
    const rows = (await ok(`DESCRIBE TABLE EXTENDED ${table}`)).map((r) => [r.col_name, r.data_type]);
    const at = rows.findIndex(([name]) => name === "# Constraints");
    return at < 0 ? [] : rows.slice(at + 1);
  };

  it("DESCRIBE TABLE EXTENDED and SHOW CREATE TABLE show the keys, named as declared or after the table", async () => {
    expect(await constraints("customers")).toEqual([["customers_pk", "PRIMARY KEY (`id`, `region`) RELY"]]);
    expect(await constraints("orders")).toEqual([
      ["orders_pk", "PRIMARY KEY (`order_id`)"],
      ["orders_customer", "FOREIGN KEY (`customer`, `region`) REFERENCES `shop`.`sales`.`customers` (`id`, `region`)"],
    ]);
    const statement = String((await ok("SHOW CREATE TABLE orders"))[0].createtab_stmt);
    expect(statement).toContain("  region STRING,\n  CONSTRAINT `orders_pk` PRIMARY KEY (`order_id`),\n  CONSTRAINT `orders_customer` FOREIGN KEY");
  });

  it("Unity Catalog's table listing carries them as table_constraints", async () => {
    const reply = await harness().client.get("/api/2.1/unity-catalog/tables/shop.sales.orders");
    expect(reply.body.table_constraints).toEqual([
      { primary_key_constraint: { name: "orders_pk", child_columns: ["order_id"] } },
      { foreign_key_constraint: { name: "orders_customer", child_columns: ["customer", "region"], parent_table: "shop.sales.customers", parent_columns: ["id", "region"] } },
    ]);
  });

  it("they are informational: rows that break them are written", async () => {
    await ok("INSERT INTO orders VALUES (1, 99, 'nowhere'), (1, 99, 'nowhere')");
    expect(await ok("SELECT count(*) AS n FROM orders")).toEqual([{ n: 2 }]);
  });

  it("refuses a nullable primary key column, a second primary key, a foreign key that does not match the parent's key, and hive_metastore", async () => {
    await ok("CREATE TABLE notes (id BIGINT, body STRING NOT NULL)");
    expect(await refused("ALTER TABLE notes ADD CONSTRAINT notes_pk PRIMARY KEY (id)")).toContain(
      "Cannot create the primary key `notes_pk` because its child column(s) `id` is nullable. Please change the column nullability and retry.",
    );
    expect(await refused("ALTER TABLE orders ADD PRIMARY KEY (customer)")).toContain("already has a primary key");
    expect(await refused("ALTER TABLE notes ADD FOREIGN KEY (body) REFERENCES customers")).toContain("must reference the primary key of `shop`.`sales`.`customers`");
    expect(await refused("ALTER TABLE notes ADD FOREIGN KEY (body) REFERENCES notes")).toContain("has no PRIMARY KEY");
    expect(await refused("CREATE TABLE hive_metastore.default.keyed (id BIGINT NOT NULL PRIMARY KEY)")).toContain("PRIMARY KEY constraints are Unity Catalog's");
    expect((await ok("SHOW TABLES IN hive_metastore.default")).map((r) => r.tableName)).not.toContain("keyed");
  });

  it("ALTER TABLE adds and drops them; a primary key a foreign key references drops only with CASCADE", async () => {
    await ok("ALTER TABLE notes ALTER COLUMN id SET NOT NULL");
    await ok("ALTER TABLE notes ADD CONSTRAINT notes_pk PRIMARY KEY (id)");
    expect(await constraints("notes")).toEqual([["notes_pk", "PRIMARY KEY (`id`)"]]);
    await ok("ALTER TABLE notes DROP CONSTRAINT notes_pk");
    expect(await constraints("notes")).toEqual([]);
    expect(await refused("ALTER TABLE customers DROP PRIMARY KEY")).toContain("foreign keys of shop.sales.orders reference it");
    await ok("ALTER TABLE customers DROP PRIMARY KEY CASCADE");
    expect(await constraints("customers")).toEqual([]);
    expect(await constraints("orders")).toEqual([["orders_pk", "PRIMARY KEY (`order_id`)"]]);
    await ok("ALTER TABLE orders DROP FOREIGN KEY IF EXISTS (customer, region)");
    expect(await refused("ALTER TABLE orders DROP FOREIGN KEY (customer, region)")).toContain("has no FOREIGN KEY (customer, region)");
  });
});
