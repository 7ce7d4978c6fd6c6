/**
 * The conversion table: for each (Databricks type, XDM type) pair, the values that convert and
 * what the dataset holds for them, the values that become row errors and their message, and the
 * pairs refused before any row is read. Every case runs the real ingestion path: a staged Parquet
 * file (the column typed as Spark's Parquet reads in DuckDB) → mapping plan → Delta table and
 * row-errors file, read back exactly.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { XdmProperty } from "../../src/schemaregistry/xdm-fields.js";
import { ingestAndReadBack } from "../support/ingested.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";

interface Case {
  /** the Databricks type, and the DuckDB type its staged Parquet column reads as */
  from: [databricks: string, staged: string];
  to: XdmProperty;
  /** DuckDB literal → the dataset's value as text (CAST … AS VARCHAR), or null */
  converts?: Array<[string, string | null]>;
  /** DuckDB literal → its row error after "MAPPER-3700-400: the value of v " */
  refuses?: Array<[string, string]>;
}

const STRING: [string, string] = ["string", "VARCHAR"];
/** what a row error says a string must look like to become a date, and the way out */
const DATE_TIME_HINT = ` (a date in one of AEP's default date patterns or ISO 8601; for another layout map date(…, "its format"))`;
const DATE_HINT = ` (a date in one of AEP's default date patterns or ISO 8601, at midnight UTC; for another layout map date(…, "its format"))`;
const long = { type: "integer", "meta:xdmType": "long", minimum: -9007199254740992, maximum: 9007199254740992 };
const int = { type: "integer", "meta:xdmType": "int", minimum: -2147483648, maximum: 2147483647 };
const byte = { type: "integer", "meta:xdmType": "byte", minimum: -128, maximum: 127 };
const short = { type: "integer", "meta:xdmType": "short", minimum: -32768, maximum: 32767 };

