import { describe, expect, it } from "vitest";
import { exploreColumn, xdmFieldFor } from "../schemaregistry/databricks-to-xdm.js";
import { normalizeWorkspaceUrl, retryAfterMs } from "./http.js";
import { parseLosslessJson } from "./lossless-json.js";
import { toLosslessValue } from "./result-values.js";
import { parseDdlType, parseJsonType, simpleString } from "./spark-types.js";
import { formatTablePath, parseTablePath, qualifiedName, selectPreview, showTables } from "./sql.js";

describe("Spark types", () => {
  it.each([
    "bigint",
    "decimal(38,18)",
    "timestamp",
    "timestamp_ntz",
    "array<string>",
    "map<string,int>",
    "struct<street:string,city:string,postal_code:string>",
    "struct<a:array<struct<b:decimal(10,2)>>,`odd name`:date>",
  ])("reads and prints %s", (ddl) => {
    expect(simpleString(parseDdlType(ddl))).toBe(ddl);
  });

  it("reads aliases, NOT NULL and COMMENT in structs, and JSON DataTypes", () => {
    expect(parseDdlType("STRUCT<id: BIGINT NOT NULL COMMENT 'the id', name: VARCHAR(10)>")).toEqual({
      kind: "struct",
      fields: [
        { name: "id", type: { kind: "primitive", name: "long" }, nullable: false, comment: "the id" },
        { name: "name", type: { kind: "primitive", name: "string" }, nullable: true },
      ],
    });
    expect(parseJsonType('"long"')).toEqual({ kind: "primitive", name: "long" });
    expect(parseJsonType('"integer"')).toEqual({ kind: "primitive", name: "int" });
    expect(simpleString(parseJsonType(JSON.stringify({ type: "array", elementType: "decimal(5,1)", containsNull: true })))).toBe("array<decimal(5,1)>");
    // a collated string, as Databricks writes its type, is a string
    expect(simpleString(parseDdlType("struct<a:string collate UTF8_LCASE,b:array<string COLLATE UNICODE_CI>,c:map<string collate de_CI_AI,int>>"))).toBe(
      "struct<a:string,b:array<string>,c:map<string,int>>",
    );
    expect(parseJsonType('"string collate UTF8_LCASE"')).toEqual({ kind: "primitive", name: "string" });
    expect(() => parseDdlType("string collate")).toThrow();
    expect(() => parseDdlType("struct<a:int")).toThrow();
    // a member's name as DESCRIBE prints it, a space inside (not backquoted)
    expect(parseDdlType("struct<plain:string,zip code:string>")).toMatchObject({ kind: "struct", fields: [{ name: "plain" }, { name: "zip code", type: { kind: "primitive", name: "string" } }] });
    expect(() => parseDdlType("struct< :int>")).toThrow();
    expect(() => parseDdlType("frobnicate")).toThrow();
  });
});

describe("loss-free values", () => {
  it("keeps numbers a double cannot hold as their text", () => {
    const parsed = parseLosslessJson('{"a":9007199254740993,"b":1.10,"c":12,"d":"9007199254740993","e":[1e400,-0.5],"f":"\\"12345678901234567890"}') as Record<string, unknown>;
    expect(parsed).toEqual({ a: "9007199254740993", b: "1.10", c: 12, d: "9007199254740993", e: ["1e400", -0.5], f: '"12345678901234567890' });
  });

  it("types values by column: BIGINT, DECIMAL, timestamps, structs", () => {
    const long = parseDdlType("bigint");
    expect(toLosslessValue(12, long)).toBe(12);
    expect(toLosslessValue("9223372036854775807", long)).toBe("9223372036854775807");
    expect(toLosslessValue("42", long)).toBe(42);
    expect(toLosslessValue(1.5, parseDdlType("decimal(10,2)"))).toBe("1.5");
    expect(toLosslessValue("1.50", parseDdlType("decimal(10,2)"))).toBe("1.50");
    expect(toLosslessValue("2024-01-01T00:00:00.123456Z", parseDdlType("timestamp"))).toBe("2024-01-01T00:00:00.123456Z");
    expect(toLosslessValue(["1 Main", "X"], parseDdlType("struct<street:string,city:string>"))).toEqual({ street: "1 Main", city: "X" });
    expect(toLosslessValue("NaN", parseDdlType("double"))).toBe("NaN");
  });
});

