import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** The session time zone on the local workspace: SET TIME ZONE and spark.sql.session.timeZone, for the context's later commands too. */
describe("the session time zone on the local workspace", () => {
  const { ok, sql, harness } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE stamps (id INT, at TIMESTAMP)");
    await ok("INSERT INTO stamps VALUES (1, TIMESTAMP '2024-01-01 00:00:00Z')");
  });

  it("reads, takes the parts of and writes a timestamp in the zone SET TIME ZONE names, in the context's later commands too", async () => {
    expect(await ok("SET TIME ZONE 'America/Los_Angeles'")).toEqual([{ key: "spark.sql.session.timeZone", value: "America/Los_Angeles" }]);
    expect(await ok("SELECT current_timezone() AS tz, from_unixtime(0, 'yyyy-MM-dd HH:mm:ss') AS epoch, hour(at) AS h, date_format(at, 'yyyy-MM-dd HH:mm') AS shown FROM stamps")).toEqual([
      { tz: "America/Los_Angeles", epoch: "1969-12-31 16:00:00", h: 16, shown: "2023-12-31 16:00" },
    ]);
    // a timestamp's text is read in the zone: the same instant as UTC's 08:00
    expect(await ok("SELECT CAST(TIMESTAMP '2024-01-01 00:00:00' = TIMESTAMP '2024-01-01 08:00:00Z' AS STRING) AS same")).toEqual([{ same: "true" }]);
    // from_utc_timestamp and to_utc_timestamp shift by the zone they name, not by the session's
    expect(
      await ok(
        "SELECT CAST(from_utc_timestamp(TIMESTAMP '2024-01-01 00:00:00', 'UTC') AS STRING) AS same, CAST(from_utc_timestamp('2024-01-01 00:00:00', 'Asia/Tokyo') AS STRING) AS ahead, " +
          "CAST(to_utc_timestamp('2024-01-01 00:00:00', 'Asia/Tokyo') AS STRING) AS back, CAST(to_utc_timestamp(at, 'UTC') AS STRING) AS kept FROM stamps",
      ),
    ).toEqual([{ same: "2024-01-01 00:00:00", ahead: "2024-01-01 09:00:00", back: "2023-12-31 15:00:00", kept: "2023-12-31 16:00:00" }]);
    // another context keeps its own zone
    const other = await harness().client.createContext();
    const there = await harness().client.sql(other, "SELECT current_timezone() AS tz, hour(at) AS h FROM stamps");
    expect(there.results.data).toEqual([["UTC", 0]]);
  });

  it("takes LOCAL, an offset of whole hours and spark.sql.session.timeZone, and refuses a zone it cannot resolve, keeping the one before", async () => {
    await ok("SET TIME ZONE INTERVAL 2 HOURS");
    expect(await ok("SET spark.sql.session.timeZone")).toEqual([{ key: "spark.sql.session.timeZone", value: "+02:00" }]);
    expect(await ok("SELECT hour(at) AS h FROM stamps")).toEqual([{ h: 2 }]);
    await ok("SET spark.sql.session.timeZone = -05:00");
    expect(await ok("SELECT hour(at) AS h FROM stamps")).toEqual([{ h: 19 }]);
    expect(expectError(await sql("SET TIME ZONE 'Nowhere/Zone'"))).toContain("[INVALID_CONF_VALUE.TIME_ZONE] The value 'Nowhere/Zone' in the config \"spark.sql.session.timeZone\" is invalid");
    expect(expectError(await sql("SET TIME ZONE '+05:30'"))).toContain("offsets of whole hours");
    expect(await ok("SELECT hour(at) AS h FROM stamps")).toEqual([{ h: 19 }]);
    await ok("SET TIME ZONE LOCAL");
    expect(await ok("SELECT current_timezone() AS tz, hour(at) AS h FROM stamps")).toEqual([{ tz: "UTC", h: 0 }]);
  });
});