const cases: Case[] = [
  {
    from: STRING,
    to: long,
    converts: [["'42'", "42"], ["'-7'", "-7"], ["'+7'", "7"], ["'007'", "7"], ["NULL", null]],
    refuses: [
      ["'1.5'", "cannot be converted to long: 1.5"],
      ["'2.5'", "cannot be converted to long: 2.5"],
      ["'0x10'", "cannot be converted to long: 0x10"],
      ["'1_000'", "cannot be converted to long: 1_000"],
      ["' 7'", "cannot be converted to long:  7"],
      ["'1e3'", "cannot be converted to long: 1e3"],
      ["''", "cannot be converted to long: "],
      ["'9007199254740993'", "is outside the long range -9007199254740992 to 9007199254740992: 9007199254740993"],
      ["'99999999999999999999'", "cannot be converted to long: 99999999999999999999"],
    ],
  },
  {
    from: STRING,
    to: int,
    converts: [["'2147483647'", "2147483647"]],
    refuses: [["'3000000000'", "is outside the int range -2147483648 to 2147483647: 3000000000"]],
  },
  {
    from: STRING,
    to: byte,
    converts: [["'127'", "127"], ["'-128'", "-128"]],
    refuses: [
      ["'300'", "is outside the byte range -128 to 127: 300"],
      ["'-129'", "is outside the byte range -128 to 127: -129"],
    ],
  },
  {
    from: STRING,
    to: { type: "integer", "meta:xdmType": "short", minimum: 1, maximum: 31 },
    converts: [["'31'", "31"]],
    refuses: [["'0'", "is below the minimum 1: 0"], ["'32'", "is above the maximum 31: 32"]],
  },
  {
    from: STRING,
    to: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 10 },
    converts: [["'1'", "1"], ["'9'", "9"]],
    refuses: [["'0'", "is not above the exclusiveMinimum 0: 0"], ["'10'", "is not below the exclusiveMaximum 10: 10"]],
  },
  {
    from: ["bigint", "BIGINT"],
    to: { type: "integer", exclusiveMinimum: 0 },
    converts: [["1", "1"]],
    refuses: [["0", "is not above the exclusiveMinimum 0: 0"]],
  },
  {
    from: STRING,
    to: { type: "number", exclusiveMinimum: 0.5, exclusiveMaximum: 1.5 },
    converts: [["'0.75'", "0.75"]],
    refuses: [["'0.5'", "is not above the exclusiveMinimum 0.5: 0.5"], ["'1.5'", "is not below the exclusiveMaximum 1.5: 1.5"]],
  },
  {
    from: STRING,
    to: { type: "number" },
    converts: [
      ["'1.5'", "1.5"],
      ["'0.1'", "0.1"],
      ["'-2'", "-2.0"],
      ["'1e3'", "1000.0"],
      ["'-0'", "-0.0"],
      ["'0.0120'", "0.012"],
      ["'100000000000000000000'", "1e+20"],
      ["'1.5e-300'", "1.5e-300"],
    ],
    refuses: [
      // more digits than the double keeps, also past the 18th decimal place
      ["'0.1000000000000000000001'", "cannot be converted to number: 0.1000000000000000000001"],
      ["'1.00000000000000000001'", "cannot be converted to number: 1.00000000000000000001"],
      ["'1e99999999999999999999'", "cannot be converted to number: 1e99999999999999999999"],
      ["'NaN'", "cannot be converted to number: NaN"],
      ["'Infinity'", "cannot be converted to number: Infinity"],
      ["'0x10'", "cannot be converted to number: 0x10"],
      ["'1_000'", "cannot be converted to number: 1_000"],
      ["' 1'", "cannot be converted to number:  1"],
      ["'12345678901234567890'", "cannot be converted to number: 12345678901234567890"],
    ],
  },
  {
    from: STRING,
    to: { type: "boolean" },
    converts: [["'yes'", "true"], ["'ON'", "true"], ["'TRUE'", "true"], ["'n'", "false"], ["'off'", "false"]],
    refuses: [["'maybe'", "cannot be converted to boolean: maybe"], ["'1'", "cannot be converted to boolean: 1"]],
  },
  {
    from: STRING,
    to: { type: "string", format: "date", "meta:xdmType": "date" },
    // AEP's default patterns, the first that matches wins ("12112020" is MMddyyyy)
    converts: [
      ["'2024-02-29'", "2024-02-29"],
      ["'2024/02/29'", "2024-02-29"],
      ["'2024.02.29'", "2024-02-29"],
      ["'2024-Feb-29'", "2024-02-29"],
      ["'20240229'", "2024-02-29"],
      ["'02-29-2024'", "2024-02-29"],
      ["'12112020'", "2020-12-11"],
      ["'2/29/2024'", "2024-02-29"],
      ["'29.2.2024'", "2024-02-29"],
      ["'29.Feb.2024'", "2024-02-29"],
      ["'29-Feb-2024'", "2024-02-29"],
      ["'2024-02-29 00:00:00+0000'", "2024-02-29"],
    ],
    refuses: [
      ["'infinity'", `cannot be converted to date${DATE_HINT}: infinity`],
      ["'-Infinity'", `cannot be converted to date${DATE_HINT}: -Infinity`],
      ["'2024-02-30'", `cannot be converted to date${DATE_HINT}: 2024-02-30`],
      ["'2024-02-29 10:00:00'", `cannot be converted to date${DATE_HINT}: 2024-02-29 10:00:00`],
      ["'2024-02-29 00:00:00+0100'", `cannot be converted to date${DATE_HINT}: 2024-02-29 00:00:00+0100`],
      ["'2024-2-29'", `cannot be converted to date${DATE_HINT}: 2024-2-29`],
      ["'2024-02-29 '", `cannot be converted to date${DATE_HINT}: 2024-02-29 `],
      ["'2024-feb-29'", `cannot be converted to date${DATE_HINT}: 2024-feb-29`],
      ["'29 February 2024'", `cannot be converted to date${DATE_HINT}: 29 February 2024`],
    ],
  },
  {
    from: STRING,
    to: { type: "string", format: "date-time", "meta:xdmType": "date-time" },
    converts: [
      ["'2024-02-29T23:59:59.999999Z'", "2024-02-29 23:59:59.999999+00"],
      ["'2024-02-29 12:00:00+02:00'", "2024-02-29 10:00:00+00"],
      ["'2024-02-29T12:00:00'", "2024-02-29 12:00:00+00"],
      // minutes without seconds, before a zone as without one
      ["'2024-02-29T10:00Z'", "2024-02-29 10:00:00+00"],
      ["'2024-02-29T10:00+02:00'", "2024-02-29 08:00:00+00"],
      ["'2024-02-29 10:00-0130'", "2024-02-29 11:30:00+00"],
      ["'2024-02-29T10:00'", "2024-02-29 10:00:00+00"],
      // AEP's default patterns, in their order: the first that matches wins
      ["'2024-02-29 12:00:00-0800'", "2024-02-29 20:00:00+00"],
      ["'2024-02-29 12:00:00.005-0800'", "2024-02-29 20:00:00.005+00"],
      ["'2024-02-29 12:00:00.005'", "2024-02-29 12:00:00.005+00"],
      ["'2024-02-29T12:00:00.005Z'", "2024-02-29 12:00:00.005+00"],
      ["'2024-02-29T12:00:00.005+01'", "2024-02-29 11:00:00.005+00"],
      ["'2024-02-29'", "2024-02-29 00:00:00+00"],
      ["'02292024'", "2024-02-29 00:00:00+00"],
      ["'2/29/2024 01:02:03 PM'", "2024-02-29 13:02:03+00"],
      ["'29.2.2024 12:00:00 AM'", "2024-02-29 00:00:00+00"],
      ["'29-Feb-2024'", "2024-02-29 00:00:00+00"],
    ],
    refuses: [
      ["'2024-02-29T12:00:00.1234567Z'", `cannot be converted to date-time${DATE_TIME_HINT}: 2024-02-29T12:00:00.1234567Z`],
      ["'2024-02-29T24:00:00Z'", `cannot be converted to date-time${DATE_TIME_HINT}: 2024-02-29T24:00:00Z`],
      ["'2/29/2024 01:02:03 pm'", `cannot be converted to date-time${DATE_TIME_HINT}: 2/29/2024 01:02:03 pm`],
      ["'2024-02-29 12:00:00 PST'", `cannot be converted to date-time${DATE_TIME_HINT}: 2024-02-29 12:00:00 PST`],
      ["'infinity'", `cannot be converted to date-time${DATE_TIME_HINT}: infinity`],
      ["'INFINITY'", `cannot be converted to date-time${DATE_TIME_HINT}: INFINITY`],
      ["'-infinity'", `cannot be converted to date-time${DATE_TIME_HINT}: -infinity`],
      ["'yesterday'", `cannot be converted to date-time${DATE_TIME_HINT}: yesterday`],
    ],
  },
  {
    from: STRING,
    to: { type: "string", maxLength: 3, minLength: 2 },
    converts: [["'abc'", "abc"], ["'é😀'", "é😀"]],
    refuses: [["'abcd'", "is longer than the maxLength 3: abcd"], ["'a'", "is shorter than the minLength 2: a"]],
  },
  {
    from: STRING,
    to: { type: "string", enum: ["ambiguous", "authenticated", "loggedOut"] },
    converts: [["'authenticated'", "authenticated"]],
    refuses: [["'Authenticated'", "is not one of the enum values ambiguous, authenticated, loggedOut: Authenticated"]],
  },
  {
    from: STRING,
    to: { type: "string", pattern: "^[A-Z]{2}$" },
    converts: [["'FR'", "FR"]],
    refuses: [["'fr'", "does not match the pattern ^[A-Z]{2}$: fr"]],
  },
  {
    from: STRING,
    to: { type: "string", format: "email" },
    converts: [["'ann.lee+news@example.co.uk'", "ann.lee+news@example.co.uk"]],
    refuses: [["'ann at example.com'", "is not an email address (format email): ann at example.com"]],
  },
  {
    from: STRING,
    to: { type: "string", format: "uri" },
    converts: [["'https://example.com/a?b=c'", "https://example.com/a?b=c"]],
    refuses: [
      ["'/relative/path'", "is not an absolute URI (format uri): /relative/path"],
      ["'https://example.com/a b'", "is not an absolute URI (format uri): https://example.com/a b"],
      ["'http://host:port/'", "is not an absolute URI (format uri): http://host:port/"],
    ],
  },
  {
    // the format of every XDM class's _id, which holds record identifiers as they are (docs/decisions.md)
    from: STRING,
    to: { type: "string", format: "uri-reference" },
    converts: [
      ["'https://example.com/a?b=c#d'", "https://example.com/a?b=c#d"],
      ["'CUSTOMER 1'", "CUSTOMER 1"],
      ["'12:30'", "12:30"],
      ["'100%'", "100%"],
    ],
  },
  {
    from: STRING,
    to: { type: "string", format: "uuid" },
    converts: [["'123e4567-e89b-12d3-a456-426614174000'", "123e4567-e89b-12d3-a456-426614174000"], ["'F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6'", "F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6"]],
    refuses: [
      ["'123e4567e89b12d3a456426614174000'", "is not a UUID (format uuid): 123e4567e89b12d3a456426614174000"],
      ["'123e4567-e89b-12d3-a456-42661417400g'", "is not a UUID (format uuid): 123e4567-e89b-12d3-a456-42661417400g"],
    ],
  },
  {
    from: STRING,
    to: { type: "string", format: "byte" },
    converts: [["'U2FtcGxl'", "U2FtcGxl"], ["'YQ=='", "YQ=="], ["'YWI='", "YWI="], ["'+/+/'", "+/+/"]],
    refuses: [
      ["'not base64!'", "is not base64-encoded (format byte): not base64!"],
      ["'YQ'", "is not base64-encoded (format byte): YQ"],
      ["'YQ==YQ=='", "is not base64-encoded (format byte): YQ==YQ=="],
    ],
  },
  {
    from: STRING,
    to: { type: "string", format: "ipv4" },
    converts: [["'192.0.2.1'", "192.0.2.1"], ["'255.255.255.255'", "255.255.255.255"], ["'0.0.0.0'", "0.0.0.0"]],
    refuses: [
      ["'256.1.1.1'", "is not an IPv4 address (format ipv4): 256.1.1.1"],
      ["'01.2.3.4'", "is not an IPv4 address (format ipv4): 01.2.3.4"],
      ["'1.2.3'", "is not an IPv4 address (format ipv4): 1.2.3"],
    ],
  },
  {
    from: STRING,
    to: { type: "string", format: "ipv6" },
    converts: [["'2001:db8::1'", "2001:db8::1"], ["'::ffff:1.2.3.4'", "::ffff:1.2.3.4"], ["'::'", "::"], ["'1:2:3:4:5:6:7:8'", "1:2:3:4:5:6:7:8"], ["'FE80::B3FF:FE1E:8329'", "FE80::B3FF:FE1E:8329"]],
    refuses: [
      ["'1::2::3'", "is not an IPv6 address (format ipv6): 1::2::3"],
      ["'1:2:3:4:5:6:7:8:9'", "is not an IPv6 address (format ipv6): 1:2:3:4:5:6:7:8:9"],
      ["'::ffff:256.1.1.1'", "is not an IPv6 address (format ipv6): ::ffff:256.1.1.1"],
      ["'12345::'", "is not an IPv6 address (format ipv6): 12345::"],
      ["'192.0.2.1'", "is not an IPv6 address (format ipv6): 192.0.2.1"],
    ],
  },
  {
    from: STRING,
    to: { type: "string", format: "hostname" },
    converts: [["'example.com'", "example.com"], ["'0zrzka'", "0zrzka"], ["'xn--froschgrn-x9a.com'", "xn--froschgrn-x9a.com"], [`'${"a".repeat(63)}.com'`, `${"a".repeat(63)}.com`], [`'${`${"a".repeat(63)}.`.repeat(3)}${"a".repeat(61)}'`, `${`${"a".repeat(63)}.`.repeat(3)}${"a".repeat(61)}`]],
    refuses: [
      ["'a..b'", "is not a host name (format hostname): a..b"],
      ["'-a.com'", "is not a host name (format hostname): -a.com"],
      ["'a_b.com'", "is not a host name (format hostname): a_b.com"],
      [`'${"a".repeat(64)}.com'`, `is not a host name (format hostname): ${"a".repeat(64)}.com`],
      [`'${`${"a".repeat(63)}.`.repeat(3)}${"a".repeat(62)}'`, `is not a host name (format hostname): ${`${"a".repeat(63)}.`.repeat(3)}${"a".repeat(62)}`],
    ],
  },
  {
    from: ["bigint", "BIGINT"],
    to: { type: "integer" },
    converts: [["9223372036854775807", "9223372036854775807"], ["-9223372036854775808", "-9223372036854775808"]],
  },
  {
    from: ["bigint", "BIGINT"],
    to: long,
    converts: [["9007199254740992", "9007199254740992"]],
    refuses: [["9007199254740993", "is outside the long range -9007199254740992 to 9007199254740992: 9007199254740993"]],
  },
  { from: ["bigint", "BIGINT"], to: { type: "string" }, converts: [["9007199254740993", "9007199254740993"]] },
  { from: ["bigint", "BIGINT"], to: { type: "number" }, converts: [["9007199254740993", "9007199254740993"]] },
  {
    from: ["int", "INTEGER"],
    to: byte,
    converts: [["-128", "-128"]],
    refuses: [["300", "is outside the byte range -128 to 127: 300"], ["-129", "is outside the byte range -128 to 127: -129"]],
  },
  { from: ["smallint", "SMALLINT"], to: short, converts: [["-32768", "-32768"]] },
  { from: ["tinyint", "TINYINT"], to: { type: "boolean" }, converts: [["1", "true"], ["0", "false"]], refuses: [["2", "cannot be converted to boolean: 2"]] },
  {
    from: ["double", "DOUBLE"],
    to: { type: "number" },
    converts: [["'NaN'", "nan"], ["'Infinity'", "inf"], ["'-Infinity'", "-inf"], ["'-0.0'", "-0.0"], ["0.1", "0.1"]],
  },
  {
    from: ["double", "DOUBLE"],
    to: long,
    converts: [["2.0", "2"], ["'-0.0'", "0"]],
    refuses: [
      ["2.5", "cannot be converted to long: 2.5"],
      ["'NaN'", "cannot be converted to long: NaN"],
      ["1e20", "cannot be converted to long: 1.0E20"],
    ],
  },
  {
    from: ["double", "DOUBLE"],
    to: { type: "string" },
    converts: [["'NaN'", "NaN"], ["'Infinity'", "Infinity"], ["'-Infinity'", "-Infinity"], ["'-0.0'", "-0.0"], ["1.5", "1.5"], ["1e20", "1.0E20"], ["0.0001", "1.0E-4"], ["100", "100.0"]],
  },
  { from: ["float", "FLOAT"], to: { type: "number" }, converts: [["16.848", "16.848"]] },
  { from: ["double", "DOUBLE"], to: { type: "number", minimum: 0 }, refuses: [["-0.5", "is below the minimum 0: -0.5"], ["-1e-5", "is below the minimum 0: -1.0E-5"]] },
  {
    from: ["decimal(38,18)", "DECIMAL(38,18)"],
    to: { type: "number" },
    converts: [["1.000000000000000001", "1.000000000000000001"], ["12345678901234567890.123456789012345678", "12345678901234567890.123456789012345678"]],
  },
  {
    from: ["decimal(38,18)", "DECIMAL(38,18)"],
    to: long,
    converts: [["5", "5"]],
    refuses: [["1.000000000000000001", "cannot be converted to long: 1.000000000000000001"]],
  },
  { from: ["decimal(10,2)", "DECIMAL(10,2)"], to: { type: "string" }, converts: [["1.10", "1.10"]] },
  { from: ["boolean", "BOOLEAN"], to: { type: "boolean" }, converts: [["true", "true"], ["NULL", null]] },
  { from: ["boolean", "BOOLEAN"], to: { type: "string" }, converts: [["false", "false"]] },
  { from: ["date", "DATE"], to: { type: "string", format: "date" }, converts: [["'2024-02-29'", "2024-02-29"]] },
  { from: ["date", "DATE"], to: { type: "string", format: "date-time" }, converts: [["'2024-02-29'", "2024-02-29 00:00:00+00"]] },
  { from: ["date", "DATE"], to: { type: "string" }, converts: [["'2024-02-29'", "2024-02-29"]] },
  {
    from: ["timestamp", "TIMESTAMP WITH TIME ZONE"],
    to: { type: "string", format: "date-time" },
    converts: [["'2024-02-29 23:59:59.999999+00'", "2024-02-29 23:59:59.999999+00"]],
  },
  {
    from: ["timestamp", "TIMESTAMP WITH TIME ZONE"],
    to: { type: "string" },
    converts: [["'2024-02-29 23:59:59.999999+00'", "2024-02-29T23:59:59.999999Z"], ["'2024-03-01 01:00:00+02'", "2024-02-29T23:00:00.000000Z"]],
  },
  {
    from: ["timestamp", "TIMESTAMP WITH TIME ZONE"],
    to: { type: "string", format: "date" },
    converts: [["'2024-02-29 00:00:00+00'", "2024-02-29"]],
    refuses: [["'2024-02-29 10:30:00+00'", "cannot be converted to date: 2024-02-29T10:30:00.000000Z"]],
  },
  {
    from: ["timestamp_ntz", "TIMESTAMP"],
    to: { type: "string", format: "date-time" },
    converts: [["'2024-02-29 23:59:59.000001'", "2024-02-29 23:59:59.000001+00"]],
  },
  { from: ["timestamp_ntz", "TIMESTAMP"], to: { type: "string" }, converts: [["'2024-02-29 23:59:59.000001'", "2024-02-29T23:59:59.000001Z"]] },
  { from: ["binary", "BLOB"], to: { type: "string" }, converts: [["'\\x00\\xFF'::BLOB", "AP8="], ["'hi'::BLOB", "aGk="]] },
  {
    from: ["array<decimal(10,2)>", "DECIMAL(10,2)[]"],
    to: { type: "array", items: { type: "string" } },
    converts: [["[1.50, NULL, -2.00]", "[1.50, NULL, -2.00]"], ["[]", "[]"]],
  },
  {
    from: ["array<string>", "VARCHAR[]"],
    to: { type: "array", items: byte },
    converts: [["['1', '-2']", "[1, -2]"]],
    refuses: [
      ["['1', 'x']", "v[1] cannot be converted to byte: x"],
      ["['1', '2', '300']", "v[2] is outside the byte range -128 to 127: 300"],
    ],
  },
  {
    from: ["struct<inner:struct<x:bigint>,s:string>", "STRUCT(\"inner\" STRUCT(x BIGINT), s VARCHAR)"],
    to: { type: "object", properties: { inner: { type: "object", properties: { x: { ...long, maximum: 100 } } }, s: { type: "string" }, extra: { type: "string" } } },
    converts: [
      ["{'inner': {'x': 7}, 's': 'a'}", "{'inner': {'x': 7}, 's': a, 'extra': NULL}"],
      ["{'inner': NULL, 's': 'a'}", "{'inner': NULL, 's': a, 'extra': NULL}"],
      ["NULL", null],
    ],
    refuses: [["{'inner': {'x': 9223372036854775807}, 's': 'b'}", "v.inner.x is outside the long range -9007199254740992 to 9007199254740992: 9223372036854775807"]],
  },
  {
    // AEP's object copy: the members with a field of their name, the others left out
    from: ["struct<a:bigint,b:string>", "STRUCT(a BIGINT, b VARCHAR)"],
    to: { type: "object", properties: { a: long } },
    converts: [["{'a': 5, 'b': 'left out'}", "{'a': 5}"], ["NULL", null]],
  },
  {
    from: ["array<struct<v:decimal(10,2)>>", "STRUCT(v DECIMAL(10,2))[]"],
    to: { type: "array", items: { type: "object", properties: { v: { type: "string" } } } },
    converts: [["[{'v': 1.50}, NULL]", "[{'v': 1.50}, NULL]"]],
  },
  {
    from: ["map<string,bigint>", "MAP(VARCHAR, BIGINT)"],
    to: { type: "object", "meta:xdmType": "map", additionalProperties: int },
    converts: [["MAP {'a': 1, 'b': -2}", "{a=1, b=-2}"], ["NULL", null]],
    refuses: [["MAP {'a': 1, 'b': 3000000000}", "v.b is outside the int range -2147483648 to 2147483647: 3000000000"]],
  },
  {
    from: ["map<int,string>", "MAP(INTEGER, VARCHAR)"],
    to: { type: "object", additionalProperties: { type: "string", format: "date", "meta:xdmType": "date" } },
    converts: [["MAP {1: '2024-02-29'}", "{1=2024-02-29}"]],
    refuses: [["MAP {1: '2024-02-29', 2: 'infinity'}", `v.2 cannot be converted to date${DATE_HINT}: infinity`]],
  },
];