describe("Databricks → XDM", () => {
  it.each([
    ["string", { type: "string" }],
    ["boolean", { type: "boolean" }],
    ["bigint", { type: "integer", "meta:xdmType": "long" }],
    ["int", { type: "integer", "meta:xdmType": "int" }],
    ["double", { type: "number" }],
    ["decimal(10,2)", { type: "number" }],
    ["decimal(38,18)", { type: "string" }],
    ["date", { type: "string", format: "date", "meta:xdmType": "date" }],
    ["timestamp", { type: "string", format: "date-time", "meta:xdmType": "date-time" }],
    ["array<int>", { type: "array" }],
    ["map<string,string>", { type: "object", "meta:xdmType": "map" }],
    ["struct<a:string>", { type: "object", properties: { a: { type: "string" } } }],
  ])("maps %s", (ddl, expected) => {
    expect(xdmFieldFor(parseDdlType(ddl))).toMatchObject(expected);
  });

  it("shapes an explore column like the docs: meta:xdmType only where it says more", () => {
    expect(exploreColumn("Datefield", parseDdlType("timestamp"))).toEqual({
      name: "Datefield",
      type: "timestamp",
      "meta:xdmType": "date-time",
      xdm: { type: "string", format: "date-time", "meta:xdmType": "date-time" },
    });
    expect(exploreColumn("TestID", parseDdlType("string"))).toEqual({ name: "TestID", type: "string", xdm: { type: "string" } });
  });
});

describe("SQL builders and paths", () => {
  it("quotes every name with backticks", () => {
    const name = parseTablePath("`we.ird`.`ta``ble`", { database: "demo" })!;
    expect(name).toEqual({ catalog: undefined, database: "we.ird", table: "ta`ble" });
    expect(qualifiedName(name)).toBe("`we.ird`.`ta``ble`");
    expect(selectPreview({ catalog: "main", database: "demo", table: "t" }, 100)).toBe("SELECT * FROM `main`.`demo`.`t` LIMIT 100");
    expect(showTables({ database: "demo" })).toBe("SHOW TABLES IN `demo`");
    expect(formatTablePath(name, false)).toBe("`we.ird`.`ta``ble`");
    expect(formatTablePath({ catalog: "c", database: "d", table: "t" }, true)).toBe("c.d.t");
  });

  it("fills missing parts from the connection and refuses odd paths", () => {
    expect(parseTablePath("customers", { catalog: "main", database: "demo" })).toEqual({ catalog: "main", database: "demo", table: "customers" });
    expect(parseTablePath("a.b.c.d", { database: "demo" })).toBeUndefined();
    expect(parseTablePath("a..b", { database: "demo" })).toBeUndefined();
    expect(parseTablePath("`open", { database: "demo" })).toBeUndefined();
  });

  it("normalises workspace URLs and Retry-After", () => {
    expect(normalizeWorkspaceUrl("adb-1.7.azuredatabricks.net")).toBe("https://adb-1.7.azuredatabricks.net");
    expect(normalizeWorkspaceUrl("https://adb-1.7.azuredatabricks.net/?o=123")).toBe("https://adb-1.7.azuredatabricks.net");
    expect(normalizeWorkspaceUrl("http://127.0.0.1:8090/")).toBe("http://127.0.0.1:8090");
    expect(() => normalizeWorkspaceUrl("https://x/api")).toThrow();
    expect(() => normalizeWorkspaceUrl("ftp://x")).toThrow();
    expect(retryAfterMs("2", 10_000)).toBe(2000);
    expect(retryAfterMs("999", 10_000)).toBe(10_000);
    expect(retryAfterMs(new Date(Date.now() + 3000).toUTCString(), 10_000)).toBeGreaterThan(1000);
    expect(retryAfterMs("soon", 10_000)).toBeUndefined();
  });
});
