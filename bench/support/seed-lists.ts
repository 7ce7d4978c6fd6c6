/**
 * A sandbox with many flows, runs, connections and datasets, written straight into the store in
 * bulk (INSERT … SELECT over a generated sequence): the API would take hours to make a million
 * runs. The rows have the shape the service writes (a run's details, a flow's body), so listing
 * them costs what it would.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../src/store/schema.js";

export interface ListSeed {
  flows: number;
  runsPerFlow: number;
  connections: number;
  datasets: number;
  scope: { imsOrgId: string; sandboxName: string };
}

const T0 = 1_700_000_000_000;
const ETAG = '"00000000-0000-0200-0000-000000000000"';

/** The ids of the flows it inserted, oldest first. */
export async function seedLists(db: Kysely<Database>, dialect: "sqlite" | "postgres", seed: ListSeed): Promise<string[]> {
  const uuid = dialect === "postgres" ? sql`gen_random_uuid()::text` : sql`lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;
  const hex24 = dialect === "postgres" ? sql`substr(md5(random()::text), 1, 24)` : sql`lower(hex(randomblob(12)))`;
  const { imsOrgId, sandboxName } = seed.scope;
  // inlined: a bigint parameter next to an integer sequence would be typed integer by PostgreSQL
  const t0 = sql.lit(T0);
  const numbers = (count: number) => sql`WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count - 1})`;

  const flowIds = Array.from({ length: seed.flows }, () => randomUUID());
  const CHUNK = 500;
  for (let first = 0; first < flowIds.length; first += CHUNK) {
    await db
      .insertInto("flows")
      .values(
        flowIds.slice(first, first + CHUNK).map((id, i) => ({
          id, ims_org_id: imsOrgId, sandbox_name: sandboxName, name: `flow ${first + i}`, state: "enabled", etag: ETAG,
          body: JSON.stringify(flowBody(first + i)), start_time: T0 / 1000, frequency: "minute", interval: 1, backfill: 0,
          scheduled_through: seed.runsPerFlow - 1, anchor_seq: null, anchor_time: null, secret: null,
          created_at: T0 + (first + i) * 1000, updated_at: T0 + (first + i) * 1000,
        })),
      )
      .execute();
  }

  // run n of every flow, windows one minute apart; every 50th window failed
  const details = JSON.stringify({
    pinnedVersion: 12,
    copy: { startedAt: T0, completedAt: T0 + 900, files: 2, bytes: 48_213 },
    promotion: { startedAt: T0 + 900, completedAt: T0 + 1_400, committed: true, batchId: "01HZZZZZZZZZZZZZZZZZZZZZZZ", inputRecords: 1_000, outputRecords: 1_000, failedRecords: 0, outputBytes: 51_200, outputFiles: 1 },
  });
  await sql`
    INSERT INTO runs (id, flow_id, ims_org_id, sandbox_name, window_seq, window_start, window_end, due_at, status, ${sql.ref("trigger")},
                      attempts, started_at, completed_at, etag, details, created_at, updated_at)
    ${numbers(seed.runsPerFlow)}
    SELECT ${uuid}, f.id, f.ims_org_id, f.sandbox_name, s.n, ${t0} + s.n * 60000, ${t0} + (s.n + 1) * 60000, ${t0} + (s.n + 1) * 60000,
           CASE WHEN s.n % 50 = 49 THEN 'failed' ELSE 'success' END, 'schedule', 1,
           ${t0} + (s.n + 1) * 60000 + 100, ${t0} + (s.n + 1) * 60000 + 1500, ${ETAG}, ${details},
           ${t0} + (s.n + 1) * 60000 + f.created_at - ${t0}, ${t0} + (s.n + 1) * 60000 + 1500
    FROM flows f CROSS JOIN seq s
    WHERE f.ims_org_id = ${imsOrgId} AND f.sandbox_name = ${sandboxName}`.execute(db);

  const resources = async (kind: string, count: number, id: typeof uuid, document: ReturnType<typeof sql>) => {
    if (count === 0) return;
    await sql`
      INSERT INTO resources (id, kind, ims_org_id, sandbox_name, parent_id, document, secret, etag, created_at, updated_at)
      ${numbers(count)}
      SELECT ${id}, ${kind}, ${imsOrgId}, ${sandboxName}, NULL, ${document}, NULL, ${ETAG}, ${t0} + s.n * 1000, ${t0} + s.n * 1000
      FROM seq s`.execute(db);
  };
  const connection = `{"name":"databricks","description":"","connectionSpec":{"id":"ad2f5b1b-6a37-4e6a-8a2b-3c6f0c0c2d5b","version":"1.0"},"auth":{"specName":"Access Token Authentication","params":{"domain":"adb-1.azuredatabricks.net","clusterId":"0101-000000-abcdefgh","database":"default"}},"state":"enabled","createdBy":"bench@AdobeID","createdClient":"bench","updatedBy":"bench@AdobeID","updatedClient":"bench"}`;
  await resources("connection", seed.connections, uuid, sql`${connection}`);
  await resources("dataSet", seed.datasets, hex24, sql`'{"name":"dataset ' || s.n || '","imsOrg":"' || ${imsOrgId} || '","tags":{},"version":"1.0.0","created":' || (${t0} + s.n * 1000) || ',"updated":' || (${t0} + s.n * 1000) || ',"schemaRef":{"id":"https://ns.adobe.com/tenant/schemas/0123456789abcdef","contentType":"application/vnd.adobe.xed+json;version=1"},"classification":{"dataBehavior":"record"}}'`);
  if (dialect === "postgres") await sql`ANALYZE`.execute(db);
  return flowIds;
}

function flowBody(i: number) {
  return {
    name: `flow ${i}`,
    description: "",
    flowSpec: { id: "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5", version: "1.0" },
    sourceConnectionIds: [randomUUID()],
    targetConnectionIds: [randomUUID()],
    transformations: [{ name: "Mapping", params: { mappingId: "0123456789abcdef0123456789abcdef", mappingVersion: 0 } }],
    scheduleParams: { startTime: String(T0 / 1000), frequency: "minute", interval: 1 },
    createdBy: "bench@AdobeID",
    createdClient: "bench",
    updatedBy: "bench@AdobeID",
    updatedClient: "bench",
  };
}
