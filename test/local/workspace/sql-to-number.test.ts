/**
 * to_number(s, format) and try_to_number(s, format) read text as Spark's ToNumberParser reads it, into the DECIMAL the format
 * gives; the cases are the ones Spark's own tests of the parser list (StringExpressionsSuite), with Spark's answers.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("to_number and try_to_number", () => {
  const { sql, ok, only } = sqlSession({}, async (ok) => {
    await ok("create table prices (id int, price string)");
    await ok("insert into prices values (1, '$1,234.50'), (2, '-$0.75'), (3, null), (4, 'twelve')");
  });

  it("reads digits, grouping separators, the point, $, signs and angle brackets as the format places them", async () => {
    const cases: Array<[string, string, string]> = [
      ["$345", "S$999,099.99", "345.00"],
      ["-$12,345.67", "S$999,099.99", "-12345.67"],
      ["454,123", "999,099", "454123"],
      ["$045", "S$999,099.99", "45.00"],
      ["454", "099", "454"],
      ["454.", "099.99", "454.00"],
      ["454.6", "099D99", "454.60"],
      ["454.67", "099.00", "454.67"],
      ["454", "000", "454"],
      ["  454 ", "9099", "454"],
      ["$454", "$999", "454"],
      ["  454,123 ", "999G099", "454123"],
      ["$454,123", "$999G099", "454123"],
      ["+$89,1,2,3,45.123", "S$999,0,0,0,999.00000", "8912345.12300"],
      ["-454", "S999", "-454"],
      ["+454", "s999", "454"],
      ["454", "999PR", "454"],
      ["<454>", "999PR", "-454"],
      ["454-", "999MI", "-454"],
      ["-$54", "MI$99", "-54"],
      ["036", "S099.", "36"],
      ["1,3,6", "999,999,0", "136"],
      ["123,456,789,123,456,789,123", "999,999,999,999,999,999,999", "123456789123456789123"],
    ];
    for (const [text, format, value] of cases) {
      expect([text, format, (await only(`to_number('${text}', '${format}')`)).value]).toEqual([text, format, value]);
      expect([text, format, (await only(`try_to_number('${text}', '${format}')`)).value]).toEqual([text, format, value]);
    }
  });

  it("answers the format's DECIMAL, named as Spark names the call, and reads a column row by row, NULL for NULL", async () => {
    expect(await only("to_number('$78.12', '$99.99')")).toEqual({ value: "78.12", name: "to_number($78.12, $99.99)", type: '"decimal(4,2)"' });
    expect(await only("try_to_number('12,345', '999,999,999')")).toEqual({ value: "12345", name: "try_to_number(12,345, 999,999,999)", type: '"decimal(9,0)"' });
    expect(await ok("select id, try_to_number(price, 'S$9,999.99') as amount from prices order by id")).toEqual([
      { id: 1, amount: "1234.50" },
      { id: 2, amount: "-0.75" },
      { id: 3, amount: null },
      { id: 4, amount: null },
    ]);
    expect(await ok("select to_number(price, 'S$9,999.99') + 1 as more from prices where id < 4 order by id")).toEqual([{ more: "1235.50" }, { more: "0.25" }, { more: null }]);
  });

  it("fails to_number with MISMATCH_INPUT where the text does not match the format, and answers NULL from try_to_number", async () => {
    const mismatches: Array<[string, string]> = [
      ["45", "0,9"],
      ["4", "09"],
      ["454", "09"],
      ["454", "99"],
      ["45", "$99"],
      ["45>", "99PR"],
      ["<45", "99PR"],
      ["454+", "999MI"],
      ["<<454>>", "999PR"],
      ["45", "S$999,099.99"],
      ["$345", "S$099,099.99"],
      ["4D5", "0D9"],
      ["", "999"],
      ["   ", "999"],
    ];
    for (const [text, format] of mismatches) {
      expect([text, format, (await only(`try_to_number('${text}', '${format}')`)).value]).toEqual([text, format, null]);
      const error = expectError(await sql(`select to_number('${text}', '${format}')`));
      expect(error).toContain(`[INVALID_FORMAT.MISMATCH_INPUT] The format is invalid: ${format}. The input "STRING" ${text} does not match the format. SQLSTATE: 42601`);
    }
    expect(expectError(await sql("select to_number(price, '$9,999.99') from prices"))).toContain("SparkIllegalArgumentException");
    expect(expectError(await sql("select to_number('1|2', '999')"))).toContain('The input "STRING" 1|2 does not match the format.');
  });

  it("refuses a format Spark does not read when the query is analysed, naming why, even with no row to read", async () => {
    const refusals: Array<[string, string]> = [
      ["", "[INVALID_FORMAT.EMPTY] The format is invalid: ''. The number format string cannot be empty."],
      ["999@", "[INVALID_FORMAT.UNEXPECTED_TOKEN] The format is invalid: '999@'. Found the unexpected character '@'' in the format string"],
      ["$", "[INVALID_FORMAT.WRONG_NUM_DIGIT] The format is invalid: '$'. The format string requires at least one number digit."],
      ["99.99.99", "[INVALID_FORMAT.WRONG_NUM_TOKEN] The format is invalid: '99.99.99'. At most one . or D is allowed in the number format."],
      ["9$99", "[INVALID_FORMAT.CUR_MUST_BEFORE_DIGIT]"],
      [",099", "[INVALID_FORMAT.CONT_THOUSANDS_SEPS]"],
      ["099.99,9", "[INVALID_FORMAT.THOUSANDS_SEPS_MUST_BEFORE_DEC]"],
      ["999prpr", "[INVALID_FORMAT.WRONG_NUM_TOKEN] The format is invalid: '999PRPR'. At most one PR is allowed in the number format."],
    ];
    for (const [format, message] of refusals) {
      expect([format, expectError(await sql(`select try_to_number(price, '${format}') from prices where false`))]).toEqual([format, expect.stringContaining(message)]);
    }
    expect(expectError(await sql("select to_number('1', price) from prices"))).toContain("to_number(x, format) with a format that is not a string literal");
    expect(expectError(await sql(`select to_number('1', '${"9".repeat(39)}')`))).toContain("[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 39 exceeds max precision 38.");
    expect(expectError(await sql("select to_number('1')"))).toContain("The `to_number` requires 2 parameters but the actual number is 1.");
  });
});
