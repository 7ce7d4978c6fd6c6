/**
 * SET in an execution context: Spark SQL settings that last as long as the context. Any key is kept,
 * as Spark keeps it, unless the cluster's access mode refuses it (cluster/access-mode.ts); the rebase
 * modes, which the local workspace acts on when it writes Parquet, are checked and upper-cased as
 * Spark does. The cluster's spark_conf is never listed (it holds SAS tokens).
 */
import { checkSessionConfAllowed } from "../cluster/access-mode.js";
import { sqlErrors } from "../errors.js";
import { tableResult, type TableResult } from "../results/table-result.js";
import type { StatementContext } from "./context.js";
import { applyTimeZone, SESSION_TIME_ZONE, useTimeZone } from "./session-time-zone.js";

const REBASE_MODES = ["EXCEPTION", "CORRECTED", "LEGACY"] as const;
export type RebaseMode = (typeof REBASE_MODES)[number];

/** Spark's key and its older `spark.sql.legacy.` alias */
const DATETIME_REBASE_KEYS = ["spark.sql.parquet.datetimeRebaseModeInWrite", "spark.sql.legacy.parquet.datetimeRebaseModeInWrite"];
const CHECKED_KEYS = new Set([...DATETIME_REBASE_KEYS, "spark.sql.parquet.int96RebaseModeInWrite", "spark.sql.legacy.parquet.int96RebaseModeInWrite"]);

/** Spark 3.5's default (the local cluster's runtime): an ancient date fails the write */
const DEFAULT_REBASE_MODE: RebaseMode = "EXCEPTION";

const COLUMNS = [
  { name: "key", type: "string" },
  { name: "value", type: "string" },
];

export async function setConf(ctx: StatementContext, key: string | undefined, value: string | undefined): Promise<TableResult> {
  const conf = ctx.session.conf;
  if (!conf) throw sqlErrors.unsupported("SET on a SQL warehouse");
  if (key?.startsWith("-")) throw sqlErrors.unsupported(`SET ${key}`);
  if (key === undefined) return tableResult(COLUMNS, [...conf].map(([k, v]) => [k, v]));
  if (value === undefined) return tableResult(COLUMNS, [[key, conf.get(key) ?? "<undefined>"]]);
  checkSessionConfAllowed(ctx.parts.cluster.dataSecurityMode, key);
  if (key === SESSION_TIME_ZONE) await useTimeZone(ctx, value);
  const stored = CHECKED_KEYS.has(key) ? rebaseMode(key, value) : value;
  conf.set(key, stored);
  return tableResult(COLUMNS, [[key, stored]]);
}

function rebaseMode(key: string, value: string): RebaseMode {
  const mode = asRebaseMode(value);
  if (!mode) throw sqlErrors.confValue(key, REBASE_MODES, value);
  return mode;
}

/** the mode a setting's value names, upper-cased as Spark reads it; undefined for any other value */
function asRebaseMode(value: string): RebaseMode | undefined {
  const mode = value.trim().toUpperCase();
  return (REBASE_MODES as readonly string[]).includes(mode) ? (mode as RebaseMode) : undefined;
}

/** The session's time zone on the command's connection, when the context or the cluster's spark_conf sets one (a SQL warehouse's is UTC) */
export async function applySessionTimeZone(ctx: StatementContext): Promise<void> {
  if (ctx.session.conf) await applyTimeZone(ctx, sparkSetting(ctx, SESSION_TIME_ZONE));
}

/** a Spark setting as a statement sees it: the context's SET, else the cluster's spark_conf */
export function sparkSetting(ctx: StatementContext, key: string): string | undefined {
  return ctx.session.conf?.get(key) ?? ctx.parts.cluster.sparkConf[key];
}

/** How Parquet writes dates and timestamps here: the context's SET, else the cluster's spark_conf, else Spark's default. */
export function datetimeRebaseModeInWrite(ctx: StatementContext): RebaseMode {
  for (const source of [ctx.session.conf, new Map(Object.entries(ctx.parts.cluster.sparkConf))]) {
    for (const key of DATETIME_REBASE_KEYS) {
      const value = source?.get(key);
      const mode = value === undefined ? undefined : asRebaseMode(value);
      if (mode) return mode;
    }
  }
  return DEFAULT_REBASE_MODE;
}
