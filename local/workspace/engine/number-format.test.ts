import { describe, expect, it } from "vitest";
import { numberFormatProblem, toChar } from "./number-format.js";

describe("to_char of a number as Spark writes it", () => {
  it("writes the examples of Databricks' to_char reference", () => {
    expect(toChar("454", "INTEGER", "999")).toBe("454");
    expect(toChar("454", "INTEGER", "000.00")).toBe("454.00");
    expect(toChar("12454", "INTEGER", "99,999")).toBe("12,454");
    expect(toChar("78.12", "DECIMAL(4,2)", "$99.99")).toBe("$78.12");
    expect(toChar("-12454.8", "DECIMAL(6,1)", "99,999.9S")).toBe("12,454.8-");
    expect(toChar("12454.8", "DECIMAL(6,1)", "99,999.9S")).toBe("12,454.8+");
  });

  it("pads with spaces, or zeros after a leading 0, keeps a sign beside the digits and brackets a negative number for PR", () => {
    expect(toChar("12", "INTEGER", "9999")).toBe("  12");
    expect(toChar("5", "INTEGER", "0000")).toBe("0005");
    expect(toChar("1234", "INTEGER", "9,999,999")).toBe("    1,234");
    expect(toChar("-12.5", "DECIMAL(3,1)", "S999.99")).toBe(" -12.50");
    expect(toChar("12.5", "DECIMAL(3,1)", "S999.99")).toBe(" +12.50");
    expect(toChar("-12.5", "DECIMAL(3,1)", "999.99PR")).toBe(" <12.50>");
    expect(toChar("12.5", "DECIMAL(3,1)", "999.99PR")).toBe(" 12.50  ");
    expect(toChar("-5", "INTEGER", "999MI")).toBe("  5-");
    expect(toChar("5", "INTEGER", "999MI")).toBe("  5 ");
    // no whole digit: a zero before the point
    expect(toChar("0.5", "DECIMAL(2,1)", "9.99")).toBe("0.50");
    expect(toChar("0", "INTEGER", "0.9")).toBe("0.0");
    // lower-case elements read as upper-case ones
    expect(toChar("1234.5", "DECIMAL(5,1)", "9g999d9s")).toBe("1,234.5+");
  });

  it("never rounds to the format: more digits than it has are all #", () => {
    expect(toChar("12454", "INTEGER", "9,999")).toBe("# ###");
    expect(toChar("1.234", "DECIMAL(4,3)", "9.99")).toBe("#.##");
    expect(toChar("1.5", "DECIMAL(2,1)", "9")).toBe("#");
    // trailing zeros of a DECIMAL are no digits it lacks room for
    expect(toChar("1.500", "DECIMAL(4,3)", "9.9")).toBe("1.5");
  });

  it("reads a DOUBLE as its DECIMAL(30,15) and a FLOAT as its DECIMAL(14,7), rounded HALF_UP", () => {
    expect(toChar("0.1", "DOUBLE", "9.999")).toBe("0.100");
    expect(toChar("0.3333333333333333", "DOUBLE", "9.999999999999999")).toBe("0.333333333333333");
    expect(toChar("1e-05", "DOUBLE", "9.99999")).toBe("0.00001");
    expect(toChar("0.12345675", "FLOAT", "9.9999999")).toBe("0.1234568");
    expect(toChar("1e+20", "DOUBLE", "9")).toMatch(/^!ARITHMETIC_OVERFLOW\|/);
    expect(toChar("nan", "DOUBLE", "9")).toMatch(/^!ARITHMETIC_OVERFLOW\|/);
  });

  it("refuses a format Spark refuses, saying why, and a value that is no number", () => {
    expect(numberFormatProblem("")?.[0]).toBe("EMPTY");
    expect(numberFormatProblem("$.")?.[0]).toBe("WRONG_NUM_DIGIT");
    expect(numberFormatProblem("99$")?.[0]).toBe("CUR_MUST_BEFORE_DIGIT");
    expect(numberFormatProblem(",99")?.[0]).toBe("CONT_THOUSANDS_SEPS");
    expect(numberFormatProblem("9,,9")?.[0]).toBe("CONT_THOUSANDS_SEPS");
    expect(numberFormatProblem("9.9,9")?.[0]).toBe("THOUSANDS_SEPS_MUST_BEFORE_DEC");
    expect(numberFormatProblem("S99S")?.[0]).toBe("WRONG_NUM_TOKEN");
    expect(numberFormatProblem("99S9")).toEqual(["UNEXPECTED_TOKEN", expect.stringContaining("Found the unexpected digit sequence")]);
    expect(numberFormatProblem("9x")).toEqual(["UNEXPECTED_TOKEN", expect.stringContaining("character 'X'")]);
    for (const valid of ["9", "S$9,999.99", "MI0.00", "$99.99PR", "999D99MI", "0G000"]) expect(numberFormatProblem(valid), valid).toBeUndefined();
    expect(toChar("12", "INTEGER", "9,,9")).toBe(
      "!INVALID_FORMAT.CONT_THOUSANDS_SEPS|The format is invalid: '9,,9'. Thousands separators (, or G) must have digits in between them in the number format. SQLSTATE: 42601",
    );
    expect(toChar("12", "VARCHAR", "99")).toMatch(/^!DATATYPE_MISMATCH\.UNEXPECTED_INPUT_TYPE\|.*the value '12' is a STRING/);
  });
});
