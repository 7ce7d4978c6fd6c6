import { describe, expect, it } from "vitest";
import { compileExpression, ExpressionError } from "./index.js";

const columns = [
  { name: "firstName", type: "VARCHAR" },
  { name: "age", type: "BIGINT" },
  { name: "address", type: "STRUCT(city VARCHAR, \"zip code\" VARCHAR, \"street.name\" VARCHAR)" },
  { name: "First.Name", type: "VARCHAR" },
  { name: "tags", type: "VARCHAR[]" },
];

function refusal(expression: string): ExpressionError {
  try {
    compileExpression(expression, columns);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`${expression} compiled`);
}

describe("compileExpression", () => {
  it("reads fields, members, indexes and ${…} escapes as quoted DuckDB columns", () => {
    expect(compileExpression("firstName", columns)).toEqual({ sql: '"firstName"', type: "VARCHAR", checks: [] });
    expect(compileExpression("address.city", columns)).toEqual({ sql: `struct_extract("address", 'city')`, type: "VARCHAR", checks: [] });
    expect(compileExpression("${address.zip code}", columns).sql).toBe(`struct_extract("address", 'zip code')`);
    expect(compileExpression("${First\\.Name}", columns).sql).toBe('"First.Name"');
    // AEP's escape for a name holding a dot, outside ${…} too; a dot without one is a member step
    expect(compileExpression("upper(First\\.Name)", columns).sql).toBe(compileExpression("upper(${First\\.Name})", columns).sql);
    expect(compileExpression("address.street\\.name", columns).sql).toBe(`struct_extract("address", 'street.name')`);
    expect(compileExpression("tags[0]", columns)).toEqual({ sql: '("tags")[(0::INTEGER) + 1]', type: "VARCHAR", checks: [] });
  });

  it("types operators as JEXL does: + joins strings, adds numbers in BIGINT; comparisons are BOOLEAN", () => {
    expect(compileExpression('firstName + "!"', columns).type).toBe("VARCHAR");
    expect(compileExpression("age + 1", columns).type).toBe("BIGINT");
    expect(compileExpression("age / 2", columns).sql).toContain("//");
    expect(compileExpression("age gt 18 and not empty firstName", columns).type).toBe("BOOLEAN");
    expect(compileExpression("0.1 + 0.2", columns).type).toBe("DECIMAL(3,1)");
  });

  it("gives a null expression a type a destination can take", () => {
    expect(compileExpression("nullify()", columns)).toEqual({ sql: "NULL::VARCHAR", type: "VARCHAR", checks: [] });
    // a negated null is a null of the type it is declared, not an INTEGER declared DOUBLE
    expect(compileExpression("-null", columns)).toEqual({ sql: "(-NULL::DOUBLE)", type: "DOUBLE", checks: [] });
  });

  it("names the position and what was expected in a syntax error", () => {
    const error = refusal("upper(firstName");
    expect(error.position).toBe(16);
    expect(error.expected).toBe('"," or ")" in the argument list');
    expect(refusal("1 +* 2").message).toBe('unexpected "*" at position 4 (expected a literal, a field, a function call or "(")');
    expect(refusal('"open').message).toContain("the string starting here is not closed at position 1");
    expect(refusal("a # b").message).toContain('unexpected character "#" at position 3');
    expect(refusal("${}").message).toContain("empty");
  });

  it("refuses reserved words as fields, unknown fields and functions, and wrong arities by name", () => {
    expect(refusal("var").message).toContain('"var" is a reserved word');
    expect(refusal("upper(nickname)").message).toBe("the field nickname is not a column of the source data at position 7 (expected a field of the source data)");
    expect(refusal("lower(First.Name)").message).toBe(
      "the field First is not a column of the source data; the column First.Name is one name holding a dot: write it as ${First\\.Name} at position 7 (expected a field of the source data)",
    );
    expect(refusal("frobnicate(1)").message).toContain("the function frobnicate does not exist at position 1");
    // a mistyped name is answered with the one it most likely meant
    expect(refusal("upper(firstname)").message).toBe("the field firstname is not a column of the source data; did you mean firstName? at position 7 (expected a field of the source data)");
    expect(refusal("upper(frstName)").message).toContain("; did you mean firstName? at position 7");
    expect(refusal("agee + 1").message).toContain("the field agee is not a column of the source data; did you mean age?");
    expect(refusal("tgs").message).toContain("did you mean tags?");
    expect(refusal("xyz").message).not.toContain("did you mean");
    expect(refusal("concatt(firstName, age)").message).toBe('the function concatt does not exist; did you mean concat? at position 1 (expected a Data Prep function (GET …/languages/el/functions))');
    expect(refusal("UPPER(firstName)").message).toContain("did you mean upper?");
    expect(refusal("frobnicate(1)").message).not.toContain("did you mean");
    expect(refusal("ua_os_name(firstName)").message).toContain("the function ua_os_name is not supported");
    expect(refusal("lower()").message).toContain("the function lower takes 1 argument, not 0");
    expect(refusal("address.country").message).toContain('the object has no key "country"');
  });

  it("refuses arguments that must be literals when they are not, naming the function", () => {
    expect(refusal("date(firstName, firstName)").message).toContain("the FORMAT of date must be a string literal at position 1");
    expect(refusal('date(firstName, "yyyy-QQ")').message).toContain("pattern letter Q");
    expect(refusal('format(now(), "kkk")').message).toContain('the date format "kkk" uses k 3 times, which Java\'s date patterns do not allow');
    expect(refusal('format(now(), "YYYY-ww")').message).toContain("pattern letter Y");
    expect(refusal('sha1(firstName, "UTF-16")').message).toContain('only the charset "UTF-8"');
    expect(refusal('date_part("fortnight", now())').message).toContain('"fortnight" is not a date component');
    expect(refusal('to_object("a", 1, "a", 2)').message).toContain('the key "a" is given twice');
    expect(refusal('matches_regex(firstName, "(?=a)b")').message).toContain("matches_regex: lookarounds and backreferences are not supported");
    expect(refusal('explode(firstName, "(a)\\\\1")').message).toContain("explode: lookarounds and backreferences are not supported");
  });

  it("refuses an expression over 4096 characters, and an empty one", () => {
    expect(refusal(`"${"x".repeat(4095)}"`).message).toContain("at most 4096");
    expect(() => compileExpression(`"${"x".repeat(4094)}"`, columns)).not.toThrow();
    expect(refusal("  ").message).toContain("the expression is empty");
  });

  it("refuses nesting deep enough to exhaust the stack, by message rather than a crash", () => {
    expect(refusal(`${"(".repeat(2000)}1${")".repeat(2000)}`).message).toBe("the expression nests deeper than 100 levels at position 101");
    expect(refusal(`${"-".repeat(3000)}1`).message).toContain("nests deeper than 100 levels");
    expect(refusal(Array.from({ length: 2000 }, () => "1").join("+")).message).toContain("chains more than 500 operators");
    expect(compileExpression(Array.from({ length: 400 }, () => "age").join(" + "), columns).type).toBe("BIGINT");
  });

  it("keeps client-chosen names off Object.prototype", () => {
    expect(compileExpression('to_object("__proto__", 1, "constructor", 2)', columns).type).toBe('STRUCT("__proto__" INTEGER, "constructor" INTEGER)');
    expect(refusal('date_part("__proto__", now())').message).toContain("is not a date component");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps a date's zone through iif, ? :, coalesce, decode, min and max", () => {
    const paris = 'zone_date_to_zone(now(), "Europe/Paris")';
    for (const expression of [`iif(true, ${paris}, null)`, `age > 1 ? null : ${paris}`, `coalesce(null, ${paris})`, `decode(firstName, "a", ${paris})`, `min(${paris}, ${paris})`, `max(${paris})`]) {
      expect(compileExpression(expression, columns).zone, expression).toEqual({ id: "Europe/Paris" });
    }
    // one of dates in different zones: the offset of the one chosen, per row
    expect(compileExpression(`iif(age > 1, now(), ${paris})`, columns).zone).toHaveProperty("offsetMinutes");
    expect(compileExpression("coalesce(now(), null)", columns).zone).toBeUndefined();
  });

  it("wraps a function's call in try() unless its SQL cannot fail for any row value", () => {
    expect(compileExpression("lower(firstName)", columns).sql).not.toContain("try(");
    expect(compileExpression("get_url_decoded(firstName)", columns).sql).toBe(`try((CASE WHEN regexp_full_match("firstName", '(?:[^%]|%[0-9A-Fa-f]{2})*') THEN url_decode(replace("firstName", '+', ' ')) END))`);
    // a row-safe call's arguments keep their own
    const upper = compileExpression("upper(get_url_decoded(firstName))", columns).sql;
    expect(upper).toMatch(/^upper\(/);
    expect(upper).toContain(`THEN try((CASE WHEN regexp_full_match("firstName", '(?:[^%]|%[0-9A-Fa-f]{2})*') THEN url_decode(replace("firstName", '+', ' ')) END)) ELSE`);
    expect(upper).not.toMatch(/^try\(/);
  });
});
