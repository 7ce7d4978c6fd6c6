import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

/**
 * Whatever expression and sample row a client validates, the answer is a 200 or a 400: expressions
 * generated from the language's own pieces (every catalogued function name, literals, fields,
 * operators, brackets) in any order, over generated rows.
 */
let system: TestSystem;
let names: string[];
const EL = "/data/foundation/conversion/languages/el";

beforeAll(async () => {
  system = await startTestSystem();
  const catalogue = (await call(system, "GET", `${EL}/functions`)).body;
  names = catalogue.flatMap((f: { function: string; aliases?: string[] }) => [f.function, ...(f.aliases ?? [])]);
});
afterAll(() => system.close());

describe("validating an expression", () => {
  it("never answers a 5xx", async () => {
    const call_ = fc.tuple(fc.constantFrom(...names), fc.array(fc.constantFrom('"a"', "1", "2.5", "null", "true", "s", "n", "o.k", "l[0]", '"yyyy-MM-dd"', '"month"', '"[a-z]+"', "now()", "[1, 2]", '{"k": 1}'), { maxLength: 4 }))
      .map(([name, args]) => `${name}(${args.join(", ")})`);
    const piece = fc.oneof(
      call_,
      fc.constantFrom("(", ")", ",", "+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||", "!", "?", ":", "and", "or", "not", "empty", "size", "div", "mod", ".", "[", "]", "{", "}"),
      fc.constantFrom('"x"', "'y'", "0", "9223372036854775807", "1e400", "0.1", "s", "n", "o.k", "${a b}", "l[5]", "missing", "true", "null", '"\\u0041"', '"\\|"'),
    );
    const expression = fc.array(piece, { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join(" "));
    const row = fc.record(
      { s: fc.oneof(fc.string({ maxLength: 8 }), fc.constant("2024-02-29")), n: fc.oneof(fc.integer(), fc.double(), fc.constant(9007199254740993)), o: fc.constant({ k: "v" }), l: fc.array(fc.integer(), { maxLength: 3 }), "a b": fc.boolean() },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(expression, fc.option(row, { nil: undefined }), async (expr, sampleData) => {
        const reply = await call(system, "POST", `${EL}/validate`, { body: { expression: expr, ...(sampleData ? { sampleData } : {}) } });
        expect([200, 400], `${JSON.stringify({ expr, sampleData })} → ${reply.text.slice(0, 400)}`).toContain(reply.status);
        if (reply.status === 400) expect(reply.body.type).toMatch(/DATAPREP-102[01]-400$/);
      }),
      { numRuns: 400 },
    );
    // the generator reaches valid expressions too, not only refusals
    const valid = await call(system, "POST", `${EL}/validate`, { body: { expression: "size_of(l) + n", sampleData: { l: [1], n: 2 } } });
    expect(valid.body.result).toBe(3);
  }, 180_000);
});
