/**
 * What a cluster's access mode (`data_security_mode`) changes for a session: a standard (shared)
 * cluster, `USER_ISOLATION` or its newer name `DATA_SECURITY_MODE_STANDARD`, isolates its users'
 * sessions and lets a `SET` change only the Spark configs on its allow-list, refusing any other with
 * Databricks' CONFIG_NOT_AVAILABLE; the cluster's own spark_conf applies all the same. Dedicated
 * (`SINGLE_USER`) and no-isolation clusters let a session set any config.
 */
import { SqlError } from "../errors.js";

const STANDARD_ACCESS_MODES = new Set(["USER_ISOLATION", "DATA_SECURITY_MODE_STANDARD"]);

/** the session configs a standard cluster lets a SET change (modelled on those Databricks lists for serverless compute) */
const SESSION_CONFIGS_OF_STANDARD_MODE = new Set([
  "spark.sql.session.timeZone",
  "spark.sql.ansi.enabled",
  "spark.sql.shuffle.partitions",
  "spark.sql.legacy.timeParserPolicy",
  "spark.sql.files.maxPartitionBytes",
]);

/** Throws Databricks' refusal when a cluster of this access mode does not let a session SET `key`. */
export function checkSessionConfAllowed(dataSecurityMode: string, key: string): void {
  if (STANDARD_ACCESS_MODES.has(dataSecurityMode) && !SESSION_CONFIGS_OF_STANDARD_MODE.has(key)) throw configNotAvailable(key);
}

/** Databricks' error condition for a config the compute does not let a session set (SQLSTATE 42K0I) */
function configNotAvailable(key: string): SqlError {
  return new SqlError("org.apache.spark.sql.AnalysisException", "CONFIG_NOT_AVAILABLE", `Configuration ${key} is not available. SQLSTATE: 42K0I`);
}
