/**
 * A date an expression computes, stored in a string field by a real run, is spelled as validate and
 * concat spell it (AEP's 2019-10-23T11:24:00Z, fractional seconds only when there are some, never
 * fewer digits than it has); a timestamp column mapped to a string keeps its microseconds.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ingestAndReadBack } from "../support/ingested.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";

describe("an expression's date in a string field", () => {
  const scratch = useScratchDuckDb("expression-date-text");

  it("is ISO 8601 UTC as AEP writes it, and a timestamp column keeps its microseconds", async () => {
    const file = path.join(scratch.dir, "staged.parquet");
    await scratch.conn.run(
      `COPY (SELECT * FROM (VALUES (1, '2021-10-26 15:43:59'::TIMESTAMPTZ), (2, '2021-10-26 15:43:59.1234'::TIMESTAMPTZ)) v(id, ts)) TO '${file}' (FORMAT PARQUET)`,
    );
    const schema = { properties: { id: { type: "integer" }, computed: { type: "string" }, joined: { type: "string" }, plain: { type: "string" } } };
    const rules = [
      { sourceAttribute: "id", destinationXdmPath: "id" },
      { sourceType: "EXPRESSION" as const, sourceAttribute: "zone_date_to_utc(ts)", destinationXdmPath: "computed" },
      { sourceType: "EXPRESSION" as const, sourceAttribute: 'concat(zone_date_to_utc(ts), "")', destinationXdmPath: "joined" },
      { sourceAttribute: "ts", destinationXdmPath: "plain" },
    ];
    const ingested = await ingestAndReadBack({ files: [file], rules, schema, dir: path.join(scratch.dir, "run"), select: "id, computed, joined, plain", orderBy: "id" });
    expect(ingested.rowErrors).toEqual([]);
    expect(ingested.rows).toEqual([
      { id: "1", computed: "2021-10-26T15:43:59Z", joined: "2021-10-26T15:43:59Z", plain: "2021-10-26T15:43:59.000000Z" },
      { id: "2", computed: "2021-10-26T15:43:59.1234Z", joined: "2021-10-26T15:43:59.1234Z", plain: "2021-10-26T15:43:59.123400Z" },
    ]);
  });

  it("stores a zoned date's instant in a date-time field, and its wall time and zone in a string field", async () => {
    const file = path.join(scratch.dir, "zoned.parquet");
    await scratch.conn.run(`COPY (SELECT * FROM (VALUES (1, '2021-10-26T15:43:59Z'), (2, '2021-03-28T01:30:00Z')) v(id, ts)) TO '${file}' (FORMAT PARQUET)`);
    const paris = 'zone_date_to_zone(date(ts), "Europe/Paris")';
    const schema = { properties: { id: { type: "integer" }, instant: { type: "string", format: "date-time" }, local: { type: "string" }, text: { type: "string" } } };
    const rules = [
      { sourceAttribute: "id", destinationXdmPath: "id" },
      { sourceType: "EXPRESSION" as const, sourceAttribute: paris, destinationXdmPath: "instant" },
      { sourceType: "EXPRESSION" as const, sourceAttribute: `format(${paris}, "yyyy-MM-dd HH:mm XXX")`, destinationXdmPath: "local" },
      { sourceType: "EXPRESSION" as const, sourceAttribute: paris, destinationXdmPath: "text" },
    ];
    const select = "id, strftime(instant AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS instant, local, text";
    const ingested = await ingestAndReadBack({ files: [file], rules, schema, dir: path.join(scratch.dir, "zoned-run"), select, orderBy: "id" });
    expect(ingested.rowErrors).toEqual([]);
    expect(ingested.rows).toEqual([
      { id: "1", instant: "2021-10-26T15:43:59Z", local: "2021-10-26 17:43 +02:00", text: "2021-10-26T17:43:59+02:00[Europe/Paris]" },
      { id: "2", instant: "2021-03-28T01:30:00Z", local: "2021-03-28 03:30 +02:00", text: "2021-03-28T03:30:00+02:00[Europe/Paris]" },
    ]);
  });

  it("stores the dates of an array in an array of strings in the zone they share, as a string field holds one", async () => {
    const file = path.join(scratch.dir, "zoned-list.parquet");
    await scratch.conn.run(`COPY (SELECT * FROM (VALUES (1, '2021-10-26T15:43:59Z', '2019-10-17 11:55:12-0800')) v(id, ts, pacific)) TO '${file}' (FORMAT PARQUET)`);
    const schema = { properties: { id: { type: "integer" }, texts: { type: "array", items: { type: "string" } }, offsets: { type: "array", items: { type: "string" } } } };
    const rules = [
      { sourceAttribute: "id", destinationXdmPath: "id" },
      { sourceType: "EXPRESSION" as const, sourceAttribute: 'to_array(false, zone_date_to_zone(date(ts), "Europe/Paris"))', destinationXdmPath: "texts" },
      { sourceType: "EXPRESSION" as const, sourceAttribute: "[date(pacific), date(pacific)]", destinationXdmPath: "offsets" },
    ];
    const ingested = await ingestAndReadBack({ files: [file], rules, schema, dir: path.join(scratch.dir, "zoned-list-run"), select: "id, texts, offsets", orderBy: "id" });
    expect(ingested.rowErrors).toEqual([]);
    expect(ingested.rows).toEqual([{ id: "1", texts: ["2021-10-26T17:43:59+02:00[Europe/Paris]"], offsets: ["2019-10-17T11:55:12-08:00", "2019-10-17T11:55:12-08:00"] }]);
  });
});
