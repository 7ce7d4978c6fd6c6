/** A fresh PostgreSQL database per test file on the machine's server (127.0.0.1:5432, trust auth). */
import { randomBytes } from "node:crypto";
import pg from "pg";

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new empty database, or a copy of the database `template` names (no one may be connected to it). */
export async function createTestDatabase(template?: string): Promise<TestDatabase> {
  const name = `ds_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export type Dialect = "sqlite" | "postgres";

/** The dialects a suite runs on; DIALECTS=sqlite narrows it (like kysely's test setup). */
export const DIALECTS: Dialect[] = (process.env.DIALECTS?.split(",") as Dialect[] | undefined) ?? ["sqlite", "postgres"];
