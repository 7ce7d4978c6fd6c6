/**
 * Spark functions whose DuckDB namesakes answer other values, as the local workspace answers them:
 * concat is NULL when an argument is; substring/substr read position 0 as 1 and answer '' for a
 * negative length; regexp_extract and regexp_extract_all take group 1 by default, and of a group their
 * pattern does not have (a negative one too) fail as Spark's do; split's separator
 * is a regular expression; dayofweek and extract(DOW …) count from Sunday = 1, weekday from Monday = 0;
 * extract(SECOND …) keeps the fraction; left and right answer '' for a length below 1; a LIKE pattern
 * escapes with a backslash; a TIMESTAMP cast to STRING, or turned into text by concat, concat_ws or ||, has no zone offset; a + or - after
 * || applies to the concatenation; `^` (Spark's bitwise
 * exclusive or, DuckDB's power) is refused; a window frame may end at CURRENT ROW; DIV truncates
 * any numbers' quotient to a BIGINT; collect_list and array_agg leave NULLs out; concat_ws joins an
 * ARRAY argument's elements, and of nothing after its separator is ''; split_part refuses part 0; regexp_replace reads $n; log(x) is the natural
 * logarithm and the logarithms are NULL for x <= 0, sqrt of a negative number NaN; array_position is 0
 * for an element not found, array_distinct keeps order and one NULL;
 * avg and mean of a DECIMAL(p,s) are a DECIMAL(p+4,s+4); count_if is a BIGINT, 0 where no row counts; length, instr, position,
 * levenshtein, bit_count, find_in_set, row_number, rank, dense_rank, ntile and extract's date parts are INTs, factorial a BIGINT;
 * sha, negative, positive, div, space, ilike, like, regexp_instr, luhn_check, expm1, log1p, hypot, rint, csc, sec, crc32, randn,
 * curdate, localtimestamp, to_timestamp_ntz, to_timestamp_ltz, timediff, raise_error, parse_url, to_binary, try_to_binary, shiftleft,
 * shiftright, shiftrightunsigned, bit_get, make_ym_interval, make_dt_interval, make_interval, shuffle, monotonically_increasing_id and
 * spark_partition_id are Spark's; sentences splits text into sentences of words.
 */
import { describe, expect, it } from "vitest";
import { expectError, rows, sqlSession } from "../../support/local-workspace.js";

