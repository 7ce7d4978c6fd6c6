/**
 * Every catalogued function's example, as a calculated field of a real ingestion (staged Parquet →
 * mapping plan → Delta table), holds the value POST /languages/el/validate answers for it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { ingestAndReadBack } from "../support/ingested.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EL = "/data/foundation/conversion/languages/el";
/** the clock and randomness decide these: the run's value is checked against the example's pattern */
const UNREPEATABLE = new Set(["now", "timestamp", "uuid", "current_timestamp"]);

interface Example {
  name: string;
  example: { expression: string; sampleData?: Record<string, unknown>; resultPattern?: string };
}

/** The XDM field a value of this DuckDB type and JSON value lands in. */
function xdmField(type: string, value: unknown): Record<string, unknown> {
  if (type === "VARCHAR") return { type: "string" };
  if (type === "BOOLEAN") return { type: "boolean" };
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT)$/.test(type)) return { type: "integer" };
  if (type === "DOUBLE" || type.startsWith("DECIMAL")) return { type: "number" };
  if (type === "TIMESTAMP WITH TIME ZONE") return { type: "string", format: "date-time" };
  if (type.startsWith("MAP(VARCHAR, ")) {
    const first = Object.values(value as Record<string, unknown>)[0];
    return { type: "object", additionalProperties: xdmField(type.slice("MAP(VARCHAR, ".length, -1), first) };
  }
  if (type.endsWith("[]")) {
    const element = (value as unknown[])[0];
    return { type: "array", items: xdmField(type.slice(0, -2), element) };
  }
  if (type.startsWith("STRUCT(")) {
    const members = Object.entries(value as Record<string, unknown>);
    return { type: "object", properties: Object.fromEntries(members.map(([key, member]) => [key, jsonField(member)])) };
  }
  throw new Error(`no XDM field for ${type}`);
}

function jsonField(value: unknown): Record<string, unknown> {
  if (typeof value === "string") return { type: "string" };
  if (typeof value === "boolean") return { type: "boolean" };
  if (typeof value === "number") return Number.isInteger(value) ? { type: "integer" } : { type: "number" };
  if (Array.isArray(value)) return { type: "array", items: jsonField(value[0]) };
  return { type: "object", properties: Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, jsonField(v)])) };
}

let system: TestSystem;
let dir: string;
let examples: Example[];
let staged: string;

beforeAll(async () => {
  system = await startTestSystem();
  const catalogue: Array<{ function: string; example: string; sampleData?: Record<string, unknown>; resultPattern?: string }> = (await call(system, "GET", `${EL}/functions`)).body;
  examples = catalogue.map((f) => ({ name: f.function, example: { expression: f.example, sampleData: f.sampleData, resultPattern: f.resultPattern } }));
  dir = mkdtempSync(path.join(tmpdir(), "el-runs-"));
  // one staged row holding every field the examples read, typed as DuckDB reads their sample data
  staged = path.join(dir, "part-00000.parquet");
  const sample = path.join(dir, "sample.json");
  writeFileSync(sample, JSON.stringify(Object.assign({}, ...examples.map(({ example }) => example.sampleData ?? {}))));
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  await conn.run(`COPY (SELECT * FROM read_json_auto('${sample}')) TO '${staged}' (FORMAT PARQUET)`);
  conn.closeSync();
  instance.closeSync();
});
afterAll(async () => {
  await system.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("calculated fields in a real run", () => {
  it("hold, for every function's example, the value validate answers", async () => {
    const fields: Array<{ field: string; name: string; type: string; expected: unknown; pattern?: string }> = [];
    for (const { name, example } of examples) {
      const reply = await call(system, "POST", `${EL}/validate`, { body: { expression: example.expression, sampleData: example.sampleData ?? {} } });
      expect(reply.status, `${name}: ${reply.text}`).toBe(200);
      fields.push({ field: `f_${name}`, name, type: reply.body.resultType, expected: reply.body.result, pattern: example.resultPattern });
    }
    const nullable = (f: (typeof fields)[number]) => (f.expected === null ? { type: "string" } : xdmField(f.type, f.expected));
    const schema = { properties: Object.fromEntries(fields.map((f) => [f.field, nullable(f)])) };
    const rules = examples.map(({ name, example }) => ({ sourceType: "EXPRESSION" as const, sourceAttribute: example.expression, destinationXdmPath: `f_${name}` }));
    const select = fields
      .map((f) => (f.type === "TIMESTAMP WITH TIME ZONE" ? `strftime(${f.field} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS ${f.field}` : `to_json(${f.field})::VARCHAR AS ${f.field}`))
      .join(", ");
    const ingested = await ingestAndReadBack({ files: [staged], rules, schema, dir: path.join(dir, "run"), select });
    expect(ingested.rowErrors).toEqual([]);
    expect(ingested.rows).toHaveLength(1);
    const [row] = ingested.rows;

    const differing: unknown[] = [];
    for (const f of fields) {
      const stored = row[f.field];
      const value = f.type === "TIMESTAMP WITH TIME ZONE" ? String(stored).replace(/\.0+Z$/, "Z").replace(/(\.\d*?)0+Z$/, "$1Z") : stored === null ? null : JSON.parse(String(stored));
      // a date-time field holds the instant; validate writes the date in its zone (…+02:00[Europe/Paris])
      const sameInstant = () => Date.parse(String(value)) === Date.parse(String(f.expected).replace(/\[[^\]]+\]$/, ""));
      const same = UNREPEATABLE.has(f.name)
        ? new RegExp(f.pattern!).test(String(value))
        : f.type === "TIMESTAMP WITH TIME ZONE"
          ? String(f.expected).endsWith("Z") ? value === f.expected : sameInstant()
          : JSON.stringify(value) === JSON.stringify(f.expected);
      if (!same) differing.push({ function: f.name, validate: f.expected, run: value });
    }
    expect(differing).toEqual([]);
  });
});
