/**
 * A function declared row-safe is not wrapped in try() (which every row pays for): its own SQL must
 * not fail for any row value. Each one's documented call is run over columns of every kind a source
 * can have, holding the values most likely to break SQL (nulls, empty and huge strings, the ends of
 * every numeric and date range, NaN and infinities, empty lists and objects); every other function
 * stays wrapped, so what one row cannot compute is null in that row.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { Compiler } from "../../src/dataprep/expression/compiler.js";
import { compileExpression, ExpressionError } from "../../src/dataprep/expression/index.js";
import { type CallContext, FUNCTIONS, type ElFunction, functionNamed } from "../../src/dataprep/expression/functions/index.js";
import { lambdaParameter } from "../../src/dataprep/expression/lambda-parameter.js";
import { parse } from "../../src/dataprep/expression/parser.js";
import { textOf } from "../../src/dataprep/expression/print.js";
import { isoText, nullOnError, TIMESTAMPTZ } from "../../src/dataprep/expression/typed.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";

const HOSTILE_COLUMNS: Array<[name: string, type: string, values: string[]]> = [
  ["s", "VARCHAR", ["''", "repeat('é', 2000)", `'%zz%E0[(\\' || chr(0)`, "' 2019-10-17 11:55:12-0800 '", "'ß\u{10FFFF}\u{FFFD}'"]],
  ["i", "BIGINT", ["0", "9223372036854775807", "-9223372036854775808", "-1", "2147483648"]],
  ["h", "HUGEINT", ["0", "170141183460469231731687303715884105727", "-170141183460469231731687303715884105728", "-1", "1"]],
  ["d", "DOUBLE", ["'NaN'", "'Infinity'", "'-Infinity'", "1.7976931348623157e308", "-0.0"]],
  ["dec", "DECIMAL(38,30)", ["0", "99999999.999999999999999999999999999999", "-99999999.999999999999999999999999999999", "0.000000000000000000000000000001", "-1"]],
  ["dt", "DATE", ["'infinity'", "'5877642-06-25'", "'5877641-06-25 (BC)'", "'-infinity'", "'2024-02-29'"]],
  ["ts", "TIMESTAMP", ["'infinity'", "'294247-01-10 04:00:54.775806'", "'290309-12-22 (BC) 00:00:00'", "'-infinity'", "'2021-03-28 01:30:00'"]],
  ["tz", TIMESTAMPTZ, ["'infinity'", "'294247-01-10 04:00:54.775806+00'", "'290309-12-22 (BC) 00:00:00+00'", "'-infinity'", "'2021-03-28 01:30:00+00'"]],
  ["j", "JSON", ["'null'", `'{"a": [1, {"b": "x"}], "": 1e400}'`, "'[]'", `'"x"'`, "'{}'"]],
  ["l", "VARCHAR[]", ["[]", "[NULL, '']", "['a,b', ' ']", "[repeat('x', 4000)]", "['%zz']"]],
  ["il", "BIGINT[]", ["[]", "[9223372036854775807, -9223372036854775808]", "[NULL]", "[0]", "[-1]"]],
  ["st", "STRUCT(a VARCHAR, b BIGINT)", ["{'a': NULL, 'b': NULL}", "{'a': '', 'b': 9223372036854775807}", "{'a': '%zz', 'b': -1}", "{'a': 'x', 'b': 0}", "{'a': 'y', 'b': 1}"]],
  ["sl", "STRUCT(id VARCHAR, b BIGINT)[]", ["[]", "[NULL, {'id': NULL, 'b': NULL}]", "[{'id': '%zz', 'b': -1}, {'id': '%zz', 'b': 0}]", "[{'id': repeat('x', 4000), 'b': 9223372036854775807}]", "[{'id': '', 'b': -9223372036854775808}]"]],
  ["m", "MAP(VARCHAR, VARCHAR)", ["MAP {}", "MAP {'%zz': ''}", "MAP {'': NULL}", "MAP {'a': 'b'}", "MAP {'k': repeat('v', 1000)}"]],
  ["b", "BOOLEAN", ["true", "false", "true", "false", "true"]],
];
const COLUMNS = HOSTILE_COLUMNS.map(([name, type]) => ({ name, type }));
/** a row of nulls, then a row for each value */
const HOSTILE_ROWS = [
  HOSTILE_COLUMNS.map(([, type]) => `NULL::${type}`),
  ...HOSTILE_COLUMNS[0][2].map((_, row) => HOSTILE_COLUMNS.map(([, type, values]) => `(${values[row]})::${type}`)),
];

