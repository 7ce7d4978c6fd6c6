/**
 * A cluster in standard (shared) access mode lets a session SET only the Spark configs on its
 * allow-list, refusing the others as Databricks does (CONFIG_NOT_AVAILABLE), while its own spark_conf
 * still applies; a dedicated or no-isolation cluster lets a session set any.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { ACCOUNT_HOST, containerSas, expectError, rows, startHarness, type Harness } from "../../support/local-workspace.js";

const DATE_MODE = "spark.sql.parquet.datetimeRebaseModeInWrite";
const INT96_MODE = "spark.sql.parquet.int96RebaseModeInWrite";
const CONTAINER = "shared-mode";

let h: Harness;
let sasConf: Record<string, string>;

beforeAll(async () => {
  h = await startHarness();
  await h.client.waitForState("RUNNING");
  const { sas } = await containerSas(h, CONTAINER);
  sasConf = { [`fs.azure.sas.${CONTAINER}.${ACCOUNT_HOST}`]: sas };
});
afterAll(() => h.close());

/** clusters/edit as the API takes it (the whole spec), then waits for the restart */
async function editCluster(dataSecurityMode: string, sparkConf: Record<string, string> = {}) {
  const edited = await h.client.post("/api/2.1/clusters/edit", {
    cluster_id: h.ws.clusterId,
    spark_version: "15.4.x-scala2.12",
    data_security_mode: dataSecurityMode,
    spark_conf: { ...sasConf, ...sparkConf },
  });
  expect(edited.status, JSON.stringify(edited.body)).toBe(200);
  expect((await h.client.waitForState("RUNNING")).data_security_mode).toBe(dataSecurityMode);
}

it.each(["USER_ISOLATION", "DATA_SECURITY_MODE_STANDARD"])("refuses on a %s cluster a SET of a config not on its allow-list, keeping nothing of it", async (mode) => {
  await editCluster(mode);
  const ctx = await h.client.createContext();
  for (const key of [DATE_MODE, INT96_MODE]) {
    expect(expectError(await h.client.sql(ctx, `SET ${key}=CORRECTED`))).toBe(
      `org.apache.spark.sql.AnalysisException: [CONFIG_NOT_AVAILABLE] Configuration ${key} is not available. SQLSTATE: 42K0I`,
    );
    expect(rows(await h.client.sql(ctx, `SET ${key}`))).toEqual([{ key, value: "<undefined>" }]);
  }
  // a config on the allow-list is set as on any cluster
  expect(rows(await h.client.sql(ctx, "SET spark.sql.session.timeZone = 'UTC'"))).toEqual([{ key: "spark.sql.session.timeZone", value: "UTC" }]);
});

it.each(["SINGLE_USER", "NONE"])("lets a session on a %s cluster SET the rebase modes", async (mode) => {
  await editCluster(mode);
  const ctx = await h.client.createContext();
  for (const key of [DATE_MODE, INT96_MODE]) {
    expect(rows(await h.client.sql(ctx, `SET ${key}=CORRECTED`))).toEqual([{ key, value: "CORRECTED" }]);
  }
});

it("writes an ancient date on a shared cluster as its own spark_conf says, whatever the session asked", async () => {
  const exportAncient = async (folder: string) => {
    const ctx = await h.client.createContext();
    await h.client.sql(ctx, `SET ${DATE_MODE}=CORRECTED`);
    return h.client.sql(ctx, `INSERT OVERWRITE DIRECTORY 'wasbs://${CONTAINER}@${ACCOUNT_HOST}/${folder}' USING PARQUET SELECT DATE '1500-03-01' AS d`);
  };
  await editCluster("USER_ISOLATION");
  expect(expectError(await exportAncient("refused"))).toContain("INCONSISTENT_BEHAVIOR_CROSS_VERSION.WRITE_ANCIENT_DATETIME");

  await editCluster("USER_ISOLATION", { [DATE_MODE]: "CORRECTED", [INT96_MODE]: "CORRECTED" });
  expect((await exportAncient("corrected")).results).toMatchObject({ resultType: "table" });
});
