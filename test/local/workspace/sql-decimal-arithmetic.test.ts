/**
 * `*`, `/` and `%` over DECIMALs as Spark types and computes them, over the local workspace's Command
 * Execution API: a product is DECIMAL(p1 + p2 + 1, s1 + s2), a quotient DECIMAL(p1 - s1 + s2 +
 * max(6, s1 + p2 + 1), max(6, s1 + p2 + 1)), past 38 digits the fraction cut to keep the whole digits,
 * each rounded HALF_UP; an integral operand is a DECIMAL of its type's digits, an integer literal of its
 * own. The expected rows of Spark's own decimals test (sql-tests decimals.sql) are among them.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

const schemaOf = (status: any) => status.results.schema.map((c: { name: string; type: string }) => `${c.name}: ${JSON.parse(c.type)}`);

describe("DECIMAL products and quotients", () => {
  const { sql, ok } = sqlSession({}, async (ok) => {
    await ok("create table decimals_test (id int, a decimal(38,18), b decimal(38,18))");
    await ok("insert into decimals_test values (1, 100.0, 999.0), (2, 12345.123, 12345.123), (3, 0.1234567891011, 1234.1), (4, 123456789123456789.0, 1.123456789123456789)");
    await ok("create table prices (id int, price decimal(10,2), rate decimal(12,3), qty int, big bigint, ratio double)");
    await ok("insert into prices values (1, 99999999.99, 999999999.999, 3, 7, 1.5), (2, -2.00, 0.001, -4, 1, 0.5), (3, NULL, 1.000, NULL, NULL, NULL)");
  });

  it("answers Spark's own decimal test: DECIMAL(38,18) operands give DECIMAL(38,17) sums, DECIMAL(38,6) products and quotients, rounded HALF_UP", async () => {
    const all = await sql("select id, a + b, a - b, a * b, a / b from decimals_test order by id");
    expect(schemaOf(all)).toEqual(["id: integer", "(a + b): decimal(38,17)", "(a - b): decimal(38,17)", "(a * b): decimal(38,6)", "(a / b): decimal(38,6)"]);
    expect(all.results.data).toEqual([
      [1, "1099.00000000000000000", "-899.00000000000000000", "99900.000000", "0.100100"],
      [2, "24690.24600000000000000", "0.00000000000000000", "152402061.885129", "1.000000"],
      [3, "1234.22345678910110000", "-1233.97654321089890000", "152.358023", "0.000100"],
      [4, "123456789123456790.12345678912345679", "123456789123456787.87654321087654321", "138698367904130467.515623", "109890109097814272.043109"],
    ]);
    // an integer literal is a DECIMAL of its own digits: 10 is DECIMAL(2,0)
    const constants = await sql("select id, a * 10, b / 10 from decimals_test order by id");
    expect(schemaOf(constants)).toEqual(["id: integer", "(a * 10): decimal(38,15)", "(b / 10): decimal(38,18)"]);
    expect(constants.results.data.map((row: unknown[]) => row.slice(1))).toEqual([
      ["1000.000000000000000", "99.900000000000000000"],
      ["123451.230000000000000", "1234.512300000000000000"],
      ["1.234567891011000", "123.410000000000000000"],
      ["1234567891234567890.000000000000000", "0.112345678912345679"],
    ]);
  });

  it("keeps a product of DECIMALs of up to 18 digits beyond 18 digits, where DuckDB overflowed", async () => {
    const product = await sql("select price * rate, price * qty, price * big, price * 2, 0.05 * price from prices where id = 1");
    expect(schemaOf(product)).toEqual(["(price * rate): decimal(23,5)", "(price * qty): decimal(21,2)", "(price * big): decimal(31,2)", "(price * 2): decimal(12,2)", "(0.05 * price): decimal(13,4)"]);
    expect(product.results.data).toEqual([["99999999989900000.00001", "299999999.97", "699999999.93", "199999999.98", "4999999.9995"]]);
    // a chain nests from the left, each step typed from the one before
    const chain = await sql("select price * rate * qty * price from prices where id = 1");
    expect(schemaOf(chain)).toEqual(["(((price * rate) * qty) * price): decimal(38,6)"]);
    expect(chain.results.data).toEqual([["29999999993970000000306000.000000"]]);
  });

  it("answers a long chain of products, summed, each operand typed once (a chain of twelve took minutes to bind)", async () => {
    const factors = ["price", ...Array.from({ length: 11 }, () => "big")].join(" * ");
    const chain = await sql(`select sum(${factors}) as total, max(${factors.replaceAll("big", "(qty % 3 + 1)")}) as top from prices`);
    // DECIMAL(10,2) * BIGINT is DECIMAL(31,2); past 38 digits the whole digits are kept and the scale stays 2
    expect(schemaOf(chain)).toEqual(["total: decimal(38,2)", "top: decimal(38,2)"]);
    // 99999999.99 * 7^11 - 2.00, and 99999999.99 * 1^11 (3 % 3 + 1) against -2.00 * (-4 % 3 + 1)^11 = -2.00 * 0
    expect(chain.results.data).toEqual([["197732674280226730.57", "99999999.99"]]);
  });

  it("types a DECIMAL sum and difference as Spark does, an integral operand by its digits, products first", async () => {
    const sums = await sql("select price + 1, price - big, price + qty, rate - price, 0.05 + price, -price + 1 as negated, price + rate * 2 - qty from prices where id = 1");
    expect(schemaOf(sums)).toEqual([
      "(price + 1): decimal(11,2)",
      "(price - big): decimal(23,2)",
      "(price + qty): decimal(13,2)",
      "(rate - price): decimal(13,3)",
      "(0.05 + price): decimal(11,2)",
      "negated: decimal(11,2)",
      "((price + (rate * 2)) - qty): decimal(16,3)",
    ]);
    expect(sums.results.data).toEqual([["100000000.99", "99999992.99", "100000002.99", "900000000.009", "100000000.04", "-99999998.99", "2099999996.988"]]);
    await ok("create table sums as select price + 1 as next, price - big as apart from prices");
    expect((await ok("describe sums")).map((r) => `${r.col_name} ${r.data_type}`)).toEqual(["next decimal(11,2)", "apart decimal(23,2)"]);
    // integers, DOUBLEs and dates keep their own arithmetic
    const plain = await sql("select qty + 1 as a, big - qty as b, ratio + 1 as c, date'2024-02-28' + 1 as d, 1 + date'2024-02-28' as e from prices where id = 1");
    expect(schemaOf(plain)).toEqual(["a: integer", "b: long", "c: double", "d: date", "e: date"]);
    expect(plain.results.data).toEqual([[4, 4, 2.5, "2024-02-29", "2024-02-29"]]);
  });

  it("answers arithmetic over an outer query's column in a correlated subquery, and names a column that resolves to nothing", async () => {
    // DuckDB cannot type an outer column apart from its query: such a statement keeps DuckDB's own operators
    expect(await ok("select id, (select max(q.price) * 2 from prices q where q.id = p.id + 1 and q.price < p.price * 2 - 1) as next from prices p order by id")).toEqual([
      { id: 1, next: "-4.00" },
      { id: 2, next: null },
      { id: 3, next: null },
    ]);
    expect(expectError(await sql("select nope + price * 2 from prices"))).toMatch(/^org\.apache\.spark\.sql\.AnalysisException: \[UNRESOLVED_COLUMN\.WITH_SUGGESTION\] .*`nope` cannot be resolved/);
  });

  it("fails a sum past 38 digits whose whole digits do not fit, and cuts the fraction at every step of a long one", async () => {
    const wide = "cast(90000000000000000000000000000000000000 as decimal(38,0))";
    expect(expectError(await sql(`select ${wide} + ${wide} as total`))).toMatch(/^org\.apache\.spark\.SparkArithmeticException: \[NUMERIC_VALUE_OUT_OF_RANGE\] .* cannot be represented as Decimal\(38, 0\)\./);
    const factors = Array.from({ length: 12 }, () => "a").join(" + ");
    expect(await ok(`select sum(${factors}) as total from decimals_test where id < 3`)).toEqual([{ total: "149341.4760000" }]);
  });

  it("divides a DECIMAL as a DECIMAL rounded HALF_UP, not as a DOUBLE", async () => {
    const quotient = await sql("select id, price / 3, price / qty, price / rate, qty / 2, price / ratio from prices order by id");
    expect(schemaOf(quotient)).toEqual(["id: integer", "(price / 3): decimal(14,6)", "(price / qty): decimal(21,13)", "(price / rate): decimal(26,15)", "(qty / 2): double", "(price / ratio): double"]);
    expect(quotient.results.data).toEqual([
      [1, "33333333.330000", "33333333.3300000000000", "0.099999999990100", 1.5, 66666666.66],
      [2, "-0.666667", "0.5000000000000", "-2000.000000000000000", -2, -4],
      [3, null, null, null, null, null],
    ]);
    // a tie rounds away from zero, both ways
    expect(await ok("select cast(0.0000005 as decimal(38,18)) * cast(1 as decimal(38,18)) as up, cast(-0.0000005 as decimal(38,18)) * cast(1 as decimal(38,18)) as down")).toEqual([
      { up: "0.000001", down: "-0.000001" },
    ]);
  });

  it("types a DECIMAL remainder as Spark does, no wider than its operands", async () => {
    const rest = await sql("select price % rate, price % 2, rate % 0.7, qty % 2, price % ratio from prices where id = 1");
    expect(schemaOf(rest)).toEqual(["(price % rate): decimal(11,3)", "(price % 2): decimal(3,2)", "(rate % 0.7): decimal(3,3)", "(qty % 2): integer", "(price % ratio): double"]);
    expect(rest.results.data[0].slice(0, 4)).toEqual(["99999999.990", "1.99", "0.399", 1]);
    expect(await ok("select cast(-7.5 as decimal(10,2)) % 2 as r")).toEqual([{ r: "-1.50" }]);
  });

  it("leaves integers and DOUBLEs to their own arithmetic, and types the column a CTAS makes as Spark's", async () => {
    const plain = await sql("select qty * 2, qty / 2, ratio * 2, qty * ratio, big * big from prices where id = 1");
    expect(schemaOf(plain)).toEqual(["(qty * 2): integer", "(qty / 2): double", "(ratio * 2): double", "(qty * ratio): double", "(big * big): long"]);
    expect(plain.results.data).toEqual([[6, 1.5, 3, 4.5, 49]]);
    await ok("create table totals as select id, price * rate as amount, price / 3 as third, sum(price) over (order by id) * 1.5 as running from prices");
    const described = await ok("describe totals");
    expect(described.map((r) => `${r.col_name} ${r.data_type}`)).toEqual(["id int", "amount decimal(23,5)", "third decimal(14,6)", "running decimal(23,3)"]);
    expect(await ok("select amount, third, running from totals order by id")).toEqual([
      { amount: "99999999989900000.00001", third: "33333333.330000", running: "149999999.985" },
      { amount: "-0.00200", third: "-0.666667", running: "149999996.985" },
      { amount: null, third: null, running: "149999996.985" },
    ]);
    expect(await ok("select sum(price) * 2 as doubled, sum(price * 2) as summed from prices")).toEqual([{ doubled: "199999995.98", summed: "199999995.98" }]);
  });

  it("casts a string operand as ANSI mode promotes it: to BIGINT beside an integral number, to DOUBLE beside a fractional one or a string", async () => {
    await ok("create table readings (id int, raw string)");
    await ok("insert into readings values (1, '7'), (2, ' 2 '), (3, NULL)");
    const promoted = await sql("select raw + 1 as plus, raw * qty as times, raw * price as priced, raw / 2 as half, raw + raw as twice, raw % 4 as rest, try_multiply(raw, 2) as tried from readings join prices using (id) order by id");
    expect(schemaOf(promoted)).toEqual(["plus: long", "times: long", "priced: double", "half: double", "twice: double", "rest: long", "tried: long"]);
    expect(promoted.results.data).toEqual([
      [8, 21, 699999999.93, 3.5, 14, 3, 14],
      [3, -8, -4, 1, 4, 2, 4],
      [null, null, null, null, null, null, null],
    ]);
    expect(await ok("select '7' * 1.5 as x, 2.5 - '0.5' as y")).toEqual([{ x: 10.5, y: 2 }]);
    expect(expectError(await sql("select '1.5' + 1"))).toContain(`[CAST_INVALID_INPUT] The value '1.5' of the type "STRING" cannot be cast to "BIGINT"`);
    expect(expectError(await sql("select raw * 1.5 from (select 'seven' as raw)"))).toContain(`[CAST_INVALID_INPUT] The value 'seven' of the type "STRING" cannot be cast to "DOUBLE"`);
  });

  it("answers try_divide and try_multiply of DECIMALs in Spark's type, NULL for a zero divisor or a value beyond it", async () => {
    const tried = await sql("select id, try_divide(price, rate), try_divide(price, qty - qty), try_multiply(price, rate), try_divide(qty, 2) from prices order by id");
    expect(schemaOf(tried)).toEqual(["id: integer", "try_divide(price, rate): decimal(26,15)", "try_divide(price, (qty - qty)): decimal(21,13)", "try_multiply(price, rate): decimal(23,5)", "try_divide(qty, 2): double"]);
    expect(tried.results.data).toEqual([
      [1, "0.099999999990100", null, "99999999989900000.00001", 1.5],
      [2, "-2000.000000000000000", null, "-0.00200", -2],
      [3, null, null, null, null],
    ]);
    expect(await ok("select try_multiply(a, a) as over, try_multiply(a, b) as product from decimals_test where id = 4")).toEqual([{ over: null, product: "138698367904130467.515623" }]);
  });

  it("fails a result beyond its type with NUMERIC_VALUE_OUT_OF_RANGE, and a zero divisor with DIVIDE_BY_ZERO", async () => {
    expect(expectError(await sql("select a * a from decimals_test where id = 4"))).toBe(
      'org.apache.spark.SparkArithmeticException: [NUMERIC_VALUE_OUT_OF_RANGE] 15241578780673678515622620750190521.000 cannot be represented as Decimal(38, 6). ' +
        'If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error, and return NULL instead. SQLSTATE: 22003',
    );
    expect(expectError(await sql("select price / (qty - 3) from prices where id = 1"))).toMatch(/^org\.apache\.spark\.SparkArithmeticException: \[DIVIDE_BY_ZERO\] Division by zero\./);
  });
});
