/**
 * A DOUBLE or FLOAT written as text (a string function's argument, a value mapped to a string field)
 * is spelled as AEP's Java spells it, Double.toString and Float.toString: 1.0E20, 100.0, 1.0E-5,
 * 1.2345678E7, -0.0, 4.9E-324, where DuckDB writes 1e+20, 1e-05, 12345678.0 and 5e-324. Checked
 * against a reference written from Java's documented algorithm (test/support/java-float-text.ts)
 * over random values of every magnitude and the edges: the SQL alone, validate, a mapping preview
 * and a real ingestion.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { floatText } from "../../src/dataprep/float-text.js";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { ingestAndReadBack } from "../support/ingested.js";
import { type FloatKind, javaFloatText } from "../support/java-float-text.js";
import { floatLiteral, randomFloat } from "../support/float-values.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";
import { seededRandom } from "../support/seeded-random.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const random = seededRandom("test/dataprep/java-double-text.test.ts");
const EL = "/data/foundation/conversion/languages/el";

/** A value whose exact decimal is short (177172.875, 999900032): DuckDB writes some such FLOATs as that, not as their shortest digits. */
function shortDyadic(kind: FloatKind): number {
  const bits = kind === "DOUBLE" ? 53 : 24;
  const value = random.below(2 ** Math.min(bits, 32)) * 2 ** (bits - Math.min(bits, 32)) * 2 ** (random.below(40) - 20 - bits + 10);
  return kind === "DOUBLE" ? value : Math.fround(value);
}

/** The neighbours of a value of the kind, one step of its last bit down and up. */
function neighbours(value: number, kind: FloatKind): number[] {
  const view = new DataView(new ArrayBuffer(8));
  if (kind === "DOUBLE") {
    view.setFloat64(0, value);
    const bits = view.getBigUint64(0);
    return [bits - 1n, bits + 1n].map((b) => (view.setBigUint64(0, b), view.getFloat64(0)));
  }
  view.setFloat32(0, value);
  const bits = view.getUint32(0);
  return [bits - 1, bits + 1].map((b) => (view.setUint32(0, b), view.getFloat32(0)));
}

/** The edges of Java's layout and of DuckDB's: the powers of ten and their neighbours, the smallest subnormals, the extremes, whole numbers. */
function edges(kind: FloatKind): number[] {
  const round = kind === "DOUBLE" ? (v: number) => v : Math.fround;
  const [low, high, smallest, largest] = kind === "DOUBLE" ? [-324, 308, 2 ** -1074, Number.MAX_VALUE] : [-45, 38, 2 ** -149, 3.4028234663852886e38];
  const values = [0, -0, NaN, Infinity, -Infinity, smallest, largest, 100, 1, 0.1, 0.5, 1234567, 12345678, 102000000, 1e7 + 0.5, 2 ** 53, 2 ** 53 + 2];
  for (let power = low; power <= high; power++) {
    const nearest = round(Number(`1e${power}`));
    if (nearest !== 0 && Number.isFinite(nearest)) values.push(nearest, ...neighbours(nearest, kind), round(Number(`1.5e${power}`)), round(Number(`9.999e${power}`)));
  }
  for (let n = 1; n <= 300; n++) values.push(smallest * n);
  return values.filter((v) => Number.isNaN(v) || round(v) === v).flatMap((v) => [v, -v]);
}

describe("a double's text in the compiled SQL", () => {
  const scratch = useScratchDuckDb("java-double-text");

  for (const kind of ["DOUBLE", "FLOAT"] as const) {
    it(`is Java's ${kind === "DOUBLE" ? "Double" : "Float"}.toString for random ${kind}s of every magnitude and the edges`, async () => {
      const values = [...edges(kind), ...Array.from({ length: 5000 }, () => randomFloat(random, kind)), ...Array.from({ length: 2000 }, () => shortDyadic(kind))];
      const rows = values.map((v, i) => `(${i}, ${floatLiteral(v, kind)})`).join(", ");
      const reader = await scratch.conn.runAndReadAll(`SELECT i, ${floatText("v", kind)} AS text FROM (VALUES ${rows}) t(i, v) ORDER BY i`);
      const texts = reader.getRowObjectsJson().map((row) => row.text);
      const wrong = values.flatMap((v, i) => (texts[i] === javaFloatText(v, kind) ? [] : [{ value: v, sql: texts[i], java: javaFloatText(v, kind) }]));
      expect(wrong.slice(0, 20)).toEqual([]);
      // the reference's digits read back as the same value, as Java's do
      expect(values.filter((v) => !Number.isNaN(v) && (kind === "DOUBLE" ? Number : (t: string) => Math.fround(Number(t)))(javaFloatText(v, kind)) !== v)).toEqual([]);
    });
  }
});