/** Pairs that can never convert: refused when the plan is built, with the reason. */
const neverConvert: Array<[staged: string, to: XdmProperty, reason: string]> = [
  ["BOOLEAN", long, "v is an XDM integer but its source v is BOOLEAN: it can never be converted"],
  ["DATE", long, "v is an XDM integer but its source v is DATE"],
  ["BIGINT", { type: "string", format: "date" }, "v is an XDM date but its source v is BIGINT"],
  ["BLOB", { type: "number" }, "v is an XDM number but its source v is BLOB"],
  ["VARCHAR", { type: "object", additionalProperties: { type: "string" } }, "only a MAP fills an XDM map"],
  ["MAP(VARCHAR, BIGINT)", { type: "object", properties: { a: { type: "integer" } } }, "only a struct fills an XDM object"],
  ["MAP(VARCHAR, BIGINT)", { type: "string" }, "a map fills only an XDM map"],
  ["BIGINT[]", { type: "integer" }, "a list fills only an XDM array"],
  ["STRUCT(x BIGINT, y VARCHAR)", { type: "object", properties: { a: { type: "integer" } } }, "no member of v (x, y) has a field of its name in v, so mapped whole it copies nothing"],
  ["MAP(VARCHAR, BOOLEAN)", { type: "object", additionalProperties: { type: "integer" } }, "v.* is an XDM integer but its source v.* is BOOLEAN"],
  ["VARCHAR", { type: "string", pattern: "^(?!x)" }, "lookaround or backreferences"],
];

