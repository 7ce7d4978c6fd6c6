import { describe, expect, it } from "vitest";
import { DatabricksSqlError } from "../databricks/errors.js";
import { ancientDatetimeRefusal, exportCalendarSettings } from "./export-calendar.js";

describe("the export's calendar", () => {
  it("asks for CORRECTED for dates and INT96 timestamps, and logs a refused setting as a warning naming it", async () => {
    const lines: string[] = [];
    const calendar = exportCalendarSettings(async (line) => void lines.push(line));
    expect(calendar.settings).toEqual({ "spark.sql.parquet.datetimeRebaseModeInWrite": "CORRECTED", "spark.sql.parquet.int96RebaseModeInWrite": "CORRECTED" });
    await calendar.onSettingRefused("spark.sql.parquet.int96RebaseModeInWrite", new Error("[CONFIG_NOT_AVAILABLE] not available"));
    expect(lines).toEqual([expect.stringContaining("refused SET spark.sql.parquet.int96RebaseModeInWrite=CORRECTED ([CONFIG_NOT_AVAILABLE] not available)")]);
  });

  it("turns Spark's refusal of an ancient date into a run failure that is not retried, naming the settings", () => {
    const refused = new DatabricksSqlError(
      "org.apache.spark.SparkUpgradeException: [INCONSISTENT_BEHAVIOR_CROSS_VERSION.WRITE_ANCIENT_DATETIME] You may get a different result …",
      undefined,
    );
    const failure = ancientDatetimeRefusal(refused);
    expect(failure).toMatchObject({ code: "CONNECTOR-2018-400", retryable: false });
    expect(failure?.message).toContain("set both to CORRECTED in the cluster's Spark config");
    expect(ancientDatetimeRefusal(new DatabricksSqlError("[TABLE_OR_VIEW_NOT_FOUND] The table or view `x` cannot be found.", undefined))).toBeUndefined();
  });
});
