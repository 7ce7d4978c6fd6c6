import { describe, expect, it } from "vitest";
import { openDeltaTable } from "../../../src/delta/index.js";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** Generated columns on the local workspace: computed where a write leaves them out, checked where it gives them, as Delta does. */
describe("generated columns on the local workspace", () => {
  const { ok, sql, location } = sqlSession({}, async (ok) => {
    await ok(`CREATE TABLE events (id BIGINT, at TIMESTAMP, note STRING,
      day DATE GENERATED ALWAYS AS (CAST(at AS DATE)), shout STRING GENERATED ALWAYS AS (upper(note)) COMMENT 'loud') PARTITIONED BY (day)`);
  });
  const refused = async (command: string) => expectError(await sql(command));
  const row = async (id: number) => (await ok(`SELECT id, CAST(day AS STRING) AS day, shout FROM events WHERE id = ${id}`))[0];

  it("keeps each expression in its field's delta.generationExpression, with the generatedColumns feature", async () => {
    const snapshot = await openDeltaTable(await location("events")).snapshot();
    const day = snapshot.schema.fields.find((f) => f.name === "day")!;
    expect(day.metadata["delta.generationExpression"]).toBe("CAST(at AS DATE)");
    expect(snapshot.schema.fields.find((f) => f.name === "shout")!.metadata).toEqual({ "delta.generationExpression": "upper(note)", comment: "loud" });
    expect(snapshot.protocol.minWriterVersion).toBeGreaterThanOrEqual(4);
    expect((await ok("DESCRIBE DETAIL events"))[0].tableFeatures).toContain("generatedColumns");
    const statement = String((await ok("SHOW CREATE TABLE events"))[0].createtab_stmt);
    expect(statement).toContain("  day DATE GENERATED ALWAYS AS (CAST(at AS DATE)),\n  shout STRING GENERATED ALWAYS AS (upper(note)) COMMENT 'loud')");
  });

  it("INSERT computes the generated columns its list leaves out, partition column included", async () => {
    await ok("INSERT INTO events (id, at, note) VALUES (1, TIMESTAMP'2024-02-29 23:30:00', 'hello'), (2, NULL, NULL)");
    expect(await row(1)).toEqual({ id: 1, day: "2024-02-29", shout: "HELLO" });
    expect(await row(2)).toEqual({ id: 2, day: null, shout: null });
    const files = (await openDeltaTable(await location("events")).snapshot()).files;
    expect(files.map((f) => f.partitionValues.day)).toEqual(expect.arrayContaining(["2024-02-29", null]));
  });

  it("keeps a given value that equals the expression, and refuses one that does not, writing nothing", async () => {
    await ok("INSERT INTO events VALUES (3, TIMESTAMP'2024-03-01 08:00:00', 'a', DATE'2024-03-01', 'A')");
    expect(await row(3)).toEqual({ id: 3, day: "2024-03-01", shout: "A" });
    const message = await refused("INSERT INTO events VALUES (4, TIMESTAMP'2024-03-01 08:00:00', 'b', DATE'2024-03-02', 'B')");
    expect(message).toContain("[DELTA_VIOLATE_CONSTRAINT_WITH_VALUES] CHECK constraint Generated Column (`day` <=> CAST(at AS DATE)) violated by row with values:");
    expect(message).toContain(" - day : 2024-03-02");
    expect(await ok("SELECT * FROM events WHERE id = 4")).toEqual([]);
  });

  it("UPDATE computes a generated column again when the values it reads change; a SET of it must equal its expression", async () => {
    await ok("INSERT INTO events (id, at, note) VALUES (5, TIMESTAMP'2024-05-05 10:00:00', 'five')");
    await ok("UPDATE events SET at = TIMESTAMP'2024-06-06 06:00:00', note = 'six' WHERE id = 5");
    expect(await row(5)).toEqual({ id: 5, day: "2024-06-06", shout: "SIX" });
    expect(await refused("UPDATE events SET shout = 'quiet' WHERE id = 5")).toContain("[DELTA_VIOLATE_CONSTRAINT_WITH_VALUES] CHECK constraint Generated Column (`shout` <=> upper(note))");
    expect((await row(5)).shout).toBe("SIX");
    await ok("UPDATE events SET note = 'seven', shout = DEFAULT WHERE id = 5");
    expect((await row(5)).shout).toBe("SEVEN");
  });

  it("MERGE computes the generated columns of the rows it updates and inserts, INSERT * included", async () => {
    await ok("INSERT INTO events (id, at, note) VALUES (6, TIMESTAMP'2024-07-07 07:00:00', 'seven')");
    await ok(`MERGE INTO events t USING (SELECT 6 AS id, TIMESTAMP'2024-08-08 08:00:00' AS at, 'eight' AS note UNION ALL SELECT 7, TIMESTAMP'2024-09-09 09:00:00', 'nine') s
      ON t.id = s.id WHEN MATCHED THEN UPDATE SET at = s.at WHEN NOT MATCHED THEN INSERT *`);
    expect(await row(6)).toEqual({ id: 6, day: "2024-08-08", shout: "SEVEN" });
    expect(await row(7)).toEqual({ id: 7, day: "2024-09-09", shout: "NINE" });
  });

  it("refuses expressions Delta refuses, creating nothing", async () => {
    const create = (column: string) => refused(`CREATE TABLE bad (id BIGINT, at TIMESTAMP, g ${column})`);
    expect(await create("DATE GENERATED ALWAYS AS (CAST(missing AS DATE))")).toContain("[DELTA_INVALID_GENERATED_COLUMN_REFERENCES]");
    expect(await create("DOUBLE GENERATED ALWAYS AS (rand())")).toContain("[DELTA_NON_DETERMINISTIC_EXPRESSION_IN_GENERATED_COLUMN] Found rand()");
    expect(await create("TIMESTAMP GENERATED ALWAYS AS (current_timestamp)")).toContain("[DELTA_NON_DETERMINISTIC_EXPRESSION_IN_GENERATED_COLUMN]");
    expect(await create("BIGINT GENERATED ALWAYS AS (sum(id))")).toContain("[DELTA_AGGREGATE_IN_GENERATED_COLUMN]");
    expect(await create("DATE GENERATED ALWAYS AS (upper('x'))")).toContain("[DELTA_GENERATED_COLUMNS_EXPR_TYPE_MISMATCH] The expression type of the generated column `g` is STRING, but the column type is DATE");
    expect(await refused("CREATE TABLE bad (id BIGINT, a BIGINT GENERATED ALWAYS AS (id + 1), b BIGINT GENERATED ALWAYS AS (a + 1))")).toContain("[DELTA_INVALID_GENERATED_COLUMN_REFERENCES]");
    expect((await ok("SHOW TABLES")).map((r) => r.tableName)).not.toContain("bad");
  });

  it("refuses dropping or renaming a column a generated column reads", async () => {
    await ok("CREATE TABLE renamed (id BIGINT, note STRING, shout STRING GENERATED ALWAYS AS (upper(note))) TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    expect(await refused("ALTER TABLE renamed DROP COLUMN note")).toContain("[DELTA_GENERATED_COLUMN_REFERENCED] Cannot drop column `note` because this column is referenced by generated column(s): `shout`");
    expect(await refused("ALTER TABLE renamed RENAME COLUMN note TO text")).toContain("[DELTA_GENERATED_COLUMN_REFERENCED] Cannot rename column `note`");
    await ok("ALTER TABLE renamed DROP COLUMN shout");
    await ok("ALTER TABLE renamed DROP COLUMN note");
  });
});
