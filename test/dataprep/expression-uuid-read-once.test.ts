/**
 * uuid() draws a new value each time it is evaluated, so a function whose SQL reads its argument
 * more than once (extract_regex: the match, then each group) reads it once: the groups are the
 * match's own, in validate's answer and in a dataset's rows, and two uuid() calls still differ.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { ingestAndReadBack } from "../support/ingested.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EL = "/data/foundation/conversion/languages/el";
const GROUPS = 'extract_regex(uuid(), "^([0-9a-f]{8})-([0-9a-f]{4})")';
/** a match of GROUPS and its groups, all of one uuid */
const groupsOfOneUuid = ([match, first, second]: string[]) => match === `${first}-${second}`;

describe("a function of uuid() reading it more than once", () => {
  let system: TestSystem;
  beforeAll(async () => (system = await startTestSystem()));
  afterAll(() => system.close());

  it("answers the groups of the uuid it matched in validate, call after call", async () => {
    for (let i = 0; i < 20; i++) {
      const reply = await call(system, "POST", `${EL}/validate`, { body: { expression: GROUPS, sampleData: { id: "1" } } });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.result).toHaveLength(3);
      expect(groupsOfOneUuid(reply.body.result), JSON.stringify(reply.body.result)).toBe(true);
    }
    const two = await call(system, "POST", `${EL}/validate`, { body: { expression: 'iif(uuid() == uuid(), "one draw", "two draws")', sampleData: { id: "1" } } });
    expect(two.body.result).toBe("two draws");
  });
});

describe("a dataset's calculated field of uuid() read more than once", () => {
  const scratch = useScratchDuckDb("expression-uuid-read-once");

  it("holds in every row a match and the groups of that one uuid", async () => {
    const file = path.join(scratch.dir, "staged.parquet");
    await scratch.conn.run(`COPY (SELECT range AS id FROM range(2000)) TO '${file}' (FORMAT PARQUET)`);
    const ingested = await ingestAndReadBack({
      files: [file],
      rules: [
        { sourceAttribute: "id", destinationXdmPath: "id" },
        { sourceType: "EXPRESSION", sourceAttribute: GROUPS, destinationXdmPath: "parts" },
      ],
      schema: { properties: { id: { type: "integer" }, parts: { type: "array", items: { type: "string" } } } },
      dir: path.join(scratch.dir, "run"),
      select: "id, parts",
      orderBy: "id",
    });
    expect(ingested.rowErrors).toEqual([]);
    expect(ingested.rows).toHaveLength(2000);
    const mixed = ingested.rows.filter((row) => !groupsOfOneUuid(row.parts as string[]));
    expect(mixed).toEqual([]);
  });
});
