/** Rows read through the store's PostgreSQL pool (read as arrays, made into objects) equal pg's own objects, column for column. */
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/store/database.js";
import { kept } from "../../src/store/postgres-statements.js";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/postgres.js";

describe.runIf(DIALECTS.includes("postgres"))("rows read from PostgreSQL", () => {
  let database: TestDatabase;
  let store: Store;
  let plain: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    store = openStore({ databaseUrl: database.url, dataDir: "." });
    await sql`
      CREATE TABLE a (id text PRIMARY KEY, n bigint, x double precision, body jsonb, at timestamptz, small integer);
      CREATE TABLE b (id text PRIMARY KEY, a_id text, n bigint);
      INSERT INTO a VALUES ('1', 1700000000000, 1.5, '{"k":"é"}', '2024-02-29T23:59:59.999Z', 7), ('2', NULL, NULL, NULL, NULL, NULL);
      INSERT INTO b VALUES ('b1', '1', 99);`.execute(store.db);
    // pg's own objects, with the store's parser of int8
    plain = new pg.Client({ connectionString: database.url, types: { getTypeParser: (oid: number, format?: any) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format)) } as any });
    await plain.connect();
  });
  afterAll(async () => {
    await plain.end();
    await store.close();
    await database.drop();
  });

  it.each([
    ["every column, nulls, jsonb and a timestamp included", sql`SELECT * FROM a ORDER BY id`],
    ["a join whose tables share column names: the later column wins, in the first one's place", sql`SELECT * FROM a JOIN b ON b.a_id = a.id`],
    ["expressions and aliases", sql`SELECT count(*), max(n) AS top, 'x' || id FROM a GROUP BY id ORDER BY id`],
    ["a column named __proto__", sql`SELECT id AS "__proto__", n AS "constructor" FROM a ORDER BY id`],
    ["no row", sql`SELECT * FROM a WHERE id = ${"none"}`],
  ])("reads %s as pg does, kept or not", async (_what, statement) => {
    const { sql: text, parameters } = statement.compile(store.db);
    const expected = (await plain.query(text, [...parameters])).rows;
    for (const read of [statement, kept(statement)]) {
      const rows = (await read.execute(store.db)).rows as object[];
      expect(rows).toEqual(expected);
      expect(rows.map((row) => Object.keys(row))).toEqual(expected.map((row) => Object.keys(row)));
      expect(rows.map((row) => Object.getPrototypeOf(row))).toEqual(expected.map((row) => Object.getPrototypeOf(row)));
    }
  });

  it("counts the rows a write changed", async () => {
    const result = await sql`UPDATE b SET n = n + 1 WHERE id = ${"b1"}`.execute(store.db);
    expect(Number(result.numAffectedRows)).toBe(1);
  });
});
