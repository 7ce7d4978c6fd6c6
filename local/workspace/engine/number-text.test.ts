import { describe, expect, it } from "vitest";
import { conv, formatNumber, soundex } from "./number-text.js";

describe("format_number as Java's DecimalFormat answers it", () => {
  it("rounds the exact value HALF_EVEN and groups the whole digits by three", () => {
    expect(formatNumber("12332.123456", "DECIMAL(11,6)", "4")).toBe("12,332.1235");
    expect(formatNumber("0.125", "DECIMAL(3,3)", "2")).toBe("0.12");
    expect(formatNumber("0.135", "DECIMAL(3,3)", "2")).toBe("0.14");
    expect(formatNumber("1234567", "INTEGER", "0")).toBe("1,234,567");
    expect(formatNumber("-9223372036854775808", "BIGINT", "1")).toBe("-9,223,372,036,854,775,808.0");
    // 2.675 as a DOUBLE is 2.67499999999999982236431605997495353221893310546875
    expect(formatNumber("2.675", "DOUBLE", "2")).toBe("2.67");
    // 0.1 as a FLOAT is the DOUBLE 0.10000000149011612
    expect(formatNumber("0.1", "FLOAT", "9")).toBe("0.100000001");
    // a DOUBLE's shortest digits, as DecimalFormat writes them, not its binary value's
    expect(formatNumber("1e300", "DOUBLE", "0")).toBe(`1${"0".repeat(300)}`.replace(/\B(?=(\d{3})+$)/g, ","));
    expect(formatNumber("0.1", "DOUBLE", "20")).toBe("0.10000000000000000000");
    // a tie in those digits goes by the binary value: 0.125 is exact (even: 0.12), 1.005 lies below (1.00)
    expect(formatNumber("0.125", "DOUBLE", "2")).toBe("0.12");
    expect(formatNumber("1.005", "DOUBLE", "2")).toBe("1.00");
  });

  it("keeps the sign of a negative value that rounds to zero, writes NaN and ∞, and answers NULL for negative places", () => {
    expect(formatNumber("-0.001", "DECIMAL(4,3)", "2")).toBe("-0.00");
    expect(formatNumber("-0.0", "DOUBLE", "1")).toBe("-0.0");
    expect(formatNumber("nan", "DOUBLE", "2")).toBe("NaN");
    expect(formatNumber("-inf", "DOUBLE", "2")).toBe("-∞");
    expect(formatNumber("1.5", "DECIMAL(2,1)", "-1")).toBeNull();
  });
});

describe("soundex as Spark answers it", () => {
  it("codes the consonants after the first letter, skipping H and W and letters coded as the one before", () => {
    expect(["Miller", "Robert", "Rupert", "Ashcraft", "Tymczak", "Pfister", "a", "Lee"].map(soundex)).toEqual(["M460", "R163", "R163", "A261", "T522", "P236", "A000", "L000"]);
    // a character that is no letter breaks a run of one code
    expect(soundex("Bb-b")).toBe("B100");
    expect(soundex("1abc")).toBe("1abc");
    expect(soundex("")).toBe("");
  });
});

describe("conv as Spark's NumberConverter answers it", () => {
  it("reads the valid digits as an unsigned 64-bit number and writes them in the other base", () => {
    expect(conv("100", "2", "10")).toBe("4");
    expect(conv("-10", "16", "-10")).toBe("-16");
    expect(conv("ff", "16", "2")).toBe("11111111");
    expect(conv(" 12xyz ", "10", "16")).toBe("C");
    expect(conv("xyz", "10", "16")).toBe("0");
  });

  it("writes a negative number as its two's complement for a positive base and signed for a negative one", () => {
    expect(conv("-1", "10", "16")).toBe("FFFFFFFFFFFFFFFF");
    expect(conv("-10", "16", "10")).toBe("18446744073709551600");
    expect(conv("FFFFFFFFFFFFFFFF", "16", "-10")).toBe("-1");
    expect(conv("18446744073709551615", "10", "16")).toBe("FFFFFFFFFFFFFFFF");
  });

  it("answers NULL for a base outside 2–36 or no text, and fails past 64 bits", () => {
    expect(conv("10", "1", "10")).toBeNull();
    expect(conv("10", "10", "37")).toBeNull();
    expect(conv("  ", "10", "2")).toBeNull();
    expect(() => conv("18446744073709551616", "10", "16")).toThrow(/\[ARITHMETIC_OVERFLOW\] Overflow in function conv\(\)/);
  });
});
