/**
 * The console's JSON reading for data (previews, the expression check, the wizard's draft): every
 * number as the server wrote it, in any browser (Safari's JSON.parse gives a reviver no number's
 * source text) and in Node 20; strings, escapes included, untouched.
 */
import { describe, expect, it } from "vitest";
import { displayValue, ExactNumber, jsonText, parseExact } from "./lossless-json";

describe("parseExact", () => {
  it("keeps each number's digits, scale and notation, and leaves the digits inside strings alone", () => {
    const text = '{"price":2.50,"big":9007199254740993,"tiny":-1.5e-3,"zero":0,"list":[100.0,"7",{"n":-0.0}],"quote":"a \\"1.50\\" b\\\\","path":"x\\\\\\"2"}';
    const parsed = parseExact(text) as Record<string, unknown>;
    expect(parsed.price).toEqual(new ExactNumber("2.50"));
    expect(displayValue(parsed.big)).toBe("9007199254740993");
    expect(displayValue(parsed.tiny)).toBe("-1.5e-3");
    expect(displayValue(parsed.list)).toBe('[100.0, "7", {"n": -0.0}]');
    expect(parsed.quote).toBe('a "1.50" b\\');
    expect(parsed.path).toBe('x\\"2');
    expect(jsonText(parsed)).toBe(text);
  });

  it("refuses text that is not JSON as JSON.parse does", () => {
    expect(() => parseExact('{"a": 01}')).toThrow(SyntaxError);
    expect(() => parseExact('{"a": -}')).toThrow(SyntaxError);
  });
});
