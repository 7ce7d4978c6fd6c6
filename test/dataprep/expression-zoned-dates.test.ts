/**
 * A date keeps its zone, as AEP's ZonedDateTime does: zone_date_to_zone's zone and a parsed string's
 * offset decide what format and date_part read and what the date's text writes; the instant is the same.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EL = "/data/foundation/conversion/languages/el";
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const validate = (expression: string, sampleData: Record<string, unknown> = {}) => call(system, "POST", `${EL}/validate`, { body: { expression, sampleData } });
const PACIFIC = { ts: "2019-10-17 11:55:12-0800" };

describe("a date's zone", () => {
  it("is read and written by format, date_part and the date's own text", async () => {
    const cases: Array<[string, Record<string, unknown>, unknown]> = [
      ['format(zone_date_to_zone(date("2021-10-26T15:43:59Z"), "Europe/Paris"), "yyyy-MM-dd HH:mm")', {}, "2021-10-26 17:43"],
      ['zone_date_to_zone(date("2021-10-26T15:43:59Z"), "Europe/Paris")', {}, "2021-10-26T17:43:59+02:00[Europe/Paris]"],
      ['date_part("hour", date(ts))', PACIFIC, 11],
      ['format(date(ts), "yyyy-MM-dd HH:mm Z")', PACIFIC, "2019-10-17 11:55 -0800"],
      ['date(ts, "yyyy-MM-dd HH:mm:ssZ")', PACIFIC, "2019-10-17T11:55:12-08:00"],
      ['format(date(ts), "X XX XXX x xxx ZZZZ VV")', PACIFIC, "-08 -0800 -08:00 -08 -08:00 GMT-08:00 -08:00"],
      ['zone_date_to_utc(date(ts))', PACIFIC, "2019-10-17T19:55:12Z"],
      ['format(zone_date_to_utc(date(ts)), "HH:mm Z z")', PACIFIC, "19:55 +0000 UTC"],
      // the spring-forward night: 01:30Z is 03:30 in Paris, the winter evening before is +01:00
      ['format(zone_date_to_zone(date("2021-03-28T01:30:00Z"), "Europe/Paris"), "yyyy-MM-dd HH:mm XXX VV")', {}, "2021-03-28 03:30 +02:00 Europe/Paris"],
      ['format(zone_date_to_zone(date("2021-03-28T00:30:00Z"), "Europe/Paris"), "HH:mm XXX")', {}, "01:30 +01:00"],
      ['date_part("hour", zone_date_to_zone(date("2021-03-28T01:30:00Z"), "Europe/Paris"))', {}, 3],
      // set_date_part sets the zone's wall time and keeps the zone
      ['set_date_part("hour", 9, zone_date_to_zone(date("2021-10-26T15:43:59Z"), "Europe/Paris"))', {}, "2021-10-26T09:43:59+02:00[Europe/Paris]"],
      ['concat(make_date_time(2019, 10, 17, 11, 55, 12, 0, "America/Los_Angeles"), "")', {}, "2019-10-17T11:55:12-07:00[America/Los_Angeles]"],
      ['format(date(missing), "HH:mm Z")', { missing: null }, null],
    ];
    const wrong: unknown[] = [];
    for (const [expression, sampleData, expected] of cases) {
      const reply = await validate(expression, sampleData);
      if (reply.status !== 200 || JSON.stringify(reply.body.result) !== JSON.stringify(expected)) wrong.push({ expression, expected, got: reply.body });
    }
    expect(wrong).toEqual([]);
  });

  it("is a fixed offset or a region as Java's ZoneId reads it, and a name that is neither is refused saying which forms are taken", async () => {
    const utc = 'date("2019-01-01T00:00:00Z")';
    const cases: Array<[string, unknown]> = [
      [`zone_date_to_zone(${utc}, "+05:30")`, "2019-01-01T05:30:00+05:30"],
      [`zone_date_to_zone(${utc}, "-08:00")`, "2018-12-31T16:00:00-08:00"],
      [`zone_date_to_zone(${utc}, "GMT+8")`, "2019-01-01T08:00:00+08:00"],
      [`zone_date_to_zone(${utc}, "UTC-0330")`, "2018-12-31T20:30:00-03:30"],
      [`zone_date_to_zone(${utc}, "Z")`, "2019-01-01T00:00:00Z"],
      [`zone_date_to_zone(${utc}, "EST")`, "2018-12-31T19:00:00-05:00[EST]"],
      [`format(zone_date_to_zone(${utc}, "+05:30"), "HH:mm XXX")`, "05:30 +05:30"],
      ['make_date_time(2019, 10, 17, 11, 55, 12, 0, "+05:30")', "2019-10-17T11:55:12+05:30"],
      ['zone_date_to_utc(make_date_time(2019, 10, 17, 11, 55, 12, 0, "-08:00"))', "2019-10-17T19:55:12Z"],
    ];
    const wrong: unknown[] = [];
    for (const [expression, expected] of cases) {
      const reply = await validate(expression);
      if (reply.status !== 200 || JSON.stringify(reply.body.result) !== JSON.stringify(expected)) wrong.push({ expression, expected, got: reply.body });
    }
    expect(wrong).toEqual([]);
    for (const name of ["PST", "+25:00", "Mars/Olympus", "+5:30"]) {
      const refused = await validate(`zone_date_to_zone(${utc}, "${name}")`);
      expect(refused.status, name).toBe(400);
      expect(refused.body.errorMessage, name).toContain(`"${name}" is not a time zone (a region such as "Europe/Paris", "UTC", or an offset such as "+05:30" or "GMT-8")`);
    }
  });

  it("is kept by the dates of an array that share it, as a date at top level keeps it, and UTC when they do not", async () => {
    const paris = 'zone_date_to_zone(date("2021-10-26T15:43:59Z"), "Europe/Paris")';
    const cases: Array<[string, Record<string, unknown>, unknown]> = [
      [`to_array(false, ${paris}, null)`, {}, ["2021-10-26T17:43:59+02:00[Europe/Paris]"]],
      [`[${paris}, ${paris}]`, {}, ["2021-10-26T17:43:59+02:00[Europe/Paris]", "2021-10-26T17:43:59+02:00[Europe/Paris]"]],
      ["[date(ts)]", PACIFIC, ["2019-10-17T11:55:12-08:00"]],
      ["[date(ts)][0]", PACIFIC, "2019-10-17T11:55:12-08:00"],
      [`first([${paris}])`, {}, "2021-10-26T17:43:59+02:00[Europe/Paris]"],
      ['format(last(to_array(true, date(ts))), "HH:mm XXX")', PACIFIC, "11:55 -08:00"],
      ['join(" ", [date(ts), date(ts)])', PACIFIC, "2019-10-17T11:55:12-08:00 2019-10-17T11:55:12-08:00"],
      ['concat("", [date(ts)])', PACIFIC, '["2019-10-17T11:55:12-08:00"]'],
      [`iif(true, [${paris}], [date(ts)])`, PACIFIC, ["2021-10-26T15:43:59Z"]],
      [`[${paris}, date(ts)]`, PACIFIC, ["2021-10-26T15:43:59Z", "2019-10-17T19:55:12Z"]],
    ];
    const wrong: unknown[] = [];
    for (const [expression, sampleData, expected] of cases) {
      const reply = await validate(expression, sampleData);
      if (reply.status !== 200 || JSON.stringify(reply.body.result) !== JSON.stringify(expected)) wrong.push({ expression, expected, got: reply.body });
    }
    expect(wrong).toEqual([]);
  });

  it("is said by validate's answer not to be kept by an array of dates in different zones or an object, and said of nothing else", async () => {
    const paris = 'zone_date_to_zone(date(ts), "Europe/Paris")';
    for (const [expression, sampleData] of [[`[${paris}, date(ts)]`, PACIFIC], [`{"at": ${paris}}`, PACIFIC], [`join_arrays([${paris}], [date(ts)])`, PACIFIC], [`first([${paris}, date(ts)])`, PACIFIC], [`[${paris}, date(ts)]`, undefined]] as const) {
      const reply = await call(system, "POST", `${EL}/validate`, { body: { expression, ...(sampleData && { sampleData }) } });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.notes, expression).toEqual([expect.stringMatching(/^the dates of an array in different zones, or of an object, are held in UTC/)]);
    }
    for (const expression of [`[${paris}, ${paris}]`, `first([${paris}])`, "[date(ts)]", `iif(true, ${paris}, date(ts))`, 'concat("a", "b")']) {
      const reply = await validate(expression, PACIFIC);
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.notes, expression).toBeUndefined();
    }
  });

  it("refuses a zone name that is no zone, and a short zone name it cannot write, naming them", async () => {
    const unknown = await validate('zone_date_to_zone(date("2021-10-26T15:43:59Z"), "Europe/Atlantis")');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errorMessage).toContain('"Europe/Atlantis" is not a time zone');
    const shortName = await validate('format(zone_date_to_zone(date("2021-10-26T15:43:59Z"), "Europe/Paris"), "HH:mm z")');
    expect(shortName.status).toBe(400);
    expect(shortName.text).toContain("Europe/Paris");
  });

  it("takes a zone ICU knows under an older name", async () => {
    const reply = await validate('format(zone_date_to_zone(date("2021-10-26T15:43:59Z"), "Asia/Kolkata"), "HH:mm")');
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.result).toBe("21:13");
  });

  it("is kept through iif, ? :, coalesce, decode, min and max: the date chosen keeps its zone, a null branch gives none", async () => {
    const paris = 'zone_date_to_zone(date("2021-10-26T15:43:59Z"), "Europe/Paris")';
    const parisNextDay = 'zone_date_to_zone(date("2021-10-27T15:43:59Z"), "Europe/Paris")';
    const cases: Array<[string, Record<string, unknown>, unknown]> = [
      [`format(iif(true, ${paris}, null), "HH:mm XXX")`, {}, "17:43 +02:00"],
      [`format(iif(flag, null, ${paris}), "HH:mm XXX VV")`, { flag: false }, "17:43 +02:00 Europe/Paris"],
      [`format(true ? ${paris} : null, "HH:mm XXX")`, {}, "17:43 +02:00"],
      [`format(coalesce(date(missing), ${paris}), "HH:mm XXX")`, { missing: null }, "17:43 +02:00"],
      [`coalesce(null, ${paris})`, {}, "2021-10-26T17:43:59+02:00[Europe/Paris]"],
      [`min(${parisNextDay}, ${paris})`, {}, "2021-10-26T17:43:59+02:00[Europe/Paris]"],
      [`date_part("hour", max(${paris}, ${parisNextDay}))`, {}, 17],
      [`format(decode(k, "a", ${paris}, "b", null), "HH:mm XXX")`, { k: "a" }, "17:43 +02:00"],
      // dates in different zones: the one chosen is written in its own zone, with its offset
      [`format(iif(flag, date(ts), ${paris}), "HH:mm XXX")`, { ...PACIFIC, flag: true }, "11:55 -08:00"],
      [`format(iif(flag, date(ts), ${paris}), "HH:mm XXX")`, { ...PACIFIC, flag: false }, "17:43 +02:00"],
      [`format(max(date(ts), ${paris}), "yyyy-MM-dd HH:mm XXX")`, PACIFIC, "2021-10-26 17:43 +02:00"],
      [`format(min(date(ts), ${paris}), "yyyy-MM-dd HH:mm XXX")`, PACIFIC, "2019-10-17 11:55 -08:00"],
      [`format(coalesce(date(missing), date(ts), ${paris}), "HH:mm XXX")`, { ...PACIFIC, missing: null }, "11:55 -08:00"],
      // a date without a zone beside a zoned one is UTC
      [`format(iif(flag, now(), ${paris}), "XXX")`, { flag: true }, "Z"],
    ];
    const wrong: unknown[] = [];
    for (const [expression, sampleData, expected] of cases) {
      const reply = await validate(expression, sampleData);
      if (reply.status !== 200 || JSON.stringify(reply.body.result) !== JSON.stringify(expected)) wrong.push({ expression, expected, got: reply.body });
    }
    expect(wrong).toEqual([]);
    const now = await validate('format(iif(true, zone_date_to_zone(now(), "Europe/Paris"), null), "HH:mm XXX")');
    expect(now.body.result).toMatch(/^\d\d:\d\d \+0[12]:00$/);
  });
});
