import { describe, expect, it } from "vitest";
import { openDeltaTable } from "../../../src/delta/index.js";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** ALTER COLUMN … TYPE on a table with type widening on, and UNSET TBLPROPERTIES and DESCRIBE of one column beside it. */
describe("type widening, UNSET TBLPROPERTIES and DESCRIBE of a column on the local workspace", () => {
  const { ok, sql, location } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE meters (id INT COMMENT 'meter', reading DECIMAL(10,2), day DATE, size FLOAT) TBLPROPERTIES ('delta.enableTypeWidening' = 'true', 'team' = 'grid')");
    await ok("INSERT INTO meters VALUES (1, 12345678.12, DATE '2024-01-01', 1.5), (2, NULL, NULL, NULL)");
  });
  const refused = async (command: string) => expectError(await sql(command));
  const field = async (name: string) => (await openDeltaTable(await location("meters")).snapshot()).schema.fields.find((f) => f.name === name)!;

  it("widens a column in one CHANGE COLUMN commit, recording the change, and reads the files written before in the new type", async () => {
    await ok("ALTER TABLE meters ALTER COLUMN id TYPE BIGINT");
    await ok("ALTER TABLE meters ALTER COLUMN reading TYPE DECIMAL(14,4)");
    await ok("ALTER TABLE meters ALTER COLUMN day TYPE TIMESTAMP_NTZ");
    await ok("ALTER TABLE meters ALTER COLUMN size TYPE DOUBLE");
    expect((await field("id")).type).toBe("long");
    expect((await field("id")).metadata).toEqual({ comment: "meter", "delta.typeChanges": [{ fromType: "integer", toType: "long" }] });
    expect((await field("reading")).metadata["delta.typeChanges"]).toEqual([{ fromType: "decimal(10,2)", toType: "decimal(14,4)" }]);
    await ok("INSERT INTO meters VALUES (3000000000, 1234567890.1234, TIMESTAMP_NTZ '2024-02-02 10:30:00', 2.25)");
    expect(await ok("SELECT id, CAST(reading AS STRING) AS reading, CAST(day AS STRING) AS day, size FROM meters ORDER BY id")).toEqual([
      { id: 1, reading: "12345678.1200", day: "2024-01-01 00:00:00", size: 1.5 },
      { id: 2, reading: null, day: null, size: null },
      { id: 3000000000, reading: "1234567890.1234", day: "2024-02-02 10:30:00", size: 2.25 },
    ]);
  });

  it("refuses a narrowing, an unrelated type, and any change where type widening is off", async () => {
    expect(await refused("ALTER TABLE meters ALTER COLUMN id TYPE INT")).toContain("[DELTA_UNSUPPORTED_ALTER_TABLE_CHANGE_COL_OP]");
    expect(await refused("ALTER TABLE meters ALTER COLUMN id TYPE STRING")).toContain("[DELTA_UNSUPPORTED_ALTER_TABLE_CHANGE_COL_OP]");
    expect(await refused("ALTER TABLE meters ALTER COLUMN reading TYPE DECIMAL(14,2)")).toContain("[DELTA_UNSUPPORTED_ALTER_TABLE_CHANGE_COL_OP]");
    await ok("CREATE TABLE plain_meters (id INT)");
    expect(await refused("ALTER TABLE plain_meters ALTER COLUMN id TYPE BIGINT")).toContain("from INT to BIGINT");
  });

  it("UNSET TBLPROPERTIES removes keys in one commit; a missing key fails unless IF EXISTS", async () => {
    await ok("ALTER TABLE meters UNSET TBLPROPERTIES ('team')");
    expect((await ok("SHOW TBLPROPERTIES meters")).map((r) => r.key)).not.toContain("team");
    const [history] = await ok("DESCRIBE HISTORY meters LIMIT 1");
    expect(history.operation).toBe("UNSET TBLPROPERTIES");
    expect(await refused("ALTER TABLE meters UNSET TBLPROPERTIES ('team')")).toContain("[UNSET_NONEXISTENT_PROPERTIES] Attempted to unset non-existent properties [`team`]");
    await ok("ALTER TABLE meters UNSET TBLPROPERTIES IF EXISTS ('team', 'nothing')");
  });

  it("DESCRIBE TABLE t column shows its name, type and comment; EXTENDED adds the statistics rows", async () => {
    expect(await ok("DESCRIBE meters id")).toEqual([
      { info_name: "col_name", info_value: "id" },
      { info_name: "data_type", info_value: "bigint" },
      { info_name: "comment", info_value: "meter" },
    ]);
    const extended = await ok("DESCRIBE TABLE EXTENDED meters reading");
    expect(extended.map((r) => r.info_name)).toEqual(["col_name", "data_type", "comment", "min", "max", "num_nulls", "distinct_count", "avg_col_len", "max_col_len", "histogram"]);
    expect(await refused("DESCRIBE meters nothing")).toContain("UNRESOLVED_COLUMN");
  });
});
