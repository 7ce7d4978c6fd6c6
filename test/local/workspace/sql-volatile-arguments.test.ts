/**
 * A function the local workspace writes as a macro that reads its argument more than once (round of
 * a DOUBLE, CAST to DECIMAL) or runs it in DuckDB's try() (try_add and the other try_ functions, TRY_CAST to
 * DECIMAL), which refuses a volatile function, still reads a volatile argument once: rand() drawn once per row, not
 * once per use inside the macro, which would mix one draw's digits with another's magnitude (or one draw's length with another's
 * text, in substr, lpad and rpad). And a
 * DECIMAL cast runs beside anything, as the demo tables' seed writes it.
 */
import { describe, expect, it } from "vitest";
import { sqlSession } from "../../support/local-workspace.js";

describe("functions of a volatile argument", () => {
  const { ok } = sqlSession();

  it("rounds rand() * 100 to two places in every row: one draw, at most two decimals, within [0, 100]", async () => {
    const [{ bad, n }] = await ok(
      "select count_if(r < 0 or r > 100 or abs(r * 100 - round(r * 100)) > 1e-6) as bad, count(*) as n from (select round(rand() * 100, 2) as r from range(20000))",
    );
    expect([bad, n]).toEqual([0, 20000]);
  });

  it("casts rand() * 100 to DECIMAL(10,2) in every row, within [0, 100]", async () => {
    const [{ bad, n }] = await ok("select count_if(d < 0 or d > 100) as bad, count(*) as n from (select cast(rand() * 100 as decimal(10,2)) as d from range(20000))");
    expect([bad, n]).toEqual([0, 20000]);
  });

  it("runs try_add, try_subtract, try_multiply, try_divide and TRY_CAST to DECIMAL of rand(), one draw per row, and still answers NULL for an overflow", async () => {
    const [{ bad, n }] = await ok(
      "select count_if(not (a between 1 and 2 and s between -1 and 0 and m between 0 and 100 and d between 0 and 0.5 and c between 0 and 100 and c * 100 = round(c * 100))) as bad, count(*) as n " +
        "from (select try_add(rand(), 1) as a, try_subtract(rand(), 1) as s, try_multiply(rand(), 100) as m, try_divide(rand(), 2) as d, try_cast(rand() * 100 as decimal(10,2)) as c from range(5000))",
    );
    expect([bad, n]).toEqual([0, 5000]);
    expect(await ok("select try_add(2147483647, 1) as sum, try_multiply(9223372036854775807L, 2) as product, try_cast(123456.7 as decimal(5,2)) as cast, try_add(date'2024-01-02', 1) as day")).toEqual([
      { sum: null, product: null, cast: null, day: "2024-01-03" },
    ]);
  });

  it("inserts rows whose DECIMAL is cast from text beside a timestamp made of milliseconds, as the demo seed does", async () => {
    await ok("create table seeded (id bigint, balance decimal(38,18), updated_at timestamp) using delta");
    await ok(
      "insert into seeded select id, cast(concat(id, '.', lpad(cast(id % 1000000 as string), 18, '0')) as decimal(38,18)), timestamp_millis(1704067200000 + id * 7919) from range(1, 4)",
    );
    expect(await ok("select id, cast(balance as string) as balance from seeded order by id")).toEqual([
      { id: 1, balance: "1.000000000000000001" },
      { id: 2, balance: "2.000000000000000002" },
      { id: 3, balance: "3.000000000000000003" },
    ]);
  });

  it("cuts and pads the text of rand() as one draw: substr's last three characters and lpad's width from the same text", async () => {
    const [{ bad, n }] = await ok(
      "select count_if(length(tail) <> 3 or length(padded) <> 24 or length(cut) <> 5) as bad, count(*) as n from (select substr(cast(rand() as string), -3) as tail, " +
        "lpad(cast(rand() as string), 24, '*') as padded, rpad(cast(rand() as string), 5, '*') as cut from range(20000))",
    );
    expect([bad, n]).toEqual([0, 20000]);
  });
});
