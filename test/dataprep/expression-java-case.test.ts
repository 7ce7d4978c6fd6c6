/**
 * upper and lower map a string as AEP's Java does, with Unicode's full case mappings: ß is SS
 * (DuckDB's upper wrote ẞ), ﬁ is FI, İ lowers to i and a combining dot, a capital sigma ending a
 * word to ς — in validate and in the mapping set preview.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EL = "/data/foundation/conversion/languages/el";

let system: TestSystem;
let schemaId: string;
beforeAll(async () => {
  system = await startTestSystem();
  schemaId = await createSchema(system, { title: "Java case", type: "object", properties: { text: { type: "string" } } });
});
afterAll(() => system.close());

describe("upper and lower", () => {
  it("map each character as Java's toUpperCase and toLowerCase do", async () => {
    const cases: Array<[string, string, string]> = [
      ["upper(s)", "Straße ﬁne ŉ", "STRASSE FINE ʼN"],
      ["upper(s)", "héllo ǆ", "HÉLLO Ǆ"],
      ["lower(s)", "İstanbul", "i\u0307stanbul"],
      ["lower(s)", "ΟΔΟΣ ΟΔΟΣ. ΣΑ", "οδος οδος. σα"],
      ["lower(s)", "HeLLo", "hello"],
    ];
    for (const [expression, s, result] of cases) {
      const reply = await call(system, "POST", `${EL}/validate`, { body: { expression, sampleData: { s } } });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.result, `${expression} of ${s}`).toBe(result);
      // JavaScript maps case by the same Unicode tables as Java
      expect(result).toBe(expression === "upper(s)" ? s.toUpperCase() : s.toLowerCase());
    }
    const previewed = await call(system, "POST", `${MAPPING_SETS}/preview`, {
      body: { mappingSet: { outputSchema: { schemaRef: { id: schemaId } }, mappings: [{ sourceType: "EXPRESSION", source: "upper(s)", destination: "text" }] }, data: [{ s: "Maß" }] },
    });
    expect(previewed.status, previewed.text).toBe(200);
    expect(previewed.body[0].data).toEqual({ text: "MASS" });
  });
});
