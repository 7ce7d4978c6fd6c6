/**
 * The demo tables `npm start` provides, each created only if absent: demo.customers (100,000+
 * rows: BIGINT id, strings, DECIMAL(38,18), a nested STRUCT, TIMESTAMP) and demo.orders (change
 * data feed on, three commits of changes). Written through the workspace's own SQL, so seeding
 * them is also a smoke test of it.
 */
import type { StatementContext } from "./exec/context.js";
import { executeSql } from "./exec/executor.js";

const COUNTRIES = "CASE id % 8 WHEN 0 THEN 'US' WHEN 1 THEN 'DE' WHEN 2 THEN 'FR' WHEN 3 THEN 'GB' WHEN 4 THEN 'JP' WHEN 5 THEN 'BR' WHEN 6 THEN 'IN' ELSE 'CA' END";
const CITIES = "CASE id % 5 WHEN 0 THEN 'Springfield' WHEN 1 THEN 'Riverside' WHEN 2 THEN 'Franklin' WHEN 3 THEN 'Greenville' ELSE 'Bristol' END";
/** 2024-01-01T00:00:00Z plus a few seconds per row */
const EPOCH_2024_MS = 1_704_067_200_000;

export function demoStatements(rows: number): Record<string, string[]> {
  return {
    customers: [
      `CREATE TABLE demo.customers (
         id BIGINT NOT NULL COMMENT 'customer id',
         name STRING,
         email STRING,
         country STRING,
         balance DECIMAL(38,18),
         address STRUCT<street: STRING, city: STRING, postal_code: STRING>,
         updated_at TIMESTAMP
       ) USING DELTA COMMENT 'Demo customers (local workspace seed)'`,
      `INSERT INTO demo.customers
       SELECT id,
              concat('Customer ', id),
              concat('customer', id, '@example.com'),
              ${COUNTRIES},
              CAST(concat(id, '.', lpad(CAST(id % 1000000 AS STRING), 18, '0')) AS DECIMAL(38,18)),
              named_struct('street', concat(id % 997, ' Main Street'), 'city', ${CITIES}, 'postal_code', lpad(CAST(id % 100000 AS STRING), 5, '0')),
              timestamp_millis(${EPOCH_2024_MS} + id * 7919)
       FROM range(1, ${rows + 1})`,
    ],
    orders: [
      `CREATE TABLE demo.orders (
         order_id BIGINT NOT NULL,
         customer_id BIGINT,
         amount DECIMAL(18,2),
         status STRING,
         ordered_at TIMESTAMP
       ) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)`,
      `INSERT INTO demo.orders
       SELECT id, 1 + pmod(id * 7919, ${rows}), CAST(CAST(id % 50000 AS DECIMAL(18,0)) * 0.01 AS DECIMAL(18,2)),
              CASE id % 4 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'shipped' ELSE 'placed' END,
              timestamp_millis(${EPOCH_2024_MS} + id * 60000)
       FROM range(1, 20001)`,
      `INSERT INTO demo.orders
       SELECT id, 1 + pmod(id * 7919, ${rows}), CAST(CAST(id % 50000 AS DECIMAL(18,0)) * 0.01 AS DECIMAL(18,2)), 'placed',
              timestamp_millis(${EPOCH_2024_MS} + id * 60000)
       FROM range(20001, 25001)`,
      `DELETE FROM demo.orders WHERE status = 'cancelled' AND order_id <= 2000`,
    ],
  };
}

export async function seedDemo(ctx: StatementContext, rows: number): Promise<void> {
  const { metastore } = ctx.parts;
  await run(ctx, "CREATE SCHEMA IF NOT EXISTS demo");
  for (const [table, statements] of Object.entries(demoStatements(rows))) {
    if (metastore.findTable(metastore.defaultCatalog, "demo", table)) continue;
    for (const sql of statements) await run(ctx, sql);
    ctx.parts.logger.info({ table: `demo.${table}` }, "seeded demo table");
  }
}

async function run(ctx: StatementContext, sql: string): Promise<void> {
  const result = await executeSql(ctx, sql);
  if (result.resultType === "error") throw new Error(`seeding the demo tables failed: ${result.summary}\n${sql}`);
}
