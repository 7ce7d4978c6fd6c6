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
});
