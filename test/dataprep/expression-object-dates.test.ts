/**
 * A date inside an object, a map or an array of objects is written in ISO 8601 UTC (AEP's
 * 2019-10-17T19:55:12Z, its fraction only when it has one) wherever the value becomes JSON text:
 * validate's result, preview's string field and a real run's string field, never in DuckDB's own
 * spelling (2019-10-17 19:55:12+00).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/dataprep/expression/evaluate.js";
import { previewRows } from "../../src/dataprep/preview.js";
import { ingestAndReadBack } from "../support/ingested.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";

const COLUMNS = [
  { name: "id", type: "INTEGER" },
  { name: "event", type: 'STRUCT("at" TIMESTAMP, "seen" TIMESTAMP WITH TIME ZONE[])' },
  { name: "visits", type: "MAP(VARCHAR, TIMESTAMP WITH TIME ZONE)" },
];
const RULES = [
  { sourceAttribute: "id", destinationXdmPath: "id" },
  { sourceType: "EXPRESSION" as const, sourceAttribute: 'concat(event, "")', destinationXdmPath: "event" },
  { sourceType: "EXPRESSION" as const, sourceAttribute: 'concat(visits, "")', destinationXdmPath: "visits" },
  { sourceType: "EXPRESSION" as const, sourceAttribute: 'concat([{"first": event.at}], "")', destinationXdmPath: "nested" },
];
const SCHEMA = { properties: { id: { type: "integer" }, event: { type: "string" }, visits: { type: "string" }, nested: { type: "string" } } };
const EXPECTED = {
  id: 1,
  event: '{"at":"2019-10-17T19:55:12Z","seen":["2019-10-17T19:55:12.123456Z",null]}',
  visits: '{"home":"2021-10-26T15:43:59.5Z"}',
  nested: '[{"first":"2019-10-17T19:55:12Z"}]',
};

describe("a date inside an object or a map", () => {
  const scratch = useScratchDuckDb("expression-object-dates");

  it("is ISO 8601 UTC in validate's result, as text and as JSON", async () => {
    const row = '{"s": "2019-10-17T21:55:12.5+02:00"}';
    expect(JSON.parse((await evaluate('{"a": date(s), "b": [date(s)]}', row)).resultJson)).toEqual({ a: "2019-10-17T19:55:12.5Z", b: ["2019-10-17T19:55:12.5Z"] });
    expect(JSON.parse((await evaluate('concat(to_object("a", zone_date_to_zone(date(s), "Europe/Paris")), "")', row)).resultJson)).toBe('{"a":"2019-10-17T19:55:12.5Z"}');
  });

  it("is ISO 8601 UTC in a previewed string field", async () => {
    const rows = [{ id: 1, event: { at: "2019-10-17 19:55:12", seen: ["2019-10-17 19:55:12.123456+00", null] }, visits: { home: "2021-10-26 17:43:59.5+02" } }];
    const [previewed] = await previewRows(RULES, SCHEMA, rows, COLUMNS);
    expect(previewed).toEqual({ data: EXPECTED, errors: [] });
  });

  it("is ISO 8601 UTC in a string field a real run stores", async () => {
    const file = path.join(scratch.dir, "staged.parquet");
    await scratch.conn.run(
      `COPY (SELECT 1 AS id, {'at': TIMESTAMP '2019-10-17 19:55:12', 'seen': [TIMESTAMPTZ '2019-10-17 19:55:12.123456+00', NULL]} AS event, MAP {'home': TIMESTAMPTZ '2021-10-26 17:43:59.5+02'} AS visits) TO '${file}' (FORMAT PARQUET)`,
    );
    const ingested = await ingestAndReadBack({ files: [file], rules: RULES, schema: SCHEMA, dir: path.join(scratch.dir, "run"), select: "id, event, visits, nested" });
    expect(ingested.rowErrors).toEqual([]);
    expect(ingested.rows).toEqual([{ ...EXPECTED, id: "1" }]);
  });
});
