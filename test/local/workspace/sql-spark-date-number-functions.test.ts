/**
 * Spark's everyday date, number and string functions DuckDB lacks or answers otherwise, as the local
 * workspace answers them: date_sub, add_months (its day clamped to the month's last), pmod (a
 * positive modulus; by 0 DIVIDE_BY_ZERO as in ANSI mode), initcap, locate (1-based, 0 when not
 * found), bround (HALF_EVEN); round, bround and CAST to DECIMAL of a DOUBLE rounding its shortest decimal text as
 * Spark does (round(1.005D, 2) is 1.01); to_date, to_timestamp and unix_timestamp reading a string with a Spark
 * pattern, failing with CANNOT_PARSE_TIMESTAMP (ANSI mode) where it does not fit; months_between
 * by Spark's rule (31-day months for the fraction, rounded to 8 digits); a DOUBLE or FLOAT cast to STRING as Java writes it (1.0E10).
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("Spark date, number and string functions", () => {
  const { sql, ok } = sqlSession({}, async (ok) => {
    await ok("create table events (id int, dt date, n int, word string)");
    await ok("insert into events values (1, date'2024-01-31', 1, 'sPark sql'), (2, date'2024-03-01', -1, 'hello  wORLD'), (3, null, null, null)");
    await ok("create table readings (id int, x double)");
    await ok("insert into readings values (1, 1.005), (2, -2.675), (3, 0.285), (4, null)");
  });

  it("answers date_sub(d, n) as the DATE n days before d, of a string or a TIMESTAMP too", async () => {
    expect(
      await ok("select date_sub('2016-07-30', 1) as doc, date_sub(date'2024-03-01', 1) as leap, date_sub(timestamp'2024-03-01 10:00:00', -1) as ts, date_sub(date'2024-01-01', 366) as back"),
    ).toEqual([{ doc: "2016-07-29", leap: "2024-02-29", ts: "2024-03-02", back: "2022-12-31" }]);
    expect(await ok("select id, date_sub(dt, n) as d from events order by id")).toEqual([
      { id: 1, d: "2024-01-30" },
      { id: 2, d: "2024-03-02" },
      { id: 3, d: null },
    ]);
    expect((await sql("select date_sub(dt, 1) from events")).results.schema.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([["date_sub(dt, 1)", '"date"']]);
  });

  it("answers the parts of a date or a time as INTs, of a date's or a timestamp's text too (the examples of Databricks' documentation)", async () => {
    const parts = await sql(
      "select year('2016-07-30') as y, quarter('2016-08-31') as q, month('2016-07-30') as m, day('2016-07-30') as d, dayofmonth('2009-07-30') as dm, " +
        "dayofyear('2016-04-09') as dy, weekofyear('2008-02-20') as w, dayofweek('2009-07-30') as dw, weekday('2009-07-30') as wd, last_day('2009-01-12') as ld, " +
        "hour('2009-07-30 12:58:59') as h, minute('2009-07-30 12:58:59') as mi, second('2009-07-30 12:58:59') as s",
    );
    expect(parts.results.data).toEqual([[2016, 3, 7, 30, 30, 100, 8, 5, 3, "2009-01-31", 12, 58, 59]]);
    expect(parts.results.schema.map((c: { type: string }) => JSON.parse(c.type))).toEqual([...Array(9).fill("integer"), "date", ...Array(3).fill("integer")]);
    expect(await ok("select id, year(dt) as y, month(dt) as m, hour(timestamp'2024-01-31 23:30:00') as h from events order by id")).toEqual([
      { id: 1, y: 2024, m: 1, h: 23 },
      { id: 2, y: 2024, m: 3, h: 23 },
      { id: 3, y: null, m: null, h: 23 },
    ]);
  });

  it("answers add_months(d, n) with the day kept, clamped to the month's last", async () => {
    expect(
      await ok(
        "select add_months('2016-08-31', 1) as doc, add_months(date'2024-01-31', 1) as leap, add_months(date'2023-01-31', 1) as feb, add_months(date'2024-02-29', 1) as kept," +
          " add_months(date'2024-03-31', -1) as back, add_months(date'2024-01-15', 12) as year, add_months(timestamp'2024-05-31 23:00:00', 1) as ts",
      ),
    ).toEqual([{ doc: "2016-09-30", leap: "2024-02-29", feb: "2023-02-28", kept: "2024-03-29", back: "2024-02-29", year: "2025-01-15", ts: "2024-06-30" }]);
    expect(await ok("select id, add_months(dt, n) as d from events order by id")).toEqual([
      { id: 1, d: "2024-02-29" },
      { id: 2, d: "2024-02-01" },
      { id: 3, d: null },
    ]);
    expect((await sql("select add_months(dt, 1) from events")).results.schema.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([["add_months(dt, 1)", '"date"']]);
  });

  it("answers pmod's positive modulus, and fails pmod by 0 with DIVIDE_BY_ZERO as % does", async () => {
    expect(await ok("select pmod(10, 3) as a, pmod(-10, 3) as b, pmod(10, -3) as c, pmod(-10, -3) as d, pmod(-7.5, 2) as e, pmod(null, 3) as f, pmod(3, null) as g")).toEqual([
      { a: 1, b: 2, c: 1, d: -1, e: "0.5", f: null, g: null },
    ]);
    expect(await ok("select id, pmod(n, 4) as m from events order by id")).toEqual([
      { id: 1, m: 1 },
      { id: 2, m: 3 },
      { id: 3, m: null },
    ]);
    expect(expectError(await sql("select pmod(id, 0) from events"))).toContain("[DIVIDE_BY_ZERO] Division by zero.");
  });

  it("answers initcap with each space-separated word's first letter upper and the rest lower", async () => {
    expect(await ok("select initcap('sPark sql') as doc, initcap('') as empty, initcap('éCOLE o''neil-SMITH') as other, initcap(null) as none")).toEqual([
      { doc: "Spark Sql", empty: "", other: "École O'neil-smith", none: null },
    ]);
    expect(await ok("select id, initcap(word) as w from events order by id")).toEqual([
      { id: 1, w: "Spark Sql" },
      { id: 2, w: "Hello  World" },
      { id: 3, w: null },
    ]);
  });

  it("answers locate's 1-based position, 0 when not found or from a position below 1", async () => {
    expect(
      await ok(
        "select locate('bar', 'foobarbar') as doc, locate('bar', 'foobarbar', 5) as doc5, locate('x', 'abc') as missing, locate('b', 'abc', 0) as zero," +
          " locate('b', 'abc', -1) as negative, locate('b', 'abc', 9) as beyond, locate('b', 'abc', null) as nullPos, locate(null, 'abc') as nullSub, locate('a', null) as nullStr",
      ),
    ).toEqual([{ doc: 4, doc5: 7, missing: 0, zero: 0, negative: 0, beyond: 0, nullPos: 0, nullSub: null, nullStr: null }]);
    expect(await ok("select id, locate('o', word) as o, locate('R', word, 6) as later from events order by id")).toEqual([
      { id: 1, o: 0, later: 0 },
      { id: 2, o: 5, later: 10 },
      { id: 3, o: null, later: null },
    ]);
  });

  it("rounds bround's ties to the even neighbour", async () => {
    expect(
      await ok(
        "select bround(2.5, 0) as doc, bround(25, -1) as doc2, bround(3.5) as up, bround(-2.5) as neg, bround(2.665, 2) as down2, bround(2.675, 2) as up2, bround(35, -1) as tens," +
          " bround(-35, -1) as negTens, bround(2.5D) as dbl, bround(2.51, 0) as above, bround(null, 1) as none",
      ),
    ).toEqual([{ doc: "2", doc2: 20, up: "4", neg: "-2", down2: "2.66", up2: "2.68", tens: 40, negTens: -40, dbl: 2, above: "3", none: null }]);
    // a DECIMAL past a DOUBLE's 15 digits judges its tie by its exact digits
    expect(
      await ok(
        "select bround(cast('12345678901234567890.125' as decimal(38,3)), 2) as even, bround(cast('12345678901234567890.135' as decimal(38,3)), 2) as odd, " +
          "bround(cast(12345678901234567850 as decimal(38,0)), -2) as hundreds, bround(1234567890123457.5BD, 0) as whole",
      ),
    ).toEqual([{ even: "12345678901234567890.12", odd: "12345678901234567890.14", hundreds: "12345678901234567800", whole: "1234567890123458" }]);
  });

  it("rounds an integral value to tens exactly in its own type, and fails with ARITHMETIC_OVERFLOW where the result is past the type's range, as Spark's ANSI mode does", async () => {
    expect(
      await ok(
        "select round(2147483644, -1) as intDown, bround(2147483645, -1) as intEven, round(-25, -1) as halfUp, round(127Y, -3) as tinyZero, " +
          "round(9223372036854775707L, -2) as big, round(7S, 2) as kept, typeof(round(7S, -1)) as type",
      ),
    ).toEqual([{ intDown: 2147483640, intEven: 2147483640, halfUp: -30, tinyZero: 0, big: "9223372036854775700", kept: 7, type: "smallint" }]);
    const overflow = (tolerant: string) =>
      `org.apache.spark.SparkArithmeticException: [ARITHMETIC_OVERFLOW] Overflow. Use '${tolerant}' to tolerate overflow and return NULL instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error. SQLSTATE: 22003`;
    // DuckDB's round of an INT wrapped: -2147483646
    expect(expectError(await sql("select round(2147483647, -1)"))).toBe(overflow("try_round"));
    expect(expectError(await sql("select round(125Y, -1)"))).toBe(overflow("try_round"));
    expect(expectError(await sql("select bround(9223372036854775807L, -1)"))).toBe(overflow("try_bround"));
    expect(expectError(await sql("select round(max(n), -1) from values (2147483647) as t(n)"))).toBe(overflow("try_round"));
  });

  it("rounds a DOUBLE's shortest decimal text, HALF_UP for round and HALF_EVEN for bround, to a DOUBLE", async () => {
    expect(
      await ok(
        "select round(1.005D, 2) as doc, round(-1.005D, 2) as neg, round(2.675D, 2) as up, round(1234.5D, -2) as hundreds, round(-2.5D) as half," +
          " round(1e300D, 2) as huge, round(1e-300D, 2) as tiny, round(-1e-300D, 2) as negTiny, round(1e-300D, 305) as kept, round(1e300D, -301) as gone," +
          " round(cast('NaN' as double), 2) as nan, round(cast('-Infinity' as double), 1) as inf, round(cast(2.675 as float), 2) as flt," +
          " bround(1.005D, 2) as even, bround(2.675D, 2) as evenUp, bround(0.125D, 2) as evenDown, bround(1234.5D, -2) as evenHundreds",
      ),
    ).toEqual([
      {
        doc: 1.01, neg: -1.01, up: 2.68, hundreds: 1200, half: -3, huge: 1e300, tiny: 0, negTiny: 0, kept: 1e-300, gone: 0, nan: "NaN", inf: "-Infinity",
        flt: 2.67, even: 1, evenUp: 2.68, evenDown: 0.12, evenHundreds: 1200,
      },
    ]);
    expect(await ok("select id, round(x, 2) as r, bround(x, 2) as b, round(sum(x) over (order by id), 1) as running from readings order by id")).toEqual([
      { id: 1, r: 1.01, b: 1, running: 1 },
      { id: 2, r: -2.68, b: -2.68, running: -1.7 },
      { id: 3, r: 0.29, b: 0.28, running: -1.4 },
      { id: 4, r: null, b: null, running: -1.4 },
    ]);
    expect((await sql("select round(x, 2), bround(x), round(2.5, 0), round(cast(1.5 as float)) from readings")).results.schema.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ["round(x, 2)", '"double"'],
      ["bround(x)", '"double"'],
      ["round(2.5, 0)", '"decimal(2,0)"'],
      ["round(CAST(1.5 AS FLOAT))", '"float"'],
    ]);
  });

  it("types round and bround of a DECIMAL as Spark does, one whole digit more and at most the places it had; a NULL as a DOUBLE's", async () => {
    const rounded = ["round(1.2345, 2)", "round(2.5, 1)", "round(123.45, -1)", "round(cast(5 as decimal(10,2)), 0)", "bround(2.5)", "bround(1.2345, 2)", "round(cast(1 as decimal(38,10)), 2)", "round(7.25, 5)", "round(999.9, -3)", "bround(2500.0, -3)", "round(null)"];
    const answer = await sql(`select ${rounded.join(", ")}`);
    expect(answer.results.schema.map((c: { type: string }) => JSON.parse(c.type))).toEqual([
      "decimal(4,2)", "decimal(3,1)", "decimal(4,0)", "decimal(9,0)", "decimal(2,0)", "decimal(4,2)", "decimal(31,2)", "decimal(4,2)", "decimal(4,0)", "decimal(5,0)", "double",
    ]);
    // DuckDB's round of a DECIMAL answered 0 where the value needs one whole digit more (999.9 to thousands)
    expect(answer.results.data[0]).toEqual(["1.23", "2.5", "120", "5", "2", "1.23", "1.00", "7.25", "1000", "2000", null]);
    expect(await ok("select round(n, -1) as i, bround(id, 0) as j from events order by id")).toEqual([
      { i: 0, j: 1 },
      { i: 0, j: 2 },
      { i: null, j: 3 },
    ]);
    // a scale cast to an integral type is a constant too, as Spark folds it; a zero has no sign
    expect(await ok("select round(1.25D, cast(1 as int)) as a, round(15, cast(-1 as int)) as b, round(1.25, int(1)) as c, round(-0.0D) as z")).toEqual([{ a: 1.3, b: 20, c: "1.3", z: 0 }]);
    expect((await ok("select cast(round(-0.0D) as string) as z"))[0]).toEqual({ z: "0.0" });
    // the scale must be a constant, as Spark's analyzer requires
    expect(expectError(await sql("select round(id, n) from events"))).toBe(
      'org.apache.spark.sql.AnalysisException: [DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "round(id, n)" due to data type mismatch: the input `scale` should be a foldable "INT" expression; however, got "n". SQLSTATE: 42K09',
    );
  });

  it("writes a DOUBLE or FLOAT as a STRING as Java does, as Spark writes it: plain from 10^-3 to 10^7, else with an exponent", async () => {
    const texts = ["1e10", "1e-5", "0.001", "0.0001", "1234567.0", "12345678.0", "-2.5e-10", "123456789012.5", "1.5e300", "'NaN'", "'-Infinity'"].map((v) => `cast(cast(${v} as double) as string)`);
    expect(Object.values((await ok(`select ${texts.map((t, i) => `${t} as c${i}`).join(", ")}`))[0])).toEqual([
      "1.0E10", "1.0E-5", "0.001", "1.0E-4", "1234567.0", "1.2345678E7", "-2.5E-10", "1.234567890125E11", "1.5E300", "NaN", "-Infinity",
    ]);
    expect(await ok("select cast(cast(0.1 as float) as string) as f, cast(cast(1e10 as float) as string) as g, concat('x = ', x * 0 + 1e8) as c, x || '' as o from readings where id = 1")).toEqual([
      { f: "0.1", g: "1.0E10", c: "x = 1.0E8", o: "1.005" },
    ]);
  });

  it("casts a DOUBLE to a DECIMAL from its shortest decimal text, HALF_UP", async () => {
    expect(
      await ok(
        "select cast(0.285D as decimal(3,2)) as doc, cast(1.005D as decimal(5,2)) as cent, cast(-0.125D as decimal(4,2)) as neg, cast(1.5e-7D as decimal(10,7)) as small," +
          " 2.675D::decimal(4,2) as op, try_cast(1e300D as decimal(5,1)) as tried, cast(2.5 as decimal(3,0)) as dec",
      ),
    ).toEqual([{ doc: "0.29", cent: "1.01", neg: "-0.13", small: "0.0000002", op: "2.68", tried: null, dec: "3" }]);
    expect(await ok("select id, cast(x as decimal(10,2)) as d from readings order by id")).toEqual([
      { id: 1, d: "1.01" },
      { id: 2, d: "-2.68" },
      { id: 3, d: "0.29" },
      { id: 4, d: null },
    ]);
    expect((await sql("select cast(x as decimal(10,2)), try_cast(x as decimal(5,1)) from readings")).results.schema.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ["CAST(x AS DECIMAL(10,2))", '"decimal(10,2)"'],
      ["TRY_CAST(x AS DECIMAL(5,1))", '"decimal(5,1)"'],
    ]);
    expect(expectError(await sql("select cast(1e300D as decimal(5,1))"))).toContain("[NUMERIC_VALUE_OUT_OF_RANGE] 1.0E+300 cannot be represented as Decimal(5, 1).");
    // into a DECIMAL of more than 18 digits, where most values take DuckDB's own cast: the ties, the exponents and the values past
    // 15 digits at the scale still from their text
    expect(
      await ok(
        "select cast(0.285D as decimal(20,2)) as tie, cast(-2.5D as decimal(20,0)) as negTie, cast(1.5e-7D as decimal(20,7)) as small, cast(123456789012.3456D as decimal(20,4)) as long," +
          " cast(0.14285714285714285D as decimal(20,4)) as plain, cast(x as decimal(24,2)) as col from readings where id = 2",
      ),
    ).toEqual([{ tie: "0.29", negTie: "-3", small: "0.0000002", long: "123456789012.3456", plain: "0.1429", col: "-2.68" }]);
    // just below a tie, where DuckDB's cast, multiplying in floating point, lands on the tie and rounds it up
    expect(await ok("select cast(w as decimal(10,1)) as d, cast(w as decimal(20,1)) as wide from values (0.15D * 3), (1.15D * 3) as t(w)")).toEqual([
      { d: "0.4", wide: "0.4" },
      { d: "3.4", wide: "3.4" },
    ]);
  });

  it("reads to_date's and to_timestamp's string with a Spark pattern, and takes a DATE or TIMESTAMP as it is", async () => {
    expect(
      await ok(
        "select to_date('2016-12-31', 'yyyy-MM-dd') as doc, to_date('05/03/2024', 'dd/MM/yyyy') as eu, to_date('5/3/2024', 'd/M/yyyy') as short," +
          " to_date('2024-03-05 10:11:12', 'yyyy-MM-dd HH:mm:ss') as timed, to_date(null, 'yyyy') as none, to_date(date'2024-01-02', 'dd') as typed",
      ),
    ).toEqual([{ doc: "2016-12-31", eu: "2024-03-05", short: "2024-03-05", timed: "2024-03-05", none: null, typed: "2024-01-02" }]);
    expect(
      await ok(
        "select to_timestamp('2016-12-31 00:12:00', 'yyyy-MM-dd HH:mm:ss') as doc, to_timestamp('2016-12-31', 'yyyy-MM-dd') as day," +
          " to_timestamp('31.12.2016 01:02:03.456', 'dd.MM.yyyy HH:mm:ss.SSS') as millis, to_timestamp('Mar 5 2024 3PM', 'MMM d yyyy ha') as named",
      ),
    ).toEqual([{ doc: "2016-12-31T00:12:00.000000Z", day: "2016-12-31T00:00:00.000000Z", millis: "2016-12-31T01:02:03.456000Z", named: "2024-03-05T15:00:00.000000Z" }]);
    const done = await sql("select to_date(code, 'yyyyMMdd') as d, to_timestamp(code, 'yyyyMMdd') as t from (select '20240229' as code)");
    expect(done.results.data).toEqual([["2024-02-29", "2024-02-29T00:00:00.000000Z"]]);
    expect(done.results.schema.map((c: { type: string }) => c.type)).toEqual(['"date"', '"timestamp"']);
  });

  it("fails to_date, to_timestamp and unix_timestamp of a string their pattern does not read with CANNOT_PARSE_TIMESTAMP, try_to_timestamp answering NULL", async () => {
    for (const query of [
      "select to_date('2024-13-05', 'yyyy-MM-dd')",
      "select to_date('2024-03-05 junk', 'yyyy-MM-dd')",
      "select to_timestamp('05/03/2024', 'yyyy-MM-dd')",
      "select unix_timestamp('2016-04-08')",
    ]) {
      expect(expectError(await sql(query)), query).toMatch(/^org\.apache\.spark\.SparkDateTimeException: \[CANNOT_PARSE_TIMESTAMP\] Text '[^']+' could not be parsed\..* SQLSTATE: 22007$/);
    }
    expect(
      await ok("select try_to_timestamp('05/03/2024', 'yyyy-MM-dd') as bad, try_to_timestamp('2024-03-05', 'yyyy-MM-dd') as good, try_to_timestamp('junk') as cast, try_to_timestamp(null, 'yyyy') as none"),
    ).toEqual([{ bad: null, good: "2024-03-05T00:00:00.000000Z", cast: null, none: null }]);
    expect(expectError(await sql("select to_timestamp('2016-12-31 00:12:00Z', 'yyyy-MM-dd HH:mm:ssX')"))).toContain("[UNSUPPORTED] The datetime pattern 'X' in to_timestamp");
    expect(expectError(await sql("select to_date(word, word) from events"))).toContain("[UNSUPPORTED] to_date with a pattern that is not a string literal");
  });

  it("answers unix_timestamp's whole seconds since the epoch, of a string read as yyyy-MM-dd HH:mm:ss by default", async () => {
    expect(
      await ok(
        "select unix_timestamp('2016-04-08', 'yyyy-MM-dd') as doc, unix_timestamp('1970-01-01 00:00:01') as one, unix_timestamp(timestamp'1969-12-31 23:59:59.5') as before," +
          " unix_timestamp(date'1970-01-02') as day, unix_timestamp(null) as none, unix_timestamp() > 1700000000 as now",
      ),
    ).toEqual([{ doc: 1460073600, one: 1, before: -1, day: 86400, none: null, now: true }]);
  });

  it("answers months_between in whole months for the same day or two last days, else by 31-day months rounded to 8 digits", async () => {
    expect(
      await ok(
        "select months_between('1997-02-28 10:30:00', '1996-10-30') as doc, months_between('1997-02-28 10:30:00', '1996-10-30', false) as exact," +
          " months_between(date'2024-03-31', date'2024-02-29') as lastDays, months_between('2024-03-15 10:00:00', '2024-02-15') as sameDay," +
          " months_between(date'2024-01-01', date'2024-03-31') as negative, months_between(date'2024-03-30', date'2024-02-29') as oneDay," +
          " months_between(null, date'2024-01-01') as none, months_between(timestamp'2024-01-01 12:00:00', timestamp'2024-01-02 00:00:00') as hours",
      ),
    ).toEqual([{ doc: 3.94959677, exact: 3.9495967741935485, lastDays: 1, sameDay: 1, negative: -2.96774194, oneDay: 1.03225806, none: null, hours: -0.01612903 }]);
    const done = await sql("select id, months_between(dt, date'2023-12-31') as m from events order by id");
    expect(done.results.data).toEqual([[1, 1], [2, 2.03225806], [3, null]]);
    expect(done.results.schema.map((c: { type: string }) => c.type)).toEqual(['"integer"', '"double"']);
  });
});
