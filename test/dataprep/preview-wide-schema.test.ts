/**
 * A mapping preview of a schema whose objects nest a thousand number and date-time fields (as a
 * schema of data types nested in data types holds) answers in the same order of time as one of
 * string fields: each object is spelled from its own value, not from a path through the whole row.
 */
import { describe, expect, it } from "vitest";
import { previewRows } from "../../src/dataprep/preview.js";
import { previewAnswer } from "../../src/dataprep/preview-answer.js";
import type { XdmProperty } from "../../src/schemaregistry/xdm-fields.js";

/** wide.a0…a9.b0…b9.c0…c9, each an object of the given fields */
function wideSchema(leaf: Record<string, XdmProperty>) {
  const level = (prefix: string, inner: XdmProperty): XdmProperty => ({ type: "object", properties: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`${prefix}${i}`, inner])) });
  return { properties: { wide: level("a", level("b", level("c", { type: "object", properties: leaf }))) } };
}

const RULES = [
  { sourceAttribute: "amount", destinationXdmPath: "wide.a3.b5.c7.amount" },
  { sourceAttribute: "at", destinationXdmPath: "wide.a3.b5.c7.at" },
];
const ROWS = [{ amount: "12.50", at: "2024-01-01T00:00:07.919Z" }];

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe("a mapping preview of a schema nesting a thousand number and date-time fields", () => {
  it("maps the row exactly, in the same order of time as the schema with string fields", async () => {
    const preview = (leaf: Record<string, XdmProperty>) => timed(async () => previewAnswer(await previewRows(RULES, wideSchema(leaf), ROWS), RULES));
    const strings = await preview({ amount: { type: "string" }, at: { type: "string" } });
    const typed = await preview({ amount: { type: "number" }, at: { type: "string", format: "date-time" } });

    expect(strings.result).toEqual([{ data: { wide: { a3: { b5: { c7: { amount: "12.50", at: "2024-01-01T00:00:07.919Z" } } } } }, errors: null }]);
    expect(typed.result).toEqual([{ data: { wide: { a3: { b5: { c7: { amount: 12.5, at: "2024-01-01T00:00:07.919000Z" } } } } }, errors: null }]);
    // spelling each of the thousand fields by a path through the whole row took over sixty times as long
    expect(typed.ms).toBeLessThan(10 * strings.ms + 2_000);
  }, 120_000);
});