/** Every other pair of a scalar (or nested) source and a field it can never fill, by the field's XDM type. */
const FIELDS: Record<string, XdmProperty> = {
  string: { type: "string" },
  integer: long,
  number: { type: "number" },
  boolean: { type: "boolean" },
  date: { type: "string", format: "date" },
  "date-time": { type: "string", format: "date-time" },
  array: { type: "array", items: { type: "string" } },
  object: { type: "object", properties: { a: { type: "string" } } },
  map: { type: "object", additionalProperties: { type: "string" } },
};
const REFUSED: Record<string, string[]> = {
  BOOLEAN: ["integer", "number", "date", "date-time", "array", "object", "map"],
  BIGINT: ["date", "date-time", "array", "object", "map"],
  DOUBLE: ["boolean", "date", "date-time", "array", "object", "map"],
  "DECIMAL(38,18)": ["boolean", "date", "date-time", "array", "object", "map"],
  DATE: ["integer", "number", "boolean", "array", "object", "map"],
  "TIMESTAMP WITH TIME ZONE": ["integer", "number", "boolean", "array", "object", "map"],
  TIMESTAMP: ["integer", "number", "boolean", "array", "object", "map"],
  BLOB: ["integer", "number", "boolean", "date", "date-time", "array", "object", "map"],
  INTERVAL: ["integer", "number", "boolean", "date", "date-time", "array", "object", "map"],
  VARCHAR: ["array", "object", "map"],
  "VARCHAR[]": ["string", "integer", "number", "boolean", "date", "date-time", "object", "map"],
  'STRUCT("a" VARCHAR)': ["string", "integer", "number", "boolean", "date", "date-time", "array", "map"],
  "MAP(VARCHAR, VARCHAR)": ["string", "integer", "number", "boolean", "date", "date-time", "array", "object"],
};
for (const [staged, kinds] of Object.entries(REFUSED)) {
  for (const kind of kinds) neverConvert.push([staged, FIELDS[kind], `v is an XDM ${kind} but its source v is ${staged}`]);
}

