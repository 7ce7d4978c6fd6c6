import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDeltaTable, type StructType } from "../../src/delta/index.js";
import { commitActions, ofKind, rows, useWorkspace } from "../support/delta-tables.js";

const { ws, conn } = useWorkspace();

const field = (name: string, type: StructType["fields"][number]["type"], nullable = true) => ({ name, type, nullable, metadata: {} });
const PERSON = { type: "struct" as const, fields: [field("name", "string")] };
const SCHEMA: StructType = { type: "struct", fields: [field("id", "long", false), field("person", PERSON)] };
const names = (schema: StructType) => schema.fields.map((f) => (typeof f.type === "object" && f.type.type === "struct" ? `${f.name}(${f.type.fields.map((g) => g.name).join(",")})` : f.name));

describe("appends that add columns (mergeSchema)", () => {
  it("adds a top-level and a nested column in the commit of the rows that carry them; earlier rows read NULL there", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: SCHEMA, properties: { "delta.appendOnly": "false" } });
    await table.append(conn, `SELECT 1 AS id, {'name': 'Ada'} AS person`);
    const before = await table.snapshot();

    const result = await table.append(conn, `SELECT 2 AS id, {'name': 'Bob', 'phone': '555'} AS person, 'bobby' AS nickname, 7 AS score`, { mergeSchema: true });

    const actions = await commitActions(table.root, result.version);
    expect(ofKind(actions, "metaData")).toHaveLength(1);
    expect(ofKind(actions, "add")).toHaveLength(1);
    expect(ofKind(actions, "protocol")).toEqual([]);
    const [metaData] = ofKind(actions, "metaData");
    expect(metaData).toMatchObject({ id: before.metadata.id, partitionColumns: [], configuration: before.metadata.configuration, createdTime: before.metadata.createdTime });
    const after = await table.snapshot();
    expect(names(after.schema)).toEqual(["id", "person(name,phone)", "nickname", "score"]);
    expect(after.schema.fields.slice(2)).toEqual([field("nickname", "string"), field("score", "integer")]);
    expect(after.schema.fields[0].nullable).toBe(false);
    const scan = await table.scanRelation(conn, after);
    expect(await rows(conn, `SELECT id, person, nickname, score FROM ${scan} ORDER BY id`)).toEqual([
      { id: "1", person: { name: "Ada", phone: null }, nickname: null, score: null },
      { id: "2", person: { name: "Bob", phone: "555" }, nickname: "bobby", score: 7 },
    ]);
    // the version before still reads as it was
    expect(await rows(conn, `SELECT * FROM ${await table.scanRelation(conn, before)}`)).toEqual([{ id: "1", person: { name: "Ada" } }]);
    // the same columns again: nothing more to add
    const again = await table.append(conn, `SELECT 3 AS id, 'c' AS nickname`, { mergeSchema: true });
    expect(ofKind(await commitActions(table.root, again.version), "metaData")).toEqual([]);
  });

  it("refuses, without mergeSchema, a query column the table lacks, nested ones too (a cast would drop their values)", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: SCHEMA });
    await expect(table.append(conn, `SELECT 1 AS id, {'name': 'Ada', 'phone': '555'} AS person`)).rejects.toThrow(/column person\.phone of the query is not in the table schema/);
    await expect(table.append(conn, `SELECT 1 AS id, 'x' AS nickname`)).rejects.toThrow(/column nickname of the query is not in the table schema/);
    expect(await table.latestVersion()).toBe(0);
  });

  it("refuses a wider integer type, which would be a type change (typeWidening), and commits nothing", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: { type: "struct", fields: [field("id", "long"), field("n", "integer")] } });
    await expect(table.append(conn, `SELECT 1 AS id, 3000000000::BIGINT AS n`, { mergeSchema: true })).rejects.toThrow(
      /column n is long in the query but integer in the table: widening a column's type needs the typeWidening table feature/,
    );
    expect(await table.latestVersion()).toBe(0);
  });

  it("gives new columns of a column-mapped table ids and physical names, and raises maxColumnId", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: SCHEMA, properties: { "delta.columnMapping.mode": "name" } });
    await table.append(conn, `SELECT 1 AS id, {'name': 'Ada'} AS person`);
    const before = await table.snapshot();
    expect(before.properties["delta.columnMapping.maxColumnId"]).toBe("3");

    const result = await table.append(conn, `SELECT 2 AS id, {'name': 'Bob', 'phone': '555'} AS person, 'bobby' AS nickname`, { mergeSchema: true });

    const after = await table.snapshot();
    expect(after.properties["delta.columnMapping.maxColumnId"]).toBe("5");
    expect(after.protocol).toEqual(before.protocol);
    const phone = (after.schema.fields[1].type as StructType).fields[1];
    const nickname = after.schema.fields[2];
    expect([phone.metadata["delta.columnMapping.id"], nickname.metadata["delta.columnMapping.id"]]).toEqual([4, 5]);
    expect(String(nickname.metadata["delta.columnMapping.physicalName"])).toMatch(/^col-[0-9a-f-]{36}$/);
    const [add] = ofKind(await commitActions(table.root, result.version), "add");
    const fileColumns = await rows(conn, `SELECT name FROM parquet_schema('${path.join(table.root, decodeURIComponent(add.path))}')`);
    expect(fileColumns.map((c) => c.name)).toContain(nickname.metadata["delta.columnMapping.physicalName"]);
    expect(fileColumns.map((c) => c.name)).not.toContain("nickname");
    const scan = await table.scanRelation(conn, after);
    expect(await rows(conn, `SELECT id, person, nickname FROM ${scan} ORDER BY id`)).toEqual([
      { id: "1", person: { name: "Ada", phone: null }, nickname: null },
      { id: "2", person: { name: "Bob", phone: "555" }, nickname: "bobby" },
    ]);
  });

  it("retries a lost race on top of a winner that added columns: each commit lands once, with every column", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: SCHEMA });
    const [a, b, plain] = await Promise.all([1, 2, 3].map(() => table.appendInParts({ mergeSchema: true })));
    await a.write(conn, `SELECT 1 AS id, 'a' AS nickname`);
    await b.write(conn, `SELECT 2 AS id, {'name': 'Bob', 'phone': '555'} AS person, 'b' AS nickname`);
    await plain.write(conn, `SELECT 3 AS id`);
    expect((await a.commit()).version).toBe(1);
    expect((await b.commit()).version).toBe(2);
    expect((await plain.commit()).version).toBe(3);
    expect(ofKind(await commitActions(table.root, 1), "metaData")).toHaveLength(1);
    expect(ofKind(await commitActions(table.root, 2), "metaData")).toHaveLength(1);
    expect(ofKind(await commitActions(table.root, 3), "metaData")).toEqual([]);
    const after = await table.snapshot();
    expect(names(after.schema)).toEqual(["id", "person(name,phone)", "nickname"]);
    expect(await rows(conn, `SELECT id, person, nickname FROM ${await table.scanRelation(conn, after)} ORDER BY id`)).toEqual([
      { id: "1", person: null, nickname: "a" },
      { id: "2", person: { name: "Bob", phone: "555" }, nickname: "b" },
      { id: "3", person: null, nickname: null },
    ]);
  });

  it("fails a lost race whose winner added the same column under another type, leaving no files behind", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: SCHEMA });
    const [a, b] = await Promise.all([1, 2].map(() => table.appendInParts({ mergeSchema: true })));
    await a.write(conn, `SELECT 1 AS id, 'a' AS extra`);
    await b.write(conn, `SELECT 2 AS id, 2.5::DOUBLE AS extra`);
    await a.commit();
    await expect(b.commit()).rejects.toThrow(/another writer added column extra as string \(version 1\) while this append added it as double/);
    expect(await table.latestVersion()).toBe(1);
    expect(await table.unreferencedFiles()).toEqual([]);
  });

  it("fails a lost race on a column-mapped table whose winner changed the schema while this append added columns", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: SCHEMA, properties: { "delta.columnMapping.mode": "name" } });
    const [a, b] = await Promise.all([1, 2].map(() => table.appendInParts({ mergeSchema: true })));
    await a.write(conn, `SELECT 1 AS id, 'a' AS x`);
    await b.write(conn, `SELECT 2 AS id, 'b' AS y`);
    await a.commit();
    await expect(b.commit()).rejects.toThrow(/another writer changed the schema of a column-mapped table/);
  });
});
