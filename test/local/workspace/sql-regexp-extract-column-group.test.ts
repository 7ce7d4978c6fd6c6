/**
 * regexp_extract(s, r, idx) with the group read from a column or an expression, over the local workspace's
 * Command Execution API, answering as Spark 3.5 does row by row.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("regexp_extract with a column as the group index", () => {
  const { sql, ok } = sqlSession({}, async (ok) => {
    await ok("create table codes (id int, code string, pattern string, grp int)");
    await ok("insert into codes values (1, 'ab-12', '([a-z]+)-([0-9]+)', 1), (2, 'cd-34', '([a-z]+)-([0-9]+)', 2), (3, 'ef-56', '([a-z]+)-([0-9]+)', 0), (4, 'zz', '([a-z]+)-([0-9]+)', null)");
  });

  it("extracts each row's own group, from a column or an expression, '' where s does not match, NULL for a NULL group", async () => {
    expect(await ok("select id, regexp_extract(code, pattern, grp) as g, regexp_extract(code, '([a-z]+)-([0-9]+)', abs(grp - 1)) as other from codes order by id")).toEqual([
      { id: 1, g: "ab", other: "ab-12" },
      { id: 2, g: "34", other: "cd" },
      { id: 3, g: "ef-56", other: "ef" },
      { id: 4, g: null, other: null },
    ]);
    expect(await ok("select regexp_extract(code, pattern, id) as unmatched from codes where id = 4")).toEqual([{ unmatched: "" }]);
  });

  it("fails a row's group that the pattern does not have where s matches, as Spark does", async () => {
    expect(expectError(await sql("select regexp_extract(code, pattern, grp + 2) from codes where id <= 2"))).toContain(
      "[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) `idx` in `regexp_extract` is invalid: Expects group index between 0 and 2, but got 3.",
    );
  });
});