describe("a double's text through the service", () => {
  let system: TestSystem;
  let schemaId: string;
  beforeAll(async () => {
    system = await startTestSystem();
    schemaId = await createSchema(system, { title: "Double text", type: "object", properties: { text: { type: "string" } } });
  });
  afterAll(() => system.close());

  const validate = (expression: string, sampleData: Record<string, unknown>) => call(system, "POST", `${EL}/validate`, { body: { expression, sampleData } });
  const EDGE_STRINGS = ["1e20", "100", "0.001", "0.0001", "1e-5", "12345678", "12345678.9", "1e7", "9999999.5", "-0.0", "4.9E-324", "1.7976931348623157E308", "0.1", "123456789012345678901234567890"];

  it("validate writes to_decimal's doubles as Java does in concat, +, and join, edges and random values", async () => {
    for (const s of EDGE_STRINGS) {
      const java = javaFloatText(Number(s), "DOUBLE");
      const reply = await validate('concat("v=", to_decimal(s))', { s });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.result, s).toBe(`v=${java}`);
      expect((await validate('to_decimal(s) + ""', { s })).body.result, s).toBe(java);
    }
    const joined = await validate('join(",", to_array(true, to_decimal(a), to_decimal(b)))', { a: "1e20", b: "-0.00012" });
    expect(joined.body.result).toBe("1.0E20,-1.2E-4");

    const values = Array.from({ length: 100 }, () => randomFloat(random, "DOUBLE")).filter((v) => Number.isFinite(v));
    const sampleData = Object.fromEntries(values.map((v, i) => [`a${i}`, String(v)]));
    const expression = `concat(${values.map((_, i) => `to_decimal(a${i})`).join(', " ", ')})`;
    const reply = await validate(expression, sampleData);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.result).toBe(values.map((v) => javaFloatText(v, "DOUBLE")).join(" "));
  });

  it("a mapping preview writes a double mapped to a string field as Java does", async () => {
    const previewed = await call(system, "POST", `${MAPPING_SETS}/preview`, {
      body: {
        mappingSet: { outputSchema: { schemaRef: { id: schemaId } }, mappings: [{ sourceType: "EXPRESSION", source: "to_decimal(s)", destination: "text" }] },
        data: EDGE_STRINGS.map((s) => ({ s })),
      },
    });
    expect(previewed.status, previewed.text).toBe(200);
    expect(previewed.body.map((row: { data: unknown }) => row.data)).toEqual(EDGE_STRINGS.map((s) => ({ text: javaFloatText(Number(s), "DOUBLE") })));
  });
});

describe("a double's text in an ingestion", () => {
  const scratch = useScratchDuckDb("java-double-ingest");

  it("a DOUBLE or FLOAT column mapped to a string field, or concatenated, lands as Java writes it", async () => {
    const doubles = [...edges("DOUBLE").filter((_, i) => i % 7 === 0), ...Array.from({ length: 500 }, () => randomFloat(random, "DOUBLE"))];
    const floats = doubles.map((_, i) => (i % 3 === 0 ? Math.fround(doubles[i]) : i % 3 === 1 ? shortDyadic("FLOAT") : randomFloat(random, "FLOAT")));
    const file = path.join(scratch.dir, "staged.parquet");
    const rows = doubles.map((d, i) => `(${i}, ${floatLiteral(d, "DOUBLE")}, ${floatLiteral(floats[i], "FLOAT")})`).join(", ");
    await scratch.conn.run(`COPY (SELECT * FROM (VALUES ${rows}) t(id, d, f)) TO '${file}' (FORMAT PARQUET)`);
    const ingested = await ingestAndReadBack({
      files: [file],
      rules: [
        { sourceAttribute: "id", destinationXdmPath: "id" },
        { sourceAttribute: "d", destinationXdmPath: "d" },
        { sourceAttribute: "f", destinationXdmPath: "f" },
        { sourceType: "EXPRESSION", sourceAttribute: 'concat("d=", d)', destinationXdmPath: "joined" },
      ],
      schema: { properties: { id: { type: "integer" }, d: { type: "string" }, f: { type: "string" }, joined: { type: "string" } } },
      dir: path.join(scratch.dir, "ingested"),
      select: "id, d, f, joined",
      orderBy: "id",
    });
    expect(ingested.rowErrors).toEqual([]);
    const expected = doubles.map((d, i) => ({ id: i, d: javaFloatText(d, "DOUBLE"), f: javaFloatText(floats[i], "FLOAT"), joined: `d=${javaFloatText(d, "DOUBLE")}` }));
    const wrong = ingested.rows.filter((row, i) => JSON.stringify({ ...row, id: Number(row.id) }) !== JSON.stringify(expected[i]));
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(ingested.rows).toHaveLength(doubles.length);
  });
});
