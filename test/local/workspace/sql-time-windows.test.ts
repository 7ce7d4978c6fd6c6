import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** The times of Databricks' own window(…) example, and a NULL time, which no window holds. */
const STAMPS: [string | null, number][] = [
  ["2020-08-01 12:20:21", 17], ["2020-08-01 12:20:22", 12], ["2020-08-01 12:23:10", 8], ["2020-08-01 12:25:05", 11],
  ["2020-08-01 12:28:59", 15], ["2020-08-01 12:30:01", 23], ["2020-08-01 12:30:15", 2], ["2020-08-01 12:35:22", 16], [null, 99],
];

/** the windows of width w, a new one every `slide`, from `start` past the epoch, that hold the time t (seconds), worked out here */
function windowsOf(t: number, width: number, slide: number, start: number): number[] {
  const starts: number[] = [];
  const latest = t - ((((t - start) % slide) + slide) % slide);
  for (let s = latest; s > t - width; s -= slide) starts.push(s);
  return starts;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", ".000000Z");

/**
 * Spark's time windows on the local workspace: window(ts, width [, slide [, start]]) adds a window column to the query's rows, one
 * row per window a row falls in, tumbling or sliding, that the query groups by and names as window.
 */
describe("time windows: window(ts, width, slide, start)", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    const rows = STAMPS.map(([stamp, val]) => `(${stamp ? `TIMESTAMP'${stamp}'` : "NULL"}, ${val})`).join(", ");
    await ok(`CREATE TABLE s AS SELECT * FROM VALUES ${rows} AS s(stamp, val)`);
  });

  it("groups rows in tumbling windows, the column named window a STRUCT<start, end>, a NULL time in none", async () => {
    const window = (start: string, end: string) => ({ start: `2020-08-01T${start}.000000Z`, end: `2020-08-01T${end}.000000Z` });
    expect(await ok("SELECT window, min(val) AS lo, max(val) AS hi, count(val) AS n FROM s GROUP BY window(stamp, '5 MINUTES') ORDER BY window.start")).toEqual([
      { window: window("12:20:00", "12:25:00"), lo: 8, hi: 17, n: 3 },
      { window: window("12:25:00", "12:30:00"), lo: 11, hi: 15, n: 2 },
      { window: window("12:30:00", "12:35:00"), lo: 2, hi: 23, n: 2 },
      { window: window("12:35:00", "12:40:00"), lo: 16, hi: 16, n: 1 },
    ]);
    // window.start is named start, which ORDER BY finds; a window's call takes a field too
    expect(await ok("SELECT window.start, window.end, sum(val) AS total FROM s GROUP BY window(stamp, '10 minutes') ORDER BY start")).toEqual([
      { start: "2020-08-01T12:20:00.000000Z", end: "2020-08-01T12:30:00.000000Z", total: 63 },
      { start: "2020-08-01T12:30:00.000000Z", end: "2020-08-01T12:40:00.000000Z", total: 41 },
    ]);
    expect(await ok("SELECT window(stamp, '1 hour').end AS hour_end, count(*) AS n FROM s GROUP BY 1")).toEqual([{ hour_end: "2020-08-01T13:00:00.000000Z", n: 8 }]);
  });

  it("puts each row in every sliding window that holds it, the windows counted from the epoch plus start", async () => {
    const [width, slide, start] = [150, 30, 15];
    const expected = new Map<number, number[]>();
    for (const [stamp, val] of STAMPS) {
      if (stamp === null) continue;
      for (const w of windowsOf(Date.parse(`${stamp.replace(" ", "T")}Z`) / 1000, width, slide, start)) expected.set(w, [...(expected.get(w) ?? []), val]);
    }
    const rows = [...expected].sort(([a], [b]) => a - b).map(([w, vals]) => ({ start: iso(w), end: iso(w + width), lo: Math.min(...vals), hi: Math.max(...vals), n: vals.length }));
    expect(rows[0]).toEqual({ start: "2020-08-01T12:18:15.000000Z", end: "2020-08-01T12:20:45.000000Z", lo: 12, hi: 17, n: 2 });
    expect(
      await ok("SELECT window.start, window.end, min(val) AS lo, max(val) AS hi, count(val) AS n FROM s GROUP BY window(stamp, '2 MINUTES 30 SECONDS', '30 SECONDS', '15 SECONDS') ORDER BY start"),
    ).toEqual(rows);
  });

  it("keeps a TIMESTAMP_NTZ's type, makes a row per window without GROUP BY, and drops a NULL time's row", async () => {
    const r = await sql("SELECT window(CAST(stamp AS TIMESTAMP_NTZ), '1 day') FROM s LIMIT 1");
    expect(r.results?.schema?.[0]?.name).toBe("window");
    expect(JSON.parse(r.results!.schema![0].type as string)).toMatchObject({ type: "struct", fields: [{ name: "start", type: "timestamp_ntz" }, { name: "end", type: "timestamp_ntz" }] });
    const starts = STAMPS.flatMap(([stamp]) => (stamp === null ? [] : windowsOf(Date.parse(`${stamp.replace(" ", "T")}Z`) / 1000, 120, 60, 0)));
    expect(await ok("SELECT count(*) AS n, count(DISTINCT window) AS windows FROM (SELECT window(stamp, '2 minutes', '1 minute') AS window, val FROM s)")).toEqual([
      { n: starts.length, windows: new Set(starts).size },
    ]);
  });

  it("reads window's fields inside calls, the same window written in another case as one, and * as the rows' own columns", async () => {
    expect(await ok("SELECT date_format(window.start, 'HH:mm') AS at, struct(window.start, window.end).end AS upto, count(*) AS n FROM s GROUP BY window(stamp, '5 MINUTES') ORDER BY at LIMIT 2")).toEqual([
      { at: "12:20", upto: "2020-08-01T12:25:00.000000Z", n: 3 },
      { at: "12:25", upto: "2020-08-01T12:30:00.000000Z", n: 2 },
    ]);
    expect(await ok("SELECT window(stamp, '10 minutes').start AS at, count(*) AS n FROM s GROUP BY window(`STAMP`, '10 MINUTES') ORDER BY at")).toEqual([
      { at: "2020-08-01T12:20:00.000000Z", n: 5 },
      { at: "2020-08-01T12:30:00.000000Z", n: 3 },
    ]);
    const starred = await sql("SELECT *, window(stamp, '1 hour') AS w FROM s WHERE val = 17");
    expect(starred.results?.schema?.map((c: { name: string }) => c.name)).toEqual(["stamp", "val", "w"]);
    expect(await ok("SELECT window.start, stamp IS DISTINCT FROM NULL AS known FROM s GROUP BY window(stamp, '1 day'), stamp LIMIT 1")).toEqual([{ start: "2020-08-01T00:00:00.000000Z", known: true }]);
  });

  it("refuses durations that are no fixed length or do not fit, and windows of different arguments, with Spark's reasons", async () => {
    expect(expectError(await sql("SELECT count(*) FROM s GROUP BY window(stamp, '1 month')"))).toContain("[CANNOT_PARSE_INTERVAL] Unable to parse '1 month'");
    expect(expectError(await sql("SELECT count(*) FROM s GROUP BY window(stamp, '1 minute', '2 minutes')"))).toContain("must be less than or equal to the windowDuration");
    expect(expectError(await sql("SELECT count(*) FROM s GROUP BY window(stamp, '10 minutes', '5 minutes', '5 minutes')"))).toContain("The absolute value of start time");
    expect(expectError(await sql("SELECT window(stamp, '5 minutes'), window(stamp, '10 minutes') FROM s"))).toContain("Multiple time/session window expressions");
    expect(expectError(await sql("SELECT window(stamp, 5) FROM s"))).toContain("window(…)'s windowDuration that is not a string literal");
  });
});