describe("Spark function semantics in queries", () => {
  const { sql, ok, table } = sqlSession({}, async (ok) => {
    await ok("create table people (id int, first string, last string, code string)");
    await ok("insert into people values (1, 'Ada', 'Lovelace', 'AB-123'), (2, 'Alan', null, 'CD-45'), (3, null, 'Hopper', null)");
    await ok("create table visits (id int, ts timestamp)");
    await ok("insert into visits values (1, timestamp'2024-01-02 03:04:05'), (2, timestamp'2024-03-05 10:11:12.5'), (3, null)");
    await ok("create table orders (id int, grp string, amount decimal(10,2), qty int, price double)");
    await ok("insert into orders values (1, 'a', 1.00, 1, 1.5), (2, 'a', 2.00, 2, 2.5), (3, 'a', 2.00, 2, 2.5), (4, 'b', -0.01, 1, 0.5), (5, 'b', 0.00, 0, 0.5), (6, 'b', 0.00, 0, 0.5), (7, 'c', null, null, null)");
  });

  it("answers NULL for a concat with a NULL argument, arrays too", async () => {
    expect(await ok("select id, concat(first, ' ', last) as full, concat(first) as one, concat() as none from people order by id")).toEqual([
      { id: 1, full: "Ada Lovelace", one: "Ada", none: "" },
      { id: 2, full: null, one: "Alan", none: "" },
      { id: 3, full: null, one: null, none: "" },
    ]);
    expect(await ok("select concat(array(1), array(2, 3)) as joined, concat(array(1), null) as none, concat('n', 1, 2.5) as mixed")).toEqual([
      { joined: [1, 2, 3], none: null, mixed: "n12.5" },
    ]);
    expect((await sql("select concat(code, id) from people")).results.schema.map((c: { name: string }) => c.name)).toEqual(["concat(code, id)"]);
    // a STRING, where DuckDB folded a concat of constants with a NULL into an INTEGER's NULL
    const types = (await sql("select concat('a', null), 'a' || null, concat(null, 'b', 'c')")).results.schema.map((c: { type: string }) => c.type);
    expect(types).toEqual(['"string"', '"string"', '"string"']);
  });

  it("reads substring's position 0 as 1, a negative one from the end, and answers '' for a length below 1", async () => {
    expect(
      await ok(
        "select substring('hello', 0, 2) as zero, substr('hello', 0, 1) as z1, substr('hello', 3, -1) as negative, substring('hello', -3, 2) as fromEnd," +
          " substring('hello', -10, 8) as before, substring('hello', 0) as rest, substring('hello' from 0 for 2) as sqlForm, substring('hello', 2, 2147483647) as long," +
          " substring('hello', null, 1) as nullPos, substr('hello', 1, null) as nullLen",
      ),
    ).toEqual([{ zero: "he", z1: "h", negative: "", fromEnd: "ll", before: "hel", rest: "hello", sqlForm: "he", long: "ello", nullPos: null, nullLen: null }]);
    expect(await ok("select substr(code, 0, 2) as prefix, count(*) as n from people group by substr(code, 0, 2) order by prefix nulls last")).toEqual([
      { prefix: "AB", n: 1 },
      { prefix: "CD", n: 1 },
      { prefix: null, n: 1 },
    ]);
  });

  it("fails regexp_extract and regexp_extract_all of a group its pattern does not have, where the string matches, with REGEX_GROUP_INDEX", async () => {
    const groupIndex = (count: number, index: number) =>
      `[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) \`idx\` in \`regexp_extract\` is invalid: Expects group index between 0 and ${count}, but got ${index}.`;
    expect(await ok("select regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 1) as doc, regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 2) as two, regexp_extract('no digits', '(\\\\d+)-(\\\\d+)', 3) as unmatched")).toEqual([
      { doc: "100", two: "200", unmatched: "" },
    ]);
    expect(expectError(await sql("select regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 3)"))).toContain(groupIndex(2, 3));
    expect(expectError(await sql("select regexp_extract(code, '[A-Z]+(?:-)[(]?([0-9]+)', 2) from people"))).toContain(groupIndex(1, 2));
    // without a group index, group 1, which a pattern without a group does not have
    expect(expectError(await sql("select regexp_extract(code, '[A-Z]+') from people"))).toContain(groupIndex(0, 1));
    // a negative group and one above 9 too, as regexp_extract_all does, each naming its function
    expect(expectError(await sql("select regexp_extract(code, '([A-Z]+)', -1) from people"))).toContain(groupIndex(1, -1));
    expect(expectError(await sql("select regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 10)"))).toContain(groupIndex(2, 10));
    expect(expectError(await sql("select regexp_extract_all('100-200', '(\\\\d+)', 2)"))).toContain(groupIndex(1, 2).replace("`regexp_extract`", "`regexp_extract_all`"));
    expect(expectError(await sql("select regexp_extract_all(code, '[A-Z]+', -3) from people"))).toContain(groupIndex(0, -3).replace("`regexp_extract`", "`regexp_extract_all`"));
    // where nothing matches, no group is read: '' and [] as for any group, NULL for a NULL group
    expect(
      await ok("select regexp_extract('none', '(\\\\d+)', -1) as below, regexp_extract('none', '(\\\\d+)', 12) as above, regexp_extract_all('none', '(\\\\d+)', 12) as allAbove, regexp_extract('100', '(\\\\d+)', null) as nul"),
    ).toEqual([{ below: "", above: "", allAbove: [], nul: null }]);
    expect(await ok("select id, regexp_extract(code, 'Z(9)', 2) as none from people order by id")).toEqual([
      { id: 1, none: "" },
      { id: 2, none: "" },
      { id: 3, none: null },
    ]);
  });

  it("takes regexp_extract's first group when none is named, and reads split's separator as a regular expression", async () => {
    expect(
      await ok(
        "select regexp_extract(code, '([A-Z]+)-([0-9]+)') as letters, regexp_extract(code, '([A-Z]+)-([0-9]+)', 2) as digits, regexp_extract(code, '([A-Z]+)-([0-9]+)', 0) as whole," +
          " regexp_extract_all('a1b2', '([a-z])([0-9])') as all1 from people where id = 1",
      ),
    ).toEqual([{ letters: "AB", digits: "123", whole: "AB-123", all1: ["a", "b"] }]);
    expect(await ok("select split('a1b22c', '[0-9]+') as parts, split('a.b', '[.]') as dotted, split('x,y,,z,', ',') as kept, split(code, '-')[1] as num from people where id = 2")).toEqual([
      { parts: ["a", "b", "c"], dotted: ["a", "b"], kept: ["x", "y", "", "z", ""], num: "45" },
    ]);
  });

  it("counts dayofweek from Sunday = 1 and weekday from Monday = 0", async () => {
    // 2024-03-10 is a Sunday, 2024-03-11 a Monday, 2024-03-16 a Saturday
    expect(
      await ok("select dayofweek(date'2024-03-10') as sun, dayofweek(date'2024-03-11') as mon, dayofweek(timestamp'2024-03-16 10:00:00') as sat, weekday(date'2024-03-11') as wmon, weekday(date'2024-03-10') as wsun"),
    ).toEqual([{ sun: 1, mon: 2, sat: 7, wmon: 0, wsun: 6 }]);
    expect(
      await ok(
        "select extract(dow from date'2024-03-10') as sun, extract(dayofweek from date'2024-03-16') as sat, extract(dow_iso from date'2024-03-10') as isoSun," +
          " date_part('dow', date'2024-03-11') as mon, extract(year from date'2024-03-10') as y, date_part('month', date'2024-03-10') as m",
      ),
    ).toEqual([{ sun: 1, sat: 7, isoSun: 7, mon: 2, y: 2024, m: 3 }]);
  });

  it("keeps the fraction of a second in extract(SECOND …) and date_part('SECOND', …), as a DECIMAL(8,6)", async () => {
    const done = await sql("select extract(second from timestamp'2024-03-05 10:11:12.5') as s, date_part('SECONDS', timestamp'2024-03-05 10:11:59.999999') as p, second(timestamp'2024-03-05 10:11:12.5') as whole");
    expect(rows(done)).toEqual([{ s: "12.500000", p: "59.999999", whole: 12 }]);
    expect(done.results.schema.map((c: { type: string }) => c.type)).toEqual(['"decimal(8,6)"', '"decimal(8,6)"', '"integer"']);
  });

  it("answers '' for left and right of a length below 1", async () => {
    expect(await ok("select left('hello', 2) as l2, left('hello', -1) as lneg, right('hello', 2) as r2, right('hello', -1) as rneg, right('hello', 0) as r0, left(first, null) as lnull from people where id = 1")).toEqual([
      { l2: "he", lneg: "", r2: "lo", rneg: "", r0: "", lnull: null },
    ]);
  });

  it("escapes a LIKE pattern's % and _ with a backslash, as Spark's LIKE does by default", async () => {
    await ok("create table files (name string)");
    await ok("insert into files values ('a_b.csv'), ('axb.csv'), ('100%.txt'), ('100x.txt')");
    expect(await ok("select name from files where name like 'a\\_b%' or name like '100\\%%' order by name")).toEqual([{ name: "100%.txt" }, { name: "a_b.csv" }]);
    expect(await ok("select count(*) as n from files where name not like '%\\_%'")).toEqual([{ n: 3 }]);
    expect(await ok("select count(*) as n from files where name like 'a!_b%' escape '!'")).toEqual([{ n: 1 }]);
  });

  it("writes a TIMESTAMP cast to STRING without a zone offset, its fraction without trailing zeros", async () => {
    expect(
      await ok(
        "select cast(timestamp'2024-03-05 10:11:12' as string) as t, cast(timestamp'2024-03-05 10:11:12.500' as string) as frac, string(timestamp'2024-03-05 10:11:12') as fn," +
          " timestamp'2024-03-05 10:11:12'::string as op, try_cast(timestamp'2024-03-05 10:11:12' as string) as tried, cast(date'2024-03-05' as string) as d",
      ),
    ).toEqual([{ t: "2024-03-05 10:11:12", frac: "2024-03-05 10:11:12.5", fn: "2024-03-05 10:11:12", op: "2024-03-05 10:11:12", tried: "2024-03-05 10:11:12", d: "2024-03-05" }]);
    expect((await sql("select cast(id as string), try_cast(id as string) from people")).results.schema.map((c: { name: string }) => c.name)).toEqual(["CAST(id AS STRING)", "TRY_CAST(id AS STRING)"]);
  });

  it("writes an aggregate's or a window's TIMESTAMP and DOUBLE cast to STRING, or in concat, as Spark writes a column's", async () => {
    expect(
      await ok(
        "select cast(max(ts) as string) as t, concat(max(ts), '!') as joined, cast(max(price) * 1e20 as string) as d, " +
          "cast(max(ts) over () as string) as w from visits, orders where visits.id = 2 and orders.id = 1 group by ts",
      ),
    ).toEqual([{ t: "2024-03-05 10:11:12.5", joined: "2024-03-05 10:11:12.5!", d: "1.5E20", w: "2024-03-05 10:11:12.5" }]);
  });

  it("truncates a DIV of DECIMALs or DOUBLEs toward zero to a BIGINT, as of integers", async () => {
    await ok("create table amounts (id int, amount decimal(10,2), ratio double)");
    await ok("insert into amounts values (1, 7.90, 7.5), (2, -7.90, -2.5), (3, null, null)");
    const done = await sql("select id, amount div 2 as a, ratio div 2 as r, -7 div 2 as i, (amount + 1) div 2 as p, amount div 2 * 3 as m from amounts order by id");
    expect(rows(done)).toEqual([
      { id: 1, a: 3, r: 3, i: -3, p: 4, m: 9 },
      { id: 2, a: -3, r: -1, i: -3, p: -3, m: -9 },
      { id: 3, a: null, r: null, i: -3, p: null, m: null },
    ]);
    expect(done.results.schema.map((c: { type: string }) => c.type).slice(1, 4)).toEqual(['"long"', '"long"', '"long"']);
    expect((await sql("select amount div 2 from amounts")).results.schema.map((c: { name: string }) => c.name)).toEqual(["(amount div 2)"]);
  });

  it("answers '' for concat_ws with nothing after the separator, and NULL for a NULL separator", async () => {
    expect(await ok("select concat_ws(',') as alone, concat_ws(',', null) as onlyNull, concat_ws(null, 'a') as nosep, concat_ws(null) as nothing")).toEqual([
      { alone: "", onlyNull: "", nosep: null, nothing: null },
    ]);
    expect(await ok("select id, concat_ws('-') as joined from people where id < 3 order by id")).toEqual([
      { id: 1, joined: "" },
      { id: 2, joined: "" },
    ]);
    const result = (await sql("select concat_ws(',')")).results;
    expect(result.schema.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([["concat_ws(,)", '"string"']]);
  });

  it("counts count_if as a BIGINT, 0 where no row counts, in a group, a window (a named one too) and a FILTER", async () => {
    const result = (await sql("select count_if(qty > 1), count_if(qty > 100) as none, count_if(qty > 0) filter (where grp = 'b') as b from orders")).results;
    expect(result.schema.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ["count_if((qty > 1))", '"long"'],
      ["none", '"long"'],
      ["b", '"long"'],
    ]);
    expect(result.data).toEqual([[2, 0, 1]]);
    expect(await ok("select grp, count_if(qty > 1) as n from orders group by grp order by grp")).toEqual([
      { grp: "a", n: 2 },
      { grp: "b", n: 0 },
      { grp: "c", n: 0 },
    ]);
    expect(await ok("select id, count_if(qty > 0) over (partition by grp) as n, count_if(qty > 0) over w as running from orders where id > 3 window w as (order by id) order by id")).toEqual([
      { id: 4, n: 1, running: 1 },
      { id: 5, n: 1, running: 1 },
      { id: 6, n: 1, running: 1 },
      { id: 7, n: 0, running: 1 },
    ]);
  });

  it("leaves NULLs out of collect_list and array_agg, and collects [] from no value, in a group, a window (a named one too) and a FILTER", async () => {
    expect(await ok("select array_sort(collect_list(first)) as firsts, array_sort(array_agg(last)) as lasts, array_sort(collect_list(distinct id)) as ids, size(collect_list(code)) as n, array_sort(collect_list(code))[1] as second from people")).toEqual([
      { firsts: ["Ada", "Alan"], lasts: ["Hopper", "Lovelace"], ids: [1, 2, 3], n: 2, second: "CD-45" },
    ]);
    expect(await ok("select id, collect_list(last) over (order by id) as seen, collect_list(first) filter (where id > 2) over () as late from people order by id")).toEqual([
      { id: 1, seen: ["Lovelace"], late: [] },
      { id: 2, seen: ["Lovelace"], late: [] },
      { id: 3, seen: ["Lovelace", "Hopper"], late: [] },
    ]);
    // over a named window too
    expect(await ok("select id, collect_list(last) over w as seen, array_agg(first) over w as firsts from people window w as (order by id) order by id")).toEqual([
      { id: 1, seen: ["Lovelace"], firsts: ["Ada"] },
      { id: 2, seen: ["Lovelace"], firsts: ["Ada", "Alan"] },
      { id: 3, seen: ["Lovelace", "Hopper"], firsts: ["Ada", "Alan"] },
    ]);
    expect(await ok("select code is null as missing, collect_list(code) as codes from people group by code is null order by missing")).toEqual([
      { missing: false, codes: ["AB-123", "CD-45"] },
      { missing: true, codes: [] },
    ]);
    expect(await ok("select collect_list(id) as none from people where id > 9")).toEqual([{ none: [] }]);
    expect((await sql("select collect_list(id), array_agg(code) from people")).results.schema.map((c: { name: string }) => c.name)).toEqual(["collect_list(id)", "array_agg(code)"]);
  });

  it("joins the non-NULL elements of an ARRAY argument of concat_ws among its strings", async () => {
    expect(
      await ok(
        "select concat_ws(',', array_sort(collect_list(first))) as firsts, concat_ws('-', 'x', array('a', null, 'b'), split('p q', ' ')) as mixed," +
          " concat_ws('|', array()) as empty, concat_ws(null, array('a')) as nosep, concat_ws(',', 'a', null, 'b') as plain from people",
      ),
    ).toEqual([{ firsts: "Ada,Alan", mixed: "x-a-b-p-q", empty: "", nosep: null, plain: "a,b" }]);
    expect(await ok("select id, concat_ws(' ', first, split(code, '-')) as label from people order by id")).toEqual([
      { id: 1, label: "Ada AB 123" },
      { id: 2, label: "Alan CD 45" },
      { id: 3, label: "" },
    ]);
    expect((await sql("select concat_ws(',', collect_list(code)) from people")).results.schema.map((c: { name: string }) => c.name)).toEqual(["concat_ws(,, collect_list(code))"]);
  });

  it("fails split_part's part 0 with INVALID_INDEX_OF_ZERO and splits nothing at an empty delimiter", async () => {
    expect(
      await ok("select split_part(code, '-', 1) as head, split_part(code, '-', -1) as tail, split_part(code, '-', 3) as beyond, split_part(code, '', 1) as whole, split_part(code, '', 2) as none from people where id = 1"),
    ).toEqual([{ head: "AB", tail: "123", beyond: "", whole: "AB-123", none: "" }]);
    expect(expectError(await sql("select split_part(code, '-', 0) from people"))).toContain("[INVALID_INDEX_OF_ZERO] The index 0 is invalid.");
  });

  it("reads $n in regexp_replace's replacement as a group, as Java does", async () => {
    expect(await ok("select regexp_replace('2024-03-05', '(\\\\d+)-(\\\\d+)-(\\\\d+)', '$3/$2/$1') as d, regexp_replace(code, '([A-Z]+)-', '$1#') as c, regexp_replace(code, '[0-9]', '[$0]') as w from people where id = 2")).toEqual([
      { d: "05/03/2024", c: "CD#45", w: "CD-[4][5]" },
    ]);
    // a backslash takes the next character as it is: an escaped dollar and an escaped backslash are literal, before a group too
    expect(
      await ok(
        "select regexp_replace('aaa', 'a', '\\\\$') as dollars, regexp_replace('abc', '(b)', '\\\\$1') as literal, regexp_replace('abc', '(b)', '\\\\\\\\$1') as slash, " +
          "regexp_replace('abc', 'b', '\\\\\\\\') as one",
      ),
    ).toEqual([{ dollars: "$$$", literal: "a$1c", slash: "a\\bc", one: "a\\c" }]);
    // Java's named groups, (?<name>…), and a replacement's ${name}
    const named = await table(
      "select regexp_extract(code, '(?<letters>[A-Z]+)-(?<digits>[0-9]+)', 2), regexp_replace(code, '(?<letters>[A-Z]+)-(?<digits>[0-9]+)', '${digits}-${letters}') as swapped, " +
        "code rlike '^(?<l>[A-Z])' as starts from people where id = 2",
    );
    expect(named.results.data).toEqual([["45", "45-CD", true]]);
    expect(named.results.schema[0].name).toBe("regexp_extract(code, (?<letters>[A-Z]+)-(?<digits>[0-9]+), 2)");
  });

  it("answers assert_true's NULL where its condition holds, and fails with its message or Spark's default one where it does not", async () => {
    expect(await ok("select assert_true(id > 0) as ok from people order by id")).toEqual([{ ok: null }, { ok: null }, { ok: null }]);
    expect(Object.keys((await ok("select assert_true(1 < 2)"))[0])).toEqual(["assert_true((1 < 2))"]);
    const failure = (message: string) => `org.apache.spark.SparkRuntimeException: [USER_RAISED_EXCEPTION] ${message} SQLSTATE: P0001`;
    expect(expectError(await sql("select assert_true(id < 2) from people"))).toBe(failure("'(id < 2)' is not true!"));
    expect(expectError(await sql("select assert_true(code = 'x', 'code must be x') from people"))).toBe(failure("code must be x"));
    expect(expectError(await sql("select assert_true(code = 'x') from people"))).toBe(failure("'(code = x)' is not true!"));
  });

  it("takes log(x) as the natural logarithm, NULL for x <= 0, and sqrt of a negative number as NaN", async () => {
    expect(await ok("select log(10) as l, ln(1) as n, log(2, 8) as b, log10(100) as t, log2(8) as two, log(0) as l0, ln(-1) as nneg, log10(0) as t0, log2(-2) as two0, log(10, 0) as b0, sqrt(-4) as s, sqrt(16) as s16")).toEqual([
      { l: Math.log(10), n: 0, b: 3, t: 2, two: 3, l0: null, nneg: null, t0: null, two0: null, b0: null, s: "NaN", s16: 4 },
    ]);
  });

  it("answers 0 for array_position of an element not found, and keeps array_distinct's order and one NULL", async () => {
    expect(
      await ok("select array_position(array(3, 2, 1), 5) as missing, array_position(array(3, 2, 1), 1) as found, array_position(array(1, null), null) as nul, array_distinct(array(2, 1, 2, null, null)) as d, array_distinct(array('b', 'a', 'b'))[0] as first"),
    ).toEqual([{ missing: 0, found: 3, nul: null, d: [2, 1, null], first: "b" }]);
  });

  it("answers avg and mean of a DECIMAL(p,s) as a DECIMAL(p+4,s+4), the exact mean rounded HALF_UP, in a group, a window (a named one too) and a FILTER", async () => {
    expect(await ok("select grp, avg(amount) as a, mean(amount) as m, avg(distinct amount) as d, avg(amount) filter (where amount > 1) as f, round(avg(amount), 2) as r from orders group by grp order by grp")).toEqual([
      { grp: "a", a: "1.666667", m: "1.666667", d: "1.500000", f: "2.000000", r: "1.67" },
      { grp: "b", a: "-0.003333", m: "-0.003333", d: "-0.005000", f: null, r: "0.00" },
      { grp: "c", a: null, m: null, d: null, f: null, r: null },
    ]);
    expect(await ok("select id, avg(amount) over (order by id rows between unbounded preceding and current row) as running from orders where grp = 'a' order by id")).toEqual([
      { id: 1, running: "1.000000" },
      { id: 2, running: "1.500000" },
      { id: 3, running: "1.666667" },
    ]);
    // over a named window, with a FILTER too, as over the window written out
    expect(
      await ok(
        "select id, avg(amount) over w as a, mean(amount) over `w` as m, avg(amount) filter (where id > 1) over w as f, avg(qty) over w as q from orders where grp = 'a' window w as (order by id) order by id",
      ),
    ).toEqual([
      { id: 1, a: "1.000000", m: "1.000000", f: null, q: 1 },
      { id: 2, a: "1.500000", m: "1.500000", f: "2.000000", q: 1.5 },
      { id: 3, a: "1.666667", m: "1.666667", f: "2.000000", q: 1.6666666666666667 },
    ]);
    expect((await sql("select avg(amount) over w as a, avg(qty) over w as q from orders window w as (partition by grp)")).results.schema.map((c: { type: string }) => c.type)).toEqual([
      '"decimal(14,6)"',
      '"double"',
    ]);
    expect(await ok("select avg(qty) as q, avg(price) as p, avg(col) as doc from orders, (values (1), (2), (3)) as tab(col) where grp = 'a'")).toEqual([{ q: 1.6666666666666667, p: 2.1666666666666665, doc: 2 }]);
    // a string is read as a DOUBLE, as Spark's implicit cast reads it: one that is no number fails, naming it
    expect(expectError(await sql("select avg(grp) from orders"))).toContain(`[CAST_INVALID_INPUT] The value 'a' of the type "STRING" cannot be cast to "DOUBLE"`);
    expect(await ok("select avg(array(amount, amount)[1]) as sub, avg(amount + 1) as plus, avg(-amount) as neg from orders where grp = 'a'")).toEqual([{ sub: "1.666667", plus: "2.666667", neg: "-1.666667" }]);
    expect((await sql("select avg(amount), mean(amount), avg(amount) filter (where id > 1), avg(qty), avg(cast(amount as decimal(36,2))) from orders")).results.schema.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ["avg(amount)", '"decimal(14,6)"'],
      ["mean(amount)", '"decimal(14,6)"'],
      ["avg(amount) FILTER (WHERE (id > 1))", '"decimal(14,6)"'],
      ["avg(qty)", '"double"'],
      ["avg(CAST(amount AS DECIMAL(36,2)))", '"decimal(38,6)"'],
    ]);
  });

  it("writes a TIMESTAMP that concat, concat_ws or || turn into text as CAST(ts AS STRING) does, without DuckDB's +00", async () => {
    expect(await ok("select id, concat('t=', ts) as c, ts || '' as p, 'at ' || ts || '!' as chain, concat(ts, ' / ', id) as mixed, upper(ts || 'z') as inner from visits order by id")).toEqual([
      { id: 1, c: "t=2024-01-02 03:04:05", p: "2024-01-02 03:04:05", chain: "at 2024-01-02 03:04:05!", mixed: "2024-01-02 03:04:05 / 1", inner: "2024-01-02 03:04:05Z" },
      { id: 2, c: "t=2024-03-05 10:11:12.5", p: "2024-03-05 10:11:12.5", chain: "at 2024-03-05 10:11:12.5!", mixed: "2024-03-05 10:11:12.5 / 2", inner: "2024-03-05 10:11:12.5Z" },
      { id: 3, c: null, p: null, chain: null, mixed: null, inner: null },
    ]);
    // concat_ws, and a || beside a product or after a sum, which Spark and DuckDB both apply before ||
    expect(
      await ok(
        "select id, concat_ws(' / ', ts, id) as ws, ts || id * 2 as times, id * 2 || ts as product, id + 1 || ts as sum, -id || ts as negative, 'a' || ts || (1 + 2) as paren, " +
          "'at ' || ts || id / 2 as half from visits order by id",
      ),
    ).toEqual([
      { id: 1, ws: "2024-01-02 03:04:05 / 1", times: "2024-01-02 03:04:052", product: "22024-01-02 03:04:05", sum: "22024-01-02 03:04:05", negative: "-12024-01-02 03:04:05", paren: "a2024-01-02 03:04:053", half: "at 2024-01-02 03:04:050.5" },
      { id: 2, ws: "2024-03-05 10:11:12.5 / 2", times: "2024-03-05 10:11:12.54", product: "42024-03-05 10:11:12.5", sum: "32024-03-05 10:11:12.5", negative: "-22024-03-05 10:11:12.5", paren: "a2024-03-05 10:11:12.53", half: "at 2024-03-05 10:11:12.51.0" },
      { id: 3, ws: "3", times: null, product: null, sum: null, negative: null, paren: null, half: null },
    ]);
    expect(await ok("select ts + interval 1 day || '' as later, case when id = 1 then -id || ts end as signed from visits where id = 1 and ts || '' like '2024-%'")).toEqual([
      { later: "2024-01-03 03:04:05", signed: "-12024-01-02 03:04:05" },
    ]);
    expect((await sql("select concat_ws('-', ts, id) from visits")).results.schema.map((c: { name: string }) => c.name)).toEqual(["concat_ws(-, ts, id)"]);
    expect(await ok("select concat('x', timestamp'2024-01-02 03:04:05') as lit, array(1) || array(2, 3) as arrays, 'a' || 1 || 2.5 as numbers, concat(array(1), array(2)) as joined")).toEqual([
      { lit: "x2024-01-02 03:04:05", arrays: [1, 2, 3], numbers: "a12.5", joined: [1, 2] },
    ]);
  });

  it("applies a + or - after || to the concatenation, left to right as Spark does, so that text plus a number fails", async () => {
    // Spark reads 'at ' || id + 1 as ('at ' || id) + 1, which fails: the text is no number
    expect(expectError(await sql("select 'at ' || id + 1 from people"))).toMatch(/\+\(VARCHAR, INTEGER_LITERAL\)/);
    expect(expectError(await sql("select 'a' || ts || 1 - 2 from visits"))).toMatch(/-\(VARCHAR, INTEGER_LITERAL\)/);
    expect(expectError(await sql("select id + 1 || 'x' || id - 1 from people"))).toMatch(/-\(VARCHAR, INTEGER_LITERAL\)/);
    // in parentheses the sum comes first, as everywhere; a sum before || is one operand
    expect(await ok("select id, 'at ' || (id + 1) as later, id + 1 || 'x' || (id - 1) as around, 'n' || id * 2 as twice from people where id < 3 order by id")).toEqual([
      { id: 1, later: "at 2", around: "2x0", twice: "n2" },
      { id: 2, later: "at 3", around: "3x1", twice: "n4" },
    ]);
  });

  it("refuses ^, Spark's bitwise exclusive or, where DuckDB would answer a power", async () => {
    expect(expectError(await sql("select 2 ^ 3"))).toContain("[UNSUPPORTED] The ^ operator");
  });

  it("runs a window frame that ends at CURRENT ROW", async () => {
    expect(await ok("select id, count(*) over (order by id rows between unbounded preceding and current row) as n from people order by id")).toEqual([
      { id: 1, n: 1 },
      { id: 2, n: 2 },
      { id: 3, n: 3 },
    ]);
  });

  it("answers an INT where Spark's function does and DuckDB's answered a BIGINT, with Spark's values", async () => {
    const typed = await sql(
      "select length(first) as len, char_length(first), character_length('é') as accented, length(X'00FF') as bytes, bit_length('é') as bits, " +
        "instr(code, '-') as dash, instr(12345, 34) as digits, position('-' in code) as p, position('-', code, 4) as from4, " +
        "levenshtein(first, 'Ada') as edits, levenshtein('kitten', 'sitting', 2) as capped, bit_count(qty) as ones, " +
        "find_in_set('b', 'a,b,c') as found, find_in_set('a,b', 'a,b') as comma, " +
        "row_number() over (order by id) as r, rank() over (order by id), dense_rank() over (order by id) as d, ntile(2) over (order by id) as half " +
        "from people join (select 3 as qty) on true where id = 1",
    );
    const schema = typed.results.schema.map((c: any) => [c.name, c.type]);
    expect(schema.filter(([, type]: string[]) => type !== '"integer"')).toEqual([]);
    expect(schema.map(([name]: string[]) => name).slice(1, 2).concat(schema[15][0])).toEqual(["char_length(first)", "rank() OVER (ORDER BY id)"]);
    expect(rows(typed)).toEqual([
      { len: 3, "char_length(first)": 3, accented: 1, bytes: 2, bits: 16, dash: 3, digits: 3, p: 3, from4: 0, edits: 0, capped: -1, ones: 2, found: 2, comma: 0, r: 1, "rank() OVER (ORDER BY id)": 1, d: 1, half: 1 },
    ]);
    // extract, date_part and datepart of a date or timestamp are INTs (the seconds a DECIMAL(8,6)), each named as Spark names it
    const parts = await sql(
      "select extract(YEAR from ts), extract(dow from ts), extract(W from ts) as week, extract(yearofweek from date'2021-01-01') as wy, " +
        "date_part('MONTH', ts), datepart('doy', ts) as doy, extract(HOUR from ts) as h, extract(SECOND from ts) as s from visits where id = 2",
    );
    expect(parts.results.schema.map((c: any) => [c.name, c.type])).toEqual([
      ["extract(YEAR FROM ts)", '"integer"'], ["extract(dow FROM ts)", '"integer"'], ["week", '"integer"'], ["wy", '"integer"'],
      ["date_part(MONTH, ts)", '"integer"'], ["doy", '"integer"'], ["h", '"integer"'], ["s", '"decimal(8,6)"'],
    ]);
    expect(parts.results.data).toEqual([[2024, 3, 10, 2020, 3, 65, 10, "12.500000"]]);
    // factorial is a BIGINT (beyond 2^53 written as its digits), NULL outside 0 to 20
    expect(await ok("select factorial(20) as f, typeof(factorial(3)) as t, factorial(21) as over, factorial(-1) as under")).toEqual([{ f: "2432902008176640000", t: "bigint", over: null, under: null }]);
  });

  it("answers Spark's functions DuckDB has not, or has under another name or with other values", async () => {
    expect(
      await ok(
        "select sha('a') as sha, negative(5) as neg, negative(digit) as text_neg, positive(-2) as pos, div(7, 2) as d, div(-7.5, 2) as truncated, " +
          "concat('[', space(2), space(-1), ']') as spaces, ilike(first, 'a%') as il, like('a_c', 'a\\\\_c') as escaped, like('abc', 'a\\\\_c') as literal, " +
          "regexp_instr(code, '[0-9]+') as digits_at, regexp_instr(code, 'x') as none, luhn_check('79927398713') as valid, luhn_check('79927398710') as invalid, " +
          "luhn_check('7992x') as not_digits from people join (select '4' as digit) on true where id = 1",
      ),
    ).toEqual([
      {
        sha: "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8", neg: -5, text_neg: -4, pos: -2, d: 3, truncated: -3, spaces: "[  ]", il: true, escaped: true, literal: false,
        digits_at: 4, none: 0, valid: true, invalid: false, not_digits: false,
      },
    ]);
    expect(Object.keys((await ok("select div(7, 2), space(1), regexp_instr('a1', '[0-9]')"))[0])).toEqual(["(7 div 2)", "space(1)", "regexp_instr(a1, [0-9])"]);
    expect(expectError(await sql("select div(1, 0)"))).toContain("[DIVIDE_BY_ZERO]");
    // Java's math: expm1 and log1p exact near 0 (exp(x) - 1 would answer 1.000000082740371e-10), log1p NULL at -1, hypot without
    // overflow, rint to the even neighbour, csc(0) an infinity; crc32 of text's UTF-8 bytes and of bytes
    expect(
      await ok(
        "select expm1(1e-10) as e, log1p(1e-10) as l, log1p(-1) as none, hypot(3, 4) as h, hypot(1e200, 1e200) as big, rint(2.5) as r, csc(0) as c, " +
          "crc32('a') as crc, crc32(X'61') as bytes, typeof(randn()) as normal",
      ),
    ).toEqual([{ e: 1.00000000005e-10, l: 9.999999999500001e-11, none: null, h: 5, big: 1.414213562373095e200, r: 2, c: "Infinity", crc: 3904355907, bytes: 3904355907, normal: "double" }]);
    // dates: curdate, localtimestamp a TIMESTAMP_NTZ, to_timestamp_ntz and to_timestamp_ltz (with a pattern too), timediff
    expect(
      await ok(
        "select curdate() = current_date() as today, typeof(localtimestamp()) as local, to_timestamp_ntz('2024-01-02 03:04:05') as ntz, " +
          "to_timestamp_ntz('02/01/2024', 'dd/MM/yyyy') as parsed, to_timestamp_ltz('2024-01-02 03:04:05') as ltz, " +
          "timediff(HOUR, timestamp'2024-01-01 00:00:00', timestamp'2024-01-01 03:00:00') as hours",
      ),
    ).toEqual([{ today: true, local: "timestamp_ntz", ntz: "2024-01-02T03:04:05.000000", parsed: "2024-01-02T00:00:00.000000", ltz: "2024-01-02T03:04:05.000000Z", hours: 3 }]);
    expect(expectError(await sql("select raise_error('stock below zero')"))).toBe("org.apache.spark.SparkRuntimeException: [USER_RAISED_EXCEPTION] stock below zero SQLSTATE: P0001");
  });

  it("shifts and reads bits as Java does, and makes intervals, with shiftleft, shiftright, shiftrightunsigned, bit_get and make_*_interval", async () => {
    const shifted = await sql(
      "select shiftleft(1, 31) as a, shiftleft(1, 32) as b, shiftleft(-8, 28) as c, shiftleft(1L, 63) as d, shiftleft(3L, 64) as e, shiftright(-8, 1) as f, " +
        "shiftright(-5, 40) as g, shiftrightunsigned(-8, 28) as h, shiftrightunsigned(-8L, 60) as i, shiftleft(cast(1 as tinyint), 9) as j",
    );
    expect(shifted.results.data).toEqual([[-2147483648, 1, -2147483648, "-9223372036854775808", 3, -4, -1, 15, 15, 512]]);
    expect(shifted.results.schema.map((c: any) => c.type).join()).toBe(['"integer"', '"integer"', '"integer"', '"long"', '"long"', '"integer"', '"integer"', '"integer"', '"long"', '"integer"'].join());
    expect(await ok("select bit_get(5, 0) as a, getbit(5, 1) as b, bit_get(-1, 31) as c, typeof(bit_get(5, 0)) as t")).toEqual([{ a: 1, b: 0, c: 1, t: "tinyint" }]);
    expect(expectError(await sql("select bit_get(5, 32)"))).toContain("[INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE] The value of parameter(s) `pos` in `bit_get` is invalid: expects an integer value in [0, 32), but got 32.");
    expect(await ok("select date'2024-01-31' + make_ym_interval(0, 1) as month_on, timestamp'2024-01-01 00:00:00' + make_dt_interval(1, 2, 3, 4.5) as later, date'2024-01-01' + make_interval(0, 0, 1, 1) as eight_days")).toEqual([
      { month_on: "2024-02-29T00:00:00.000000", later: "2024-01-02T02:03:04.500000Z", eight_days: "2024-01-09T00:00:00.000000" },
    ]);
    // one partition: its id 0, its rows numbered from 0
    expect(await ok("select id, monotonically_increasing_id() as row_id, spark_partition_id() as part from people order by id")).toEqual([
      { id: 1, row_id: 0, part: 0 },
      { id: 2, row_id: 1, part: 0 },
      { id: 3, row_id: 2, part: 0 },
    ]);
    expect(await ok("select array_sort(shuffle(array(3, 1, 2))) as same")).toEqual([{ same: [1, 2, 3] }]);
  });

  it("reads a URL's parts as parse_url does, and text as bytes as to_binary and try_to_binary do", async () => {
    const url = "'http://user:pw@www.a.com:8080/p/q.html?x=1&y=2#frag'";
    const parts = ["HOST", "PATH", "QUERY", "REF", "PROTOCOL", "FILE", "AUTHORITY", "USERINFO"];
    expect(await ok(`select ${parts.map((p) => `parse_url(${url}, '${p}') as ${p.toLowerCase()}`).join(", ")}, parse_url(${url}, 'QUERY', 'y') as y, parse_url(${url}, 'QUERY', 'z') as z`)).toEqual([
      { host: "www.a.com", path: "/p/q.html", query: "x=1&y=2", ref: "frag", protocol: "http", file: "/p/q.html?x=1&y=2", authority: "user:pw@www.a.com:8080", userinfo: "user:pw", y: "2", z: null },
    ]);
    expect(await ok("select parse_url('http://a.com', 'PATH') as path, parse_url('http://a.com', 'QUERY') as query, parse_url('http://a.com', 'host') as unknown_part")).toEqual([
      { path: "", query: null, unknown_part: null },
    ]);
    // BINARY values are answered as base64
    expect(await ok("select to_binary('61') as hex, to_binary('616', 'hex') as odd, to_binary('YQ==', 'base64') as b64, to_binary('é', 'utf-8') as utf8, try_to_binary('zz') as bad")).toEqual([
      { hex: "YQ==", odd: "BhY=", b64: "YQ==", utf8: "w6k=", bad: null },
    ]);
    expect(expectError(await sql("select to_binary('zz')"))).toContain("[CONVERSION_INVALID_INPUT] The value 'zz' (STRING) cannot be converted to BINARY because it is malformed.");
    expect(expectError(await sql("select to_binary('61', 'oct')"))).toContain("[INVALID_PARAMETER_VALUE.BINARY_FORMAT]");
  });

  it("splits text into sentences of words as sentences does, an ARRAY<ARRAY<STRING>> named with its omitted arguments", async () => {
    const status = await sql("select sentences('Hi there! Good morning.') as s, sentences('Was it 3.5 km? Yes, it was.', 'en', 'US') as d, sentences('') as e, sentences(null) as n, sentences('Bonjour. Ça va?', 'fr') as f");
    expect(rows(status)).toEqual([{ s: [["Hi", "there"], ["Good", "morning"]], d: [["Was", "it", "3.5", "km"], ["Yes", "it", "was"]], e: [], n: null, f: [["Bonjour"], ["Ça", "va"]] }]);
    expect(JSON.parse(status.results.schema[0].type)).toEqual({ type: "array", elementType: { type: "array", elementType: "string", containsNull: true }, containsNull: true });
    const named = await sql("select sentences(first), sentences(first, 'en') from people");
    expect(named.results.schema.map((c: { name: string }) => c.name)).toEqual(["sentences(first, , )", "sentences(first, en, )"]);
    expect(expectError(await sql("select sentences()"))).toContain("The `sentences` requires [1, 2, 3] parameters but the actual number is 0.");
  });
});
