/**
 * hash(…) and xxhash64(…) answer Spark's values: each argument hashed by its type into the hash of the ones before it (a MAP refused),
 * the first starting value 42. The expected values are Spark's own: the examples of Spark's and PySpark's function reference, and
 * values computed by Spark's spark-sql that Velox's Spark function tests check (local/workspace/DEVIATIONS.md, SQL).
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("Spark's hash functions", () => {
  const { sql, ok, only } = sqlSession({}, async (ok) => {
    await ok("create table letters (id int, c1 string, c2 string, n bigint, d double, tags array<int>, attrs map<int, int>, pair struct<a: bigint, b: bigint>)");
    await ok("insert into letters values (1, 'ABC', 'DEF', 1, -0.0, array(0, 1), map(1, 1), named_struct('a', 11, 'b', 1)), (2, null, null, null, null, null, null, null), (3, 'Spark', null, -1, cast('NaN' as double), array(1, null), map(), named_struct('a', 3, 'b', 4))");
  });

  /** the one value of `expression` as text: a BIGINT beyond JavaScript's integers comes as text */
  const hashed = async (expression: string) => String((await only(expression)).value);

  it("answers the function reference's examples, an INT for hash and a BIGINT for xxhash64, named as Spark names them", async () => {
    expect(await only("hash('Spark', array(123), 2)")).toEqual({ value: -1321691492, name: "hash(Spark, array(123), 2)", type: '"integer"' });
    expect(await only("xxhash64('Spark', array(123), 2)")).toEqual({ value: "5602566077635097486", name: "xxhash64(Spark, array(123), 2)", type: '"long"' });
    expect(await ok("select id, hash(c1) as h1, hash(c1, c2) as h2, xxhash64(c1) as x1, xxhash64(c1, c2) as x2 from letters where id = 1")).toEqual([
      { id: 1, h1: -757602832, h2: 599895104, x1: "4105715581806190027", x2: "3233247871021311208" },
    ]);
  });

  it("hashes numbers by their type: an INT as 4 bytes, a BIGINT as 8, a BOOLEAN as 1 or 0, floating point by its bits with -0.0 as 0 and one NaN", async () => {
    const cases: Array<[string, string, string]> = [
      ["1", "-559580957", "-6698625589789238999"],
      ["0", "933211791", "3614696996920510707"],
      ["-1", "-1604776387", "2017008487422258757"],
      ["cast(1 as tinyint)", "-559580957", "-6698625589789238999"],
      ["cast(-1 as smallint)", "-1604776387", "2017008487422258757"],
      ["true", "-559580957", "-6698625589789238999"],
      ["false", "933211791", "3614696996920510707"],
      ["1L", "-1712319331", "-7001672635703045582"],
      ["0L", "-1670924195", "-5252525462095825812"],
      ["-1L", "-939490007", "3858142552250413010"],
      ["9223372036854775807L", "-1604625029", "-3246596055638297850"],
      ["cast('-9223372036854775808' as bigint)", "-853646085", "-8619748838626508300"],
      ["0.0D", "-1670924195", "-5252525462095825812"],
      ["-0.0D", "-1670924195", "-5252525462095825812"],
      ["1.0D", "-460888942", "-2162451265447482029"],
      ["cast('NaN' as double)", "-1281358385", "-3127944061524951246"],
      ["cast('Infinity' as double)", "833680482", "5810986238603807492"],
      ["cast('-Infinity' as double)", "461104036", "5326262080505358431"],
      ["cast(-0.0 as float)", "933211791", "3614696996920510707"],
      ["cast(1 as float)", "-466301895", "700633588856507837"],
      ["cast('NaN' as float)", "-349261430", "2692338816207849720"],
      ["cast('Infinity' as float)", "2026854605", "-5940311692336719973"],
    ];
    for (const [value, murmur3, xxh64] of cases) {
      expect([value, await hashed(`hash(${value})`), await hashed(`xxhash64(${value})`)]).toEqual([value, murmur3, xxh64]);
    }
  });

  it("hashes a string's UTF-8 bytes, its tail byte by byte, and a long one in XXH64's 32-byte stripes", async () => {
    const cases: Array<[string, string, string]> = [
      ["Spark", "228093765", "-4294468057691064905"],
      ["", "142593372", "-7444071767201028348"],
      ["abcdefghijklmnopqrstuvwxyz", "-1990933474", "-3265757659154784300"],
      ["12345678", "2036199019", "6863040065134489090"],
    ];
    for (const [text, murmur3, xxh64] of cases) {
      expect([text, await hashed(`hash('${text}')`), await hashed(`xxhash64('${text}')`)]).toEqual([text, murmur3, xxh64]);
    }
    expect(await hashed("xxhash64('12345678djdejidecjjeijcneknceincne')")).toBe("-633855189410948723");
    // a string's bytes and the same bytes as a BINARY hash alike
    expect(await hashed("hash(cast('Spark' as binary)) = hash('Spark') and xxhash64(cast('12345678' as binary)) = xxhash64('12345678')")).toBe("true");
  });

  it("hashes a timestamp's microseconds, a short DECIMAL's unscaled long and a wide one's BigInteger bytes", async () => {
    expect(await hashed("hash(timestamp'1970-01-01 00:00:12.345678')")).toBe("1402875301");
    expect(await hashed("xxhash64(timestamp_ntz'1970-01-01 00:00:12.345678')")).toBe("782671362992292307");
    expect(await hashed("hash(cast(123456.78 as decimal(38, 2)))")).toBe("-277285195");
    expect(await hashed("hash(cast(0 as decimal(38, 0)))")).toBe("-783713497");
    expect(await hashed("hash(cast(-123456.78 as decimal(20, 2)))")).toBe("-1198355617");
    expect(await hashed("xxhash64(cast(123456.78 as decimal(38, 2)))")).toBe("4541350547708072824");
    expect(await hashed("xxhash64(cast(0 as decimal(19, 0)))")).toBe("-8959994473701255385");
    expect(await hashed("xxhash64(cast(-123456.78 as decimal(38, 2)))")).toBe("-7692719129258511951");
    // up to 18 digits a DECIMAL is its unscaled value as a BIGINT
    expect(await hashed("hash(cast(123456.78 as decimal(18, 2))) = hash(12345678L) and xxhash64(1.5) = xxhash64(15L)")).toBe("true");
    // a DATE is its days since 1970-01-01, an INT
    expect(await hashed("hash(date'1970-01-02') = hash(1) and xxhash64(date'1969-12-31') = xxhash64(-1)")).toBe("true");
  });

  it("hashes arrays element by element, structs field by field, and leaves the running hash as it was for a NULL at any depth", async () => {
    expect(await ok("select id, hash(tags) as h, hash(pair) as p, xxhash64(tags) as x, xxhash64(pair) as xp from letters order by id")).toEqual([
      { id: 1, h: -1834803471, p: -729369738, x: expect.any(String), xp: expect.any(String) },
      { id: 2, h: 42, p: 42, x: 42, xp: 42 },
      { id: 3, h: -559580957, p: expect.any(Number), x: "-6698625589789238999", xp: "351067884137457704" },
    ]);
    expect(await hashed("hash(named_struct('a', 11, 'b', true))")).toBe("-195158775");
    expect(await hashed("xxhash64(array(1L, 2L, 3L, 4L, 5L))")).toBe("-6041664978295882827");
    expect(await hashed("xxhash64(array(1L, 2L, 3L))")).toBe("4904562767517797033");
    expect(await hashed("xxhash64(array(cast(null as int), 2))")).toBe("8420071140774656230");
    expect(await hashed("xxhash64(cast(array() as array<bigint>))")).toBe("42");
    expect(await hashed("xxhash64(named_struct('a', 1L, 'b', 2L))")).toBe("-8198029865082835910");
    expect(await hashed("xxhash64(named_struct('a', 1L, 'b', cast(null as bigint)))")).toBe("-7001672635703045582");
    expect(await only("hash(null)")).toEqual({ value: 42, name: "hash(NULL)", type: '"integer"' });
    expect(await hashed("xxhash64(null, 1, null)")).toBe("-6698625589789238999");
    expect(await hashed("hash('', null)")).toBe("142593372");
    expect(await hashed("hash(null, 0)")).toBe("933211791");
    expect(await hashed("hash('', 0)")).toBe("1143746540");
    expect(await hashed("xxhash64('', 0)")).toBe("5333022629466737987");
    expect(await hashed("xxhash64('hello', 'world')")).toBe("7824066149349576922");
    expect(await hashed("xxhash64('hello', null)")).toBe("-4367754540140381902");
  });

  it("refuses a call without arguments and a MAP as Spark does, and a value of a type not hashed here, naming the type", async () => {
    expect(expectError(await sql("select hash(attrs) from letters"))).toContain('[DATATYPE_MISMATCH.HASH_MAP_TYPE] Cannot resolve "hash(…)" due to data type mismatch: Input to the function `hash` cannot contain elements of the "MAP" type.');
    expect(expectError(await sql("select xxhash64(1, array(map(1, 2)))"))).toContain("Input to the function `xxhash64` cannot contain elements of the \"MAP\" type.");
    // a literal past BIGINT is Spark's DECIMAL(38,0), hashed by its BigInteger bytes
    expect(await hashed("hash(12345678901234567890) = hash(cast(12345678901234567890 as decimal(38, 0)))")).toBe("true");
    expect(expectError(await sql("select hash()"))).toContain("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `hash` requires > 0 parameters but the actual number is 0.");
    expect(expectError(await sql("select xxhash64()"))).toContain("The `xxhash64` requires > 0 parameters");
    expect(expectError(await sql("select hash(interval 1 day)"))).toMatch(/hash of an INTERVAL value is not supported by the local workspace/);
    expect(expectError(await sql("select xxhash64(1, array(null))"))).toContain("hash of a value holding an untyped NULL (argument 2): give the NULL a type, as CAST(NULL AS INT)");
  });
});
