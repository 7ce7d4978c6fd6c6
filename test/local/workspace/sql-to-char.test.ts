/**
 * to_char (and to_varchar) as Databricks answers it: a number in a format of 0, 9, `.`, `,`, `$`, S, MI and PR, a date or a timestamp
 * in a datetime pattern, a BINARY as base64, hex or UTF-8, each chosen by the value's type, and Spark's refusals.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("to_char", () => {
  const { sql, ok } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE prices (id INT, price DECIMAL(10,2), ratio DOUBLE, day DATE, at TIMESTAMP, code BINARY) USING DELTA");
    await ok("INSERT INTO prices VALUES (1, 12454.80, 0.25, DATE'2024-03-05', TIMESTAMP'2024-03-05 10:11:12', X'0AFF'), (2, -78.12, -1.5, NULL, NULL, NULL)");
  });

  it("writes a number's column in a format, its sign where the format says, never rounded", async () => {
    expect(await ok("SELECT to_char(price, '$99,999.99S') AS money, to_char(price, '999.9') AS narrow, to_varchar(ratio, '0.000MI') AS ratio, to_char(id, '000') AS id FROM prices ORDER BY id")).toEqual([
      { money: "$12,454.80+", narrow: "###.#", ratio: "0.250 ", id: "001" },
      // the separator with no digit before it is a space too
      { money: "$    78.12-", narrow: "###.#", ratio: "1.500-", id: "002" },
    ]);
    const named = await sql("SELECT to_char(price, '999.99') FROM prices WHERE id = 1");
    expect(named.results.schema[0].name).toBe("to_char(price, 999.99)");
  });

  it("writes a date or a timestamp in a datetime pattern and a BINARY as base64, hex or UTF-8", async () => {
    expect(await ok("SELECT to_char(day, 'yyyy/MM/dd') AS day, to_char(at, 'dd.MM.yyyy HH:mm') AS at, to_char(code, 'hex') AS hex, to_char(code, 'base64') AS b64, to_char(CAST('hé' AS BINARY), 'UTF-8') AS text FROM prices WHERE id = 1")).toEqual([
      { day: "2024/03/05", at: "05.03.2024 10:11", hex: "0AFF", b64: "Cv8=", text: "hé" },
    ]);
    expect(await ok("SELECT to_char(day, 'yyyy') AS day, to_char(code, 'hex') AS hex FROM prices WHERE id = 2")).toEqual([{ day: null, hex: null }]);
  });

  it("refuses a format Spark refuses, for the value's type, naming why", async () => {
    const refusals: [string, string][] = [
      ["to_char(price, '99,,9')", "[INVALID_FORMAT.CONT_THOUSANDS_SEPS] The format is invalid: '99,,9'. Thousands separators (, or G) must have digits in between them"],
      ["to_char(price, '')", "[INVALID_FORMAT.EMPTY]"],
      ["to_char(price, '99S9')", "[INVALID_FORMAT.UNEXPECTED_TOKEN]"],
      ["to_char(code, 'octal')", "[INVALID_PARAMETER_VALUE.BINARY_FORMAT] The value of parameter(s) `format` in `to_char` is invalid: expects one of binary formats 'base64', 'hex', 'utf-8', but got 'octal'"],
      ["to_char(CAST(id AS STRING), '99')", "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE]"],
      ["to_char(price, CAST(id AS STRING))", "to_char(x, format) with a format that is not a string literal"],
    ];
    for (const [call, message] of refusals) expect(expectError(await sql(`SELECT ${call} FROM prices WHERE id = 1`)), call).toContain(message);
  });
});
