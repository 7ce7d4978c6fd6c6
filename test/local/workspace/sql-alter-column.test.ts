import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** ALTER TABLE … ALTER COLUMN and COMMENT ON on the local workspace: each change one Delta commit, with Delta's refusals. */
describe("ALTER COLUMN and COMMENT ON on the local workspace", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE people (id BIGINT, name STRING, address STRUCT<city: STRING, zip: STRING>, born DATE)");
    await ok("INSERT INTO people VALUES (1, 'ada', named_struct('city', 'London', 'zip', 'N1'), DATE '1815-12-10'), (2, NULL, NULL, NULL)");
  });
  const refused = async (command: string) => expectError(await sql(command));
  /** the table's schema as the Delta log's latest metaData has it */
  const loggedSchema = async () => {
    const root = String((await ok("DESCRIBE DETAIL people"))[0].location).replace(/^file:/, "");
    const log = path.join(root, "_delta_log");
    const metadata = readdirSync(log)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .flatMap((f) => readFileSync(path.join(log, f), "utf8").trim().split("\n").map((line) => JSON.parse(line)))
      .filter((a) => a.metaData)
      .at(-1).metaData;
    return JSON.parse(metadata.schemaString).fields as { name: string; nullable: boolean; metadata: Record<string, unknown>; type: any }[];
  };
  const lastOperation = async () => (await ok("DESCRIBE HISTORY people LIMIT 1"))[0] as { operation: string; operationParameters: Record<string, string> };

  it("ALTER COLUMN … COMMENT and COMMENT ON COLUMN set a column's comment, which DESCRIBE shows; IS NULL removes it", async () => {
    await ok("ALTER TABLE people ALTER COLUMN name COMMENT 'given name'");
    expect((await ok("DESCRIBE TABLE people")).find((r) => r.col_name === "name")?.comment).toBe("given name");
    expect((await loggedSchema()).find((f) => f.name === "name")?.metadata).toEqual({ comment: "given name" });
    const change = await lastOperation();
    expect(change.operation).toBe("CHANGE COLUMN");
    expect(JSON.parse(change.operationParameters.column)).toEqual({ name: "name", type: "string", nullable: true, metadata: { comment: "given name" } });

    await ok("COMMENT ON COLUMN people.born IS 'date of birth'");
    expect((await ok("DESCRIBE TABLE people")).find((r) => r.col_name === "born")?.comment).toBe("date of birth");
    await ok("COMMENT ON COLUMN people.born IS NULL");
    expect((await ok("DESCRIBE TABLE people")).find((r) => r.col_name === "born")?.comment).toBeNull();
  });

  it("SET NOT NULL holds only where no row is NULL, and from then on a NULL is refused; DROP NOT NULL takes it back", async () => {
    expect(await refused("ALTER TABLE people ALTER COLUMN name SET NOT NULL")).toContain("[DELTA_NOT_NULL_CONSTRAINT_VIOLATED] NOT NULL constraint violated for column: name (1 row(s)");
    expect((await loggedSchema()).find((f) => f.name === "name")?.nullable).toBe(true);

    await ok("ALTER TABLE people ALTER COLUMN id SET NOT NULL");
    expect((await loggedSchema()).find((f) => f.name === "id")?.nullable).toBe(false);
    expect(await refused("INSERT INTO people (id, name) VALUES (NULL, 'nobody')")).toContain("NOT_NULL");
    await ok("ALTER TABLE people CHANGE COLUMN id DROP NOT NULL");
    await ok("INSERT INTO people (id, name) VALUES (NULL, 'nobody')");
    expect(await ok("SELECT count(*) AS n FROM people WHERE id IS NULL")).toEqual([{ n: 1 }]);
    await ok("DELETE FROM people WHERE id IS NULL");
  });

  it("FIRST and AFTER move a column, or a struct's field, and every value stays with its column", async () => {
    await ok("ALTER TABLE people ALTER COLUMN born FIRST");
    await ok("ALTER TABLE people ALTER COLUMN id AFTER name");
    expect((await lastOperation()).operationParameters.position).toBe("AFTER name");
    expect((await loggedSchema()).map((f) => f.name)).toEqual(["born", "name", "id", "address"]);
    expect(await ok("SELECT * FROM people ORDER BY id")).toEqual([
      { born: "1815-12-10", name: "ada", id: 1, address: { city: "London", zip: "N1" } },
      { born: null, name: null, id: 2, address: null },
    ]);
    await ok("ALTER TABLE people ALTER COLUMN address.zip FIRST");
    expect((await ok("SELECT address FROM people WHERE id = 1"))[0].address).toEqual({ zip: "N1", city: "London" });
    expect(await refused("ALTER TABLE people ALTER COLUMN name AFTER nope")).toContain("UNRESOLVED_COLUMN");
  });

  it("a new type is Delta's refusal, the same type changes nothing; a DEFAULT needs the table feature; Hive's CHANGE COLUMN form is refused by name", async () => {
    expect(await refused("ALTER TABLE people ALTER COLUMN id TYPE INT")).toContain("[DELTA_UNSUPPORTED_ALTER_TABLE_CHANGE_COL_OP] ALTER TABLE ALTER COLUMN is not supported for changing column id from BIGINT to INT.");
    await ok("ALTER TABLE people ALTER COLUMN id TYPE BIGINT");
    expect(await refused("ALTER TABLE people ALTER COLUMN name SET DEFAULT 'x'")).toContain("WRONG_COLUMN_DEFAULTS_FOR_DELTA_FEATURE_NOT_ENABLED");
    expect(await refused("ALTER TABLE people CHANGE COLUMN name full_name STRING")).toContain("CHANGE COLUMN c new_name type");
    expect(await refused("ALTER TABLE people ALTER COLUMN nope COMMENT 'x'")).toContain("UNRESOLVED_COLUMN");
  });

  it("COMMENT ON TABLE sets the comment DESCRIBE DETAIL shows, and IS NULL clears it", async () => {
    await ok("COMMENT ON TABLE people IS 'everyone we know'");
    expect((await ok("DESCRIBE DETAIL people"))[0].description).toBe("everyone we know");
    await ok("COMMENT ON TABLE people IS NULL");
    expect((await ok("DESCRIBE DETAIL people"))[0].description).toBeNull();
    expect(await refused("COMMENT ON TABLE nowhere IS 'x'")).toContain("TABLE_OR_VIEW_NOT_FOUND");
  });
});
