/**
 * A DATABASE_URL is checked before any embedded service starts, so a typo is reported as what it
 * is — not a URL, a server that does not answer, a database that does not exist, a login refused —
 * and not as a failure of something started after it.
 */
import pg from "pg";
import { ConfigError } from "../config.js";

const CONNECT_TIMEOUT_MS = 5_000;

export async function checkDatabaseUrl(databaseUrl: string): Promise<void> {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new ConfigError("DATABASE_URL is not a URL: expected postgres://user:password@host:5432/database");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConfigError(`DATABASE_URL must be a postgres:// URL, got ${url.protocol}//…`);
  }
  const where = `${url.hostname}:${url.port || "5432"}`;
  const database = decodeURIComponent(url.pathname.slice(1)) || "(the user's default)";
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    throw new ConfigError(`DATABASE_URL: ${reason(error as { code?: string; message?: string }, where, database)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

function reason(error: { code?: string; message?: string }, where: string, database: string): string {
  switch (error.code) {
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EHOSTUNREACH":
    case "ETIMEDOUT":
      return `the PostgreSQL server at ${where} cannot be reached (${error.code})`;
    case "3D000":
      return `the database ${database} does not exist on ${where} (create it, or name another one)`;
    case "28P01":
    case "28000":
      return `${where} refused the login (${error.message})`;
  }
  if (/timeout/i.test(error.message ?? "")) return `the PostgreSQL server at ${where} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
  return `cannot connect to ${where}: ${error.message ?? error.code}`;
}
