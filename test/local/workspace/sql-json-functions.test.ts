/**
 * Spark's JSON functions over the local workspace's Command Execution API, with the results Databricks
 * documents for them: to_json as Spark writes JSON by default (a struct's NULL fields left out, timestamps
 * in the default timestampFormat), json_object_keys, json_tuple in a SELECT list and as a table reference, schema_of_json.
 */
import { describe, expect, it } from "vitest";
import { sqlSession } from "../../support/local-workspace.js";

describe("Spark's JSON functions", () => {
  const { sql, ok } = sqlSession({});

  it("writes to_json as Databricks' examples show", async () => {
    expect(
      await ok(
        "SELECT to_json(named_struct('a', 1, 'b', 2)) AS a, to_json(array(named_struct('a', 1, 'b', 2))) AS b, to_json(map('a', named_struct('b', 1))) AS c, " +
          "to_json(map('a', 1)) AS d, to_json(array((map('a', 1)))) AS e",
      ),
    ).toEqual([{ a: '{"a":1,"b":2}', b: '[{"a":1,"b":2}]', c: '{"a":{"b":1}}', d: '{"a":1}', e: '[{"a":1}]' }]);
  });

  it("writes numbers as Spark does, through Java: a DOUBLE or FLOAT by Double.toString, a DECIMAL at its scale by BigDecimal.toString, a BIGINT whole", async () => {
    const [row] = await ok(
      "SELECT to_json(named_struct('price', cast(1.50 as decimal(3,2)), 'big', cast('12345678901234567890.123456789012345678' as decimal(38,18)), 'tiny', cast(0.000000001 as decimal(10,9)), " +
        "'d', 1e10, 'small', cast(0.0001 as double), 'plain', cast(0.1 as double), 'f', cast(1.1 as float), 'n', cast(9007199254740993 as bigint))) AS j, " +
        "to_json(array(cast(2.50 as decimal(3,2)), null)) AS a, to_json(map('k', cast(-0.5 as double))) AS m",
    );
    expect(row).toEqual({
      j: '{"price":1.50,"big":12345678901234567890.123456789012345678,"tiny":1E-9,"d":1.0E10,"small":1.0E-4,"plain":0.1,"f":1.1,"n":9007199254740993}',
      a: "[2.50,null]",
      m: '{"k":-0.5}',
    });
  });

  it("writes a BINARY as base64, as Jackson writes Spark's bytes, whatever they hold", async () => {
    expect(await ok("SELECT to_json(named_struct('b', X'00FF5C41', 'e', X'')) AS j, to_json(array(cast('a\\\\b' as binary), cast('héllo' as binary))) AS a")).toEqual([
      { j: '{"b":"AP9cQQ==","e":""}', a: '["YVxi","aMOpbGxv"]' },
    ]);
  });

  it("leaves a struct's NULL fields out (ignoreNullFields, true by default), at any depth, and keeps a map's NULL values and an array's NULL elements", async () => {
    expect(
      await ok(
        "SELECT to_json(named_struct('a', 1, 'b', null)) AS flat, to_json(named_struct('s', named_struct('p', null, 'q', 'x'), 'arr', array(1, null), 'm', map('k', cast(null as int)))) AS nested, " +
          "to_json(named_struct('a', cast(null as struct<b:int>))) AS none, to_json(cast(null as struct<a:int>)) AS null_struct",
      ),
    ).toEqual([{ flat: '{"a":1}', nested: '{"s":{"q":"x"},"arr":[1,null],"m":{"k":null}}', none: "{}", null_struct: null }]);
  });

  it("writes a TIMESTAMP in the default timestampFormat, yyyy-MM-dd'T'HH:mm:ss.SSSXXX, in the session's time zone", async () => {
    expect(
      await ok(
        "SELECT to_json(named_struct('time', to_timestamp('2015-08-26', 'yyyy-MM-dd'))) AS a, to_json(array(timestamp'2024-03-01 12:34:56.123456')) AS b, " +
          "to_json(named_struct('d', date'2024-01-02')) AS c",
      ),
    ).toEqual([{ a: '{"time":"2015-08-26T00:00:00.000Z"}', b: '["2024-03-01T12:34:56.123Z"]', c: '{"d":"2024-01-02"}' }]);
    await ok("SET spark.sql.session.timeZone = America/Los_Angeles");
    expect(await ok("SELECT to_json(named_struct('t', timestamp'2015-08-26 00:00:00')) AS t")).toEqual([{ t: '{"t":"2015-08-26T00:00:00.000-07:00"}' }]);
    await ok("SET spark.sql.session.timeZone = UTC");
  });

  it("writes a TIMESTAMP_NTZ in the default timestampNTZFormat, yyyy-MM-dd'T'HH:mm:ss[.SSS], whatever the session's zone or a timestampFormat", async () => {
    const ntz = "SELECT to_json(named_struct('t', timestamp_ntz'2024-03-01 12:34:56.5', 'w', timestamp_ntz'2024-03-01 00:00:00')) AS j";
    const written = '{"t":"2024-03-01T12:34:56.500","w":"2024-03-01T00:00:00.000"}';
    expect(await ok(ntz)).toEqual([{ j: written }]);
    await ok("SET spark.sql.session.timeZone = America/Los_Angeles");
    expect(await ok(ntz)).toEqual([{ j: written }]);
    await ok("SET spark.sql.session.timeZone = UTC");
    expect(await ok("SELECT to_json(array(timestamp_ntz'2024-03-01 12:34:56.123456'), map('timestampFormat', 'dd/MM/yyyy')) AS j")).toEqual([{ j: '["2024-03-01T12:34:56.123"]' }]);
    // a timestampNTZFormat option's pattern: microseconds apart, texts apart (a run's late-row key writes them so)
    const micros = "map('timestampFormat', 'yyyy-MM-dd\\'T\\'HH:mm:ss.SSSSSSXXX', 'timestampNTZFormat', 'yyyy-MM-dd\\'T\\'HH:mm:ss.SSSSSS')";
    expect(await ok(`SELECT to_json(named_struct('n', timestamp_ntz'2024-03-01 12:34:56.123456', 't', timestamp'2024-03-01 12:34:56.123457'), ${micros}) AS j`)).toEqual([
      { j: '{"n":"2024-03-01T12:34:56.123456","t":"2024-03-01T12:34:56.123457Z"}' },
    ]);
  });

  it("writes a TIMESTAMP by a timestampFormat option's pattern, as Databricks' example shows", async () => {
    expect(
      await ok(
        "SELECT to_json(named_struct('time', to_timestamp('2015-08-26', 'yyyy-MM-dd')), map('timestampFormat', 'dd/MM/yyyy')) AS a, " +
          "to_json(array(timestamp'2024-03-01 14:05:06.789'), map('timestampFormat', 'yyyy-MM-dd HH:mm:ss.SSS EEE')) AS b",
      ),
    ).toEqual([{ a: '{"time":"26/08/2015"}', b: '["2024-03-01 14:05:06.789 Fri"]' }]);
  });

  it("answers json_object_keys as Databricks' examples show, NULL for JSON that is no object and for text that is no JSON", async () => {
    expect(
      await ok(
        `SELECT json_object_keys('{}') AS a, json_object_keys('{"key": "value"}') AS b, json_object_keys('{"f1":"abc","f2":{"f3":"a", "f4":"b"}}') AS c, ` +
          "json_object_keys('[1]') AS d, json_object_keys('nope') AS e, json_object_keys('') AS f",
      ),
    ).toEqual([{ a: [], b: ["key"], c: ["f1", "f2"], d: null, e: null, f: null }]);
  });

  it("makes json_tuple's row of columns c0, c1, … as Databricks' examples show, in a SELECT list and as a table reference", async () => {
    const listed = await sql(`SELECT json_tuple('{"a":1, "b":2}', 'a', 'b'), 'Spark SQL'`);
    expect(listed.results.data).toEqual([["1", "2", "Spark SQL"]]);
    expect(listed.results.schema.map((c: { name: string }) => c.name)).toEqual(["c0", "c1", "Spark SQL"]);
    expect((await sql(`SELECT json_tuple('{"a":1, "b":2}', 'a', 'c'), 'Spark SQL'`)).results.data).toEqual([["1", null, "Spark SQL"]]);
    expect((await sql(`SELECT j.*, 'Spark SQL' FROM json_tuple('{"a":1, "b":2}', 'a', 'b') AS j`)).results.data).toEqual([["1", "2", "Spark SQL"]]);
    const joined = await sql(`SELECT j1.*, j2.*, 'Spark SQL' FROM json_tuple('{"a":1, "b":2}', 'a', 'c') AS j1, json_tuple('{"c":1, "d":2}', 'c', 'd') AS j2`);
    expect(joined.results.data).toEqual([["1", null, "1", "2", "Spark SQL"]]);
  });

  it("answers json_tuple per row: an object's value as its JSON, NULL for a JSON null and for text that is no JSON", async () => {
    expect(
      await ok(`SELECT id, json_tuple(j, 'a', 'b.c', 'n') FROM VALUES (1, '{"a": {"x": [1, 2]}, "b.c": "s", "n": null}'), (2, 'nope'), (3, NULL) AS t(id, j) ORDER BY id`),
    ).toEqual([
      { id: 1, c0: '{"x":[1,2]}', c1: "s", c2: null },
      { id: 2, c0: null, c1: null, c2: null },
      { id: 3, c0: null, c1: null, c2: null },
    ]);
    expect(await ok(`SELECT json_tuple(concat('{"n": ', CAST(sum(n) AS STRING), ', "m": 1}'), 'n', 'm') FROM VALUES (1), (2) AS t(n)`)).toEqual([{ c0: "3", c1: "1" }]);
  });

  it("infers schema_of_json's DDL as Databricks' example shows", async () => {
    const done = await sql(`SELECT schema_of_json('[{"col":0}]'), schema_of_json('{"a": 1, "b": "x"}') AS s`);
    expect(done.results.data).toEqual([["ARRAY<STRUCT<`col`: BIGINT>>", "STRUCT<`a`: BIGINT, `b`: STRING>"]]);
    expect(done.results.schema[0].name).toBe('schema_of_json([{"col":0}])');
  });
});
