import { describe, expect, it } from "vitest";
import { roundDouble } from "./java-math.js";

/** round and bround of a DOUBLE as Spark computes them: BigDecimal.valueOf(x).setScale(d, HALF_UP or HALF_EVEN).doubleValue() */
describe("roundDouble", () => {
  it("rounds the shortest decimal text, not the binary value", () => {
    expect(roundDouble(1.005, 2, false)).toBe(1.01);
    expect(roundDouble(2.675, 2, false)).toBe(2.68);
    expect(roundDouble(0.125, 2, true)).toBe(0.12);
    expect(roundDouble(0.135, 2, true)).toBe(0.14);
    expect(roundDouble(-2.5, 0, false)).toBe(-3);
    expect(roundDouble(-2.5, 0, true)).toBe(-2);
    expect(roundDouble(2.51, 0, true)).toBe(3);
  });

  it("carries into a new digit, rounds left of the point for a negative scale, and drops everything to 0", () => {
    expect(roundDouble(9.995, 2, false)).toBe(10);
    expect(roundDouble(999.9, -3, false)).toBe(1000);
    expect(roundDouble(1234.5, -2, false)).toBe(1200);
    expect(roundDouble(1.5e300, -300, false)).toBe(2e300);
    expect(roundDouble(1.5e-7, 7, false)).toBe(2e-7);
    expect(roundDouble(1e-300, 2, false)).toBe(0);
    expect(Object.is(roundDouble(-0.001, 2, false), 0)).toBe(true);
    expect(Object.is(roundDouble(-0, 2, false), 0)).toBe(true);
  });

  it("keeps 17 significant digits exact where they carry (past what a DOUBLE's integers hold)", () => {
    expect(roundDouble(0.12345678901234565, 16, false)).toBe(0.1234567890123457);
    expect(roundDouble(0.99999999999999989, 15, false)).toBe(1);
  });

  it("leaves a value with no more places than d, NaN and the infinities as they are", () => {
    expect(roundDouble(1.25, 5, false)).toBe(1.25);
    expect(roundDouble(1e21, 0, false)).toBe(1e21);
    expect(roundDouble(Number.NaN, 2, false)).toBeNaN();
    expect(roundDouble(Number.NEGATIVE_INFINITY, 2, false)).toBe(Number.NEGATIVE_INFINITY);
  });
});
