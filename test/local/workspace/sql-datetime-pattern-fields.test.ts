import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/**
 * The datetime pattern letters strftime has no code for, in date_format, from_unixtime, to_char and to_json's timestampFormat: the
 * quarter, K and k's hours, the era, optional sections, and the zone letters written in the session's zone as Java writes them.
 */
describe("datetime pattern fields beyond strftime's", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE moments (id INT, at TIMESTAMP)");
    await ok("INSERT INTO moments VALUES (1, TIMESTAMP '2024-01-31 00:04:05Z'), (2, TIMESTAMP '2024-05-01 12:30:00Z'), (3, TIMESTAMP '2024-08-15 23:59:59Z'), (4, TIMESTAMP '2024-12-31 13:00:00Z')");
  });

  it("writes the quarter in its four widths, the hours K and k and the era", async () => {
    expect(await ok("SELECT id, date_format(at, 'Q|qq|QQQ|QQQQ') AS quarter, date_format(at, 'K KK k kk') AS hours, date_format(at, 'yyyy G GGGG GGGGG') AS era FROM moments ORDER BY id")).toEqual([
      { id: 1, quarter: "1|01|Q1|1st quarter", hours: "0 00 24 24", era: "2024 AD Anno Domini A" },
      { id: 2, quarter: "2|02|Q2|2nd quarter", hours: "0 00 12 12", era: "2024 AD Anno Domini A" },
      { id: 3, quarter: "3|03|Q3|3rd quarter", hours: "11 11 23 23", era: "2024 AD Anno Domini A" },
      { id: 4, quarter: "4|04|Q4|4th quarter", hours: "1 01 13 13", era: "2024 AD Anno Domini A" },
    ]);
    expect(await ok("SELECT date_format(DATE '2024-11-05', \"yyyy-'Q'Q[ MM]\") AS label, date_format('2024-04-01 08:00:00', 'QQQ') AS from_text")).toEqual([
      { label: "2024-Q4 11", from_text: "Q2" },
    ]);
  });

  it("writes the zone letters in UTC as Java writes a zero offset", async () => {
    expect(await ok("SELECT date_format(at, 'X|XX|XXX|x|xx|xxx|Z|ZZZZ|ZZZZZ|O|OOOO|VV|z|zzzz') AS zone FROM moments WHERE id = 1")).toEqual([
      { zone: "Z|Z|Z|+00|+0000|+00:00|+0000|GMT|Z|GMT|GMT|UTC|UTC|Coordinated Universal Time" },
    ]);
  });

  it("writes the offset and the zone's ID of the session's zone, daylight saving time included", async () => {
    await ok("SET TIME ZONE 'America/New_York'");
    expect(await ok("SELECT id, date_format(at, 'yyyy-MM-dd HH:mm X|XX|XXX|x|Z|ZZZZ|ZZZZZ|O|OOOO|VV') AS local FROM moments WHERE id IN (1, 2) ORDER BY id")).toEqual([
      { id: 1, local: "2024-01-30 19:04 -05|-0500|-05:00|-05|-0500|GMT-05:00|-05:00|GMT-5|GMT-05:00|America/New_York" },
      { id: 2, local: "2024-05-01 08:30 -04|-0400|-04:00|-04|-0400|GMT-04:00|-04:00|GMT-4|GMT-04:00|America/New_York" },
    ]);
    await ok("SET TIME ZONE 'Asia/Kolkata'");
    expect(await ok("SELECT from_unixtime(0, 'yyyy-MM-dd HH:mm X XX O QQQ') AS epoch, to_char(at, 'yyyy QQQQ XXX') AS shown FROM moments WHERE id = 4")).toEqual([
      { epoch: "1970-01-01 05:30 +0530 +0530 GMT+5:30 Q1", shown: "2024 4th quarter +05:30" },
    ]);
    await ok("SET TIME ZONE INTERVAL 2 HOURS");
    expect(await ok("SELECT current_timezone() AS tz, date_format(at, 'HH:mm VV XXX') AS shown FROM moments WHERE id = 1")).toEqual([{ tz: "+02:00", shown: "02:04 +02:00 +02:00" }]);
    expect(expectError(await sql("SELECT date_format(at, 'HH:mm z') FROM moments"))).toContain("[UNSUPPORTED] The datetime pattern letter 'z' outside the UTC time zone");
    await ok("SET TIME ZONE 'UTC'");
  });

  it("writes to_json's timestamps by a timestampFormat with these letters", async () => {
    await ok("SET TIME ZONE 'Asia/Kolkata'");
    expect(await ok("SELECT to_json(named_struct('at', at), map('timestampFormat', 'yyyy QQQ kk:mm XXX O')) AS j FROM moments WHERE id = 1")).toEqual([
      { j: '{"at":"2024 Q1 05:34 +05:30 GMT+5:30"}' },
    ]);
    expect(expectError(await sql("SELECT to_json(named_struct('at', at), map('timestampFormat', 'yyyy VV')) FROM moments"))).toContain("A zone's name (V or z) in to_json's timestampFormat");
    await ok("SET TIME ZONE 'UTC'");
  });

  it("refuses the letters it cannot write or read, naming them", async () => {
    expect(expectError(await sql("SELECT date_format(at, 'QQQQQ') FROM moments"))).toContain("The datetime pattern 'QQQQQ' in date_format is not supported");
    expect(expectError(await sql("SELECT to_date('2024 1', 'yyyy Q')"))).toContain("The datetime pattern 'Q' in to_date is not supported");
    expect(expectError(await sql("SELECT to_timestamp('2024-01-01', 'yyyy-MM-dd[ HH:mm]')"))).toContain("An optional section [...] in the datetime pattern of to_timestamp");
    expect(expectError(await sql("SELECT date_format(at, 'yyyy ww') FROM moments"))).toContain("The datetime pattern 'ww' in date_format is not supported");
  });
});
