import { describe, expect, it } from "vitest";
import { decimalArithmetic, decimalResultType, promotedStringType } from "./decimal-arithmetic.js";

describe("Spark's DECIMAL result types", () => {
  it("promotes a string operand as ANSI mode does, and nothing beside a date or an interval", () => {
    expect(promotedStringType("VARCHAR", "INTEGER")).toBe("BIGINT");
    expect(promotedStringType("TINYINT", "VARCHAR")).toBe("BIGINT");
    expect(promotedStringType("VARCHAR", "DECIMAL(10,2)")).toBe("DOUBLE");
    expect(promotedStringType("FLOAT", "VARCHAR")).toBe("DOUBLE");
    expect(promotedStringType("VARCHAR", "VARCHAR")).toBe("DOUBLE");
    expect(promotedStringType("VARCHAR", "DATE")).toBeUndefined();
    expect(promotedStringType("INTERVAL", "VARCHAR")).toBeUndefined();
    expect(promotedStringType("INTEGER", "DECIMAL(10,2)")).toBeUndefined();
    expect(decimalResultType("*", "VARCHAR", "DECIMAL(10,2)", "", "")).toBe('"DOUBLE"');
  });

  it("types a product p1 + p2 + 1 digits and a quotient with max(6, s1 + p2 + 1) places, bounded to 38 digits", () => {
    // a product of at most 38 digits is listed: DuckDB computes it exactly
    expect(decimalResultType("*", "DECIMAL(10,2)", "DECIMAL(12,3)", "", "")).toBe('["DECIMAL(23,5)"]');
    expect(decimalResultType("*", "DECIMAL(38,18)", "DECIMAL(38,18)", "", "")).toBe('"DECIMAL(38,6)"');
    expect(decimalResultType("*", "DECIMAL(38,18)", "INTEGER", "", "2,0")).toBe('"DECIMAL(38,15)"');
    expect(decimalResultType("/", "DECIMAL(10,2)", "INTEGER", "", "1,0")).toBe('"DECIMAL(14,6)"');
    expect(decimalResultType("/", "DECIMAL(10,2)", "INTEGER", "", "")).toBe('"DECIMAL(21,13)"');
    expect(decimalResultType("/", "DECIMAL(38,18)", "DECIMAL(2,0)", "", "")).toBe('"DECIMAL(38,18)"');
    expect(decimalResultType("/", "BIGINT", "DECIMAL(5,1)", "", "")).toBe('"DECIMAL(27,6)"');
    // a remainder: min(p1 - s1, p2 - s2) + max(s1, s2) digits, DuckDB's value
    expect(decimalResultType("%", "DECIMAL(10,2)", "DECIMAL(12,3)", "", "")).toBe('["DECIMAL(11,3)"]');
    expect(decimalResultType("%", "DECIMAL(38,18)", "INTEGER", "", "1,0")).toBe('["DECIMAL(19,18)"]');
    // a sum: max(p1 - s1, p2 - s2) + max(s1, s2) + 1 digits, DuckDB's value up to 38, the fraction cut past them
    expect(decimalResultType("+", "DECIMAL(10,2)", "BIGINT", "", "")).toBe('["DECIMAL(23,2)"]');
    expect(decimalResultType("-", "DECIMAL(10,2)", "INTEGER", "", "1,0")).toBe('["DECIMAL(11,2)"]');
    expect(decimalResultType("+", "DECIMAL(38,18)", "DECIMAL(38,18)", "", "")).toBe('"DECIMAL(38,17)"');
    expect(decimalResultType("-", "DECIMAL(38,0)", "DECIMAL(38,0)", "", "")).toBe('"DECIMAL(38,0)"');
  });

  it("leaves to DuckDB what has no DECIMAL, or an operand Spark does not widen to one", () => {
    for (const [ta, tb] of [["INTEGER", "INTEGER"], ["DECIMAL(10,2)", "DOUBLE"], ["DECIMAL(10,2)", "INTERVAL"], ["HUGEINT", "DECIMAL(10,2)"]]) {
      expect(decimalResultType("*", ta, tb, "", "")).toBe('"VARCHAR"');
      expect(decimalResultType("/", ta, tb, "", "")).toBe('"VARCHAR"');
    }
  });
});

describe("Spark's DECIMAL products and quotients", () => {
  it("rounds HALF_UP to the result's scale, a tie away from zero", () => {
    expect(decimalArithmetic("*", "0.0000005", "1", "DECIMAL(38,6)")).toBe("0.000001");
    expect(decimalArithmetic("*", "-0.0000005", "1", "DECIMAL(38,6)")).toBe("-0.000001");
    expect(decimalArithmetic("/", "2.00", "3", "DECIMAL(14,6)")).toBe("0.666667");
    expect(decimalArithmetic("/", "-2.00", "3", "DECIMAL(14,6)")).toBe("-0.666667");
    expect(decimalArithmetic("/", "1", "-8", "DECIMAL(14,2)")).toBe("-0.13");
    expect(decimalArithmetic("/", "7", "7", "DECIMAL(11,0)")).toBe("1");
    expect(decimalArithmetic("+", "0.000000000000000005", "0.000000000000000005", "DECIMAL(38,17)")).toBe("0.00000000000000001");
    expect(decimalArithmetic("-", "-0.000000000000000005", "0", "DECIMAL(38,17)")).toBe("-0.00000000000000001");
    expect(decimalArithmetic("+", "1.5", "-2.25", "DECIMAL(38,2)")).toBe("-0.75");
  });

  it("rounds a product to 38 significant digits before its scale, as Spark's MathContext(38, HALF_UP) does", () => {
    // 1.44…95 (39 digits) is 1.45 in 38, so 1.5 in one place, where rounding once would give 1.4
    expect(decimalArithmetic("*", `0.28${"9".repeat(36)}`, "5", "DECIMAL(38,1)")).toBe("1.5");
  });

  it("keeps every digit a product or a quotient has up to 38", () => {
    expect(decimalArithmetic("*", "99999999999999999999.999999999999999999", "1.0", "DECIMAL(38,18)")).toBe("99999999999999999999.999999999999999999");
    expect(decimalArithmetic("*", "99999999999999999999.999999999999999999", "1.0", "DECIMAL(38,6)")).toBe("100000000000000000000.000000");
    expect(decimalArithmetic("/", "1", "3", "DECIMAL(38,37)")).toBe("0.3333333333333333333333333333333333333");
  });

  it("answers `!` and the unrounded value where the whole digits do not fit", () => {
    expect(decimalArithmetic("*", "123456789123456789.0", "123456789123456789.0", "DECIMAL(38,6)")).toBe("!1524157878067367851562262075019052100e-2");
    expect(decimalArithmetic("/", "100", "0.01", "DECIMAL(5,2)")).toBe("!1000000000000000000000000000000000000000000e-38");
    expect(decimalArithmetic("/", "1", "0", "DECIMAL(5,2)")).toBeNull();
    expect(decimalArithmetic("+", "99999999999999999999999999999999999999", "1", "DECIMAL(38,0)")).toBe("!100000000000000000000000000000000000000e0");
  });
});