describe("conversion table: staged Parquet → dataset, exactly or a row error", () => {
  const scratch = useScratchDuckDb("conversion-table");

  let n = 0;
  async function stage(staged: string, literals: string[]): Promise<{ file: string; caseDir: string }> {
    const caseDir = path.join(scratch.dir, `case-${n++}`);
    const file = path.join(scratch.dir, `staged-${n}.parquet`);
    const rows = literals.length === 0 ? `SELECT 0 AS id, NULL::${staged} AS v WHERE false` : literals.map((literal, id) => `SELECT ${id} AS id, CAST(${literal} AS ${staged}) AS v`).join(" UNION ALL ");
    await scratch.conn.run(`COPY (${rows}) TO '${file}' (FORMAT PARQUET)`);
    return { file, caseDir };
  }

  const label = (to: XdmProperty) => JSON.stringify(to);

  for (const testCase of cases) {
    const [databricks, staged] = testCase.from;
    it(`${databricks} → ${label(testCase.to)}`, async () => {
      const converts = testCase.converts ?? [];
      const refuses = testCase.refuses ?? [];
      const { file, caseDir } = await stage(staged, [...converts, ...refuses].map(([literal]) => literal));
      const ingested = await ingestAndReadBack({
        files: [file],
        rules: [{ sourceAttribute: "id", destinationXdmPath: "id" }, { sourceAttribute: "v", destinationXdmPath: "v" }],
        schema: { properties: { id: { type: "integer" }, v: testCase.to } },
        dir: caseDir,
        select: "id, CAST(v AS VARCHAR) AS v",
        orderBy: "id",
      });
      expect(ingested.rows).toEqual(converts.map(([, stored], id) => ({ id: String(id), v: stored })));
      const errors = ingested.rowErrors.map((row) => ({ id: row.record.id, errors: row.errors })).sort((a, b) => Number(a.id) - Number(b.id));
      expect(errors).toEqual(refuses.map(([, message], k) => ({ id: converts.length + k, errors: [`MAPPER-3700-400: the value of ${message.startsWith("v") ? "" : "v "}${message}`] })));
    });
  }

  it("a struct member read by a dotted source follows the same rules, and a NULL parent struct stays NULL", async () => {
    const { file, caseDir } = await stage("STRUCT(\"inner\" STRUCT(x BIGINT, \"at\" TIMESTAMP WITH TIME ZONE))", [
      "{'inner': {'x': 7, 'at': TIMESTAMPTZ '2024-02-29 23:59:59.999999+00'}}",
      "NULL",
      "{'inner': {'x': 300, 'at': NULL}}",
    ]);
    const ingested = await ingestAndReadBack({
      files: [file],
      rules: [
        { sourceAttribute: "id", destinationXdmPath: "id" },
        { sourceAttribute: "v.inner.x", destinationXdmPath: "visit.tier" },
        { sourceAttribute: "v.inner.at", destinationXdmPath: "visit.at" },
      ],
      schema: { properties: { id: { type: "integer" }, visit: { type: "object", properties: { tier: byte, at: { type: "string" } } } } },
      dir: caseDir,
      select: "id, CAST(visit AS VARCHAR) AS visit",
      orderBy: "id",
    });
    expect(ingested.rows).toEqual([
      { id: "0", visit: "{'tier': 7, 'at': '2024-02-29T23:59:59.999999Z'}" },
      { id: "1", visit: null },
    ]);
    expect(ingested.rowErrors.map((row) => row.errors)).toEqual([
      ["MAPPER-3700-400: the value of v.inner.x for visit.tier is outside the byte range -128 to 127: 300"],
    ]);
  });

  for (const [staged, to, reason] of neverConvert) {
    it(`${staged} → ${label(to)} is refused before any row is read`, async () => {
      const { file, caseDir } = await stage(staged, []);
      await expect(
        ingestAndReadBack({
          files: [file],
          rules: [{ sourceAttribute: "v", destinationXdmPath: "v" }],
          schema: { properties: { v: to } },
          dir: caseDir,
          select: "*",
        }),
      ).rejects.toThrow(reason);
    });
  }
});