async function createHostileTable(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE TABLE hostile AS SELECT * FROM (VALUES ${HOSTILE_ROWS.map((row) => `(${row.join(", ")})`).join(", ")}) v(${COLUMNS.map((c) => c.name).join(", ")})`);
}

/** The SQL a field is written from: the value (a date as its text, in its zone) and its checks, each counted so that every row computes it. */
function evaluated(expression: string): string {
  const compiled = compileExpression(expression, COLUMNS);
  const value = compiled.type === TIMESTAMPTZ ? isoText(compiled.sql, compiled.zone) : compiled.sql;
  return [value, ...compiled.checks].map((sql) => `count(${sql})`).join(" + ");
}

/** The function's documented call, and the same call with each argument in turn (and all of them) a hostile column. */
function callsOver(fn: ElFunction): string[] {
  const node = parse(fn.example.expression);
  const args = node.kind === "call" && (node.name === fn.name || fn.aliases?.includes(node.name)) ? node.args.map(textOf) : [];
  const calls = [fn.example.expression];
  const arities = [...new Set([args.length, fn.arity[0], Math.min(fn.arity[1], 4)])];
  for (const { name } of COLUMNS) {
    args.forEach((_, at) => calls.push(`${fn.name}(${args.map((arg, i) => (i === at ? name : arg)).join(", ")})`));
    for (const arity of arities) if (arity > 0) calls.push(`${fn.name}(${Array(arity).fill(name).join(", ")})`);
  }
  return calls;
}

const context: CallContext = {
  field: (path) => {
    const column = COLUMNS.find((c) => c.name === path);
    return column && { sql: `"${path}"`, type: column.type };
  },
  parameter: (base) => lambdaParameter(base, COLUMNS.map((c) => c.name)),
};

/** The SQL of a call as the function itself writes it, its arguments compiled as the compiler does: what the call is when not wrapped. */
function ownSql(expression: string): string {
  const node = parse(expression);
  if (node.kind !== "call") throw new Error(`${expression} is no call`);
  const compiler = new Compiler(COLUMNS);
  const own = functionNamed(node.name)!.compile(node.args.map((arg) => compiler.compile(arg)), context);
  // an untyped null is written as a VARCHAR null (compileExpression)
  return own.type === "NULL" ? "NULL::VARCHAR" : own.sql;
}

/** The calls that compile over the hostile columns (the others are refused before any row is read): their SQL, the function's own, and what a field is written from. */
function compiledCalls(fn: ElFunction): Array<{ expression: string; sql: string; own: string; value: string }> {
  return callsOver(fn).flatMap((expression) => {
    try {
      return [{ expression, sql: compileExpression(expression, COLUMNS).sql, own: ownSql(expression), value: evaluated(expression) }];
    } catch (error) {
      if (error instanceof ExpressionError) return [];
      throw error;
    }
  });
}

const ROW_SAFE = FUNCTIONS.filter((fn) => fn.rowSafe);

describe("a row-safe function", () => {
  const scratch = useScratchDuckDb("expression-row-safe");

  it("is called without try(), and its calls compute a value (or null) for every hostile row", async () => {
    await createHostileTable(scratch.conn);
    const failed: unknown[] = [];
    let evaluated = 0;
    for (const fn of ROW_SAFE) {
      const calls = compiledCalls(fn);
      expect(calls.length, fn.name).toBeGreaterThan(0);
      for (const call of calls) expect(call.sql, call.expression).toBe(call.own);
      try {
        await scratch.conn.run(`SELECT ${calls.map((c) => c.value).join(", ")} FROM hostile`);
        evaluated += calls.length;
      } catch {
        // one query per call, to name the call that fails
        for (const call of calls) {
          await scratch.conn.run(`SELECT ${call.value} FROM hostile`).catch((error: Error) => failed.push({ expression: call.expression, error: error.message.split("\n")[0] }));
        }
      }
    }
    expect(failed).toEqual([]);
    expect(evaluated).toBeGreaterThan(500);
  }, 120_000);
});

describe("a function not declared row-safe", () => {
  it("is wrapped in try(), so an error for one row is null for that row", () => {
    const wrapped = FUNCTIONS.filter((fn) => !fn.rowSafe);
    expect(wrapped.map((fn) => fn.name)).toEqual(expect.arrayContaining(["get_url_decoded", "instr", "substr", "lpad", "json_to_object"]));
    for (const fn of wrapped) {
      const calls = compiledCalls(fn).filter((call) => call.own !== nullOnError(call.own));
      expect(calls.length, fn.name).toBeGreaterThan(0);
      for (const call of calls) expect(call.sql, call.expression).toBe(`try(${call.own})`);
    }
  });
});

describe("beyond function calls, over hostile rows", () => {
  const scratch = useScratchDuckDb("expression-row-safe-operators");

  it("an integer's remainder by a constant other than 0 and -1 is computed without try() and without an overflow check, and never fails", async () => {
    await createHostileTable(scratch.conn);
    const expressions = ["i % 2", "i % -2", "h % 3", "h % 170141183460469231731687303715884105727", "il[0] % 7", "b ? i % 5 : h % 5"];
    for (const expression of expressions) {
      const compiled = compileExpression(expression, COLUMNS);
      expect(compiled.sql, expression).not.toContain("try(");
      expect(compiled.checks, expression).toEqual([]);
      await scratch.conn.run(`SELECT count(${compiled.sql}) FROM hostile`);
    }
    // by a divisor that may be 0 or -1 it keeps both
    expect(compileExpression("i % i", COLUMNS).sql).toContain("try(");
    expect(compileExpression("i % -1", COLUMNS).sql).toContain("try(");
  });

  it("a zoned date chosen among others (a per-row offset) is written for every hostile row", async () => {
    const expressions = [
      'iif(b, zone_date_to_zone(tz, "Pacific/Kiritimati"), tz)',
      'format(b ? zone_date_to_zone(ts, "Europe/Paris") : date(s), "yyyy-MM-dd HH:mm XXX VV")',
      'min(zone_date_to_zone(dt, "Europe/Paris"), date(s), tz)',
      'date_part("hour", coalesce(dt, zone_date_to_zone(tz, "America/Los_Angeles"), ts))',
      'concat(decode(s, "", zone_date_to_zone(tz, "Asia/Kolkata"), zone_date_to_zone(ts, "Pacific/Kiritimati")), "")',
    ];
    for (const expression of expressions) await scratch.conn.run(`SELECT ${evaluated(expression)} FROM hostile`);
  });
});
