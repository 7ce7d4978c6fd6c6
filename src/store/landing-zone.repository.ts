/** Queries of the landing-zone tables. Functions take `db` or a transaction; rows become domain records here. */
import { type CompiledQuery, type Kysely, type Selectable, sql, type Transaction } from "kysely";
import { kept } from "./postgres-statements.js";
import type { StoreCapabilities } from "./database.js";
import type { LandingZoneContainerTable, LandingZonePolicyTable } from "./landing-zone.table.js";
import type { Database } from "./schema.js";

/** A stored access policy of a landing-zone container. */
export interface PolicyRecord {
  policyId: string;
  createdAt: number;
  expiresAt: number;
  supersededAt: number | null;
}

export interface ContainerRecord {
  id: string;
  imsOrgId: string;
  sandboxName: string;
  type: string;
  containerName: string;
}

type Db = Kysely<Database> | Transaction<Database>;

export async function findContainer(
  db: Db,
  scope: { imsOrgId: string; sandboxName: string; type: string },
): Promise<ContainerRecord | undefined> {
  const row = await db
    .selectFrom("landing_zone_containers")
    .selectAll()
    .where("ims_org_id", "=", scope.imsOrgId)
    .where("sandbox_name", "=", scope.sandboxName)
    .where("type", "=", scope.type)
    .executeTakeFirst();
  return row && toContainerRecord(row);
}

function toContainerRecord(row: Selectable<LandingZoneContainerTable>): ContainerRecord {
  return { id: row.id, imsOrgId: row.ims_org_id, sandboxName: row.sandbox_name, type: row.type, containerName: row.container_name };
}

export async function listContainers(db: Db): Promise<ContainerRecord[]> {
  const rows = await db.selectFrom("landing_zone_containers").selectAll().orderBy("created_at").execute();
  return rows.map(toContainerRecord);
}

/** Inserts the container row unless one exists for the scope (another process may win the race). */
export async function insertContainerIfAbsent(db: Db, record: ContainerRecord, now: number): Promise<void> {
  await db
    .insertInto("landing_zone_containers")
    .values({
      id: record.id,
      ims_org_id: record.imsOrgId,
      sandbox_name: record.sandboxName,
      type: record.type,
      container_name: record.containerName,
      created_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Holds the container's row lock until the transaction ends, where the store has row locks. */
export async function lockContainer(trx: Transaction<Database>, containerId: string, capabilities: StoreCapabilities): Promise<void> {
  if (!capabilities.rowLocks) return; // SQLite: the transaction holds the only connection
  await trx.selectFrom("landing_zone_containers").select("id").where("id", "=", containerId).forUpdate().execute();
}

/**
 * Every GET credentials reads its container's policies, so the query is compiled once per store
 * (building and compiling it cost as much as SQLite running it) and run with the id, kept as a
 * prepared statement on PostgreSQL (planned once per connection instead of on every read).
 */
type PolicyRow = Pick<Selectable<LandingZonePolicyTable>, "policy_id" | "created_at" | "expires_at" | "superseded_at">;
const compiledPolicyReads = new WeakMap<Db, CompiledQuery<PolicyRow>>();
const CONTAINER_ID_SLOT = "\u0000container id";

export async function listPolicies(db: Db, containerId: string): Promise<PolicyRecord[]> {
  let compiled = compiledPolicyReads.get(db);
  if (!compiled) {
    compiled = kept(sql<PolicyRow>`
      select policy_id, created_at, expires_at, superseded_at from landing_zone_policies
      where container_id = ${CONTAINER_ID_SLOT} order by created_at desc`).compile(db);
    compiledPolicyReads.set(db, compiled);
  }
  const parameters = compiled.parameters.map((p) => (p === CONTAINER_ID_SLOT ? containerId : p));
  const { rows } = await db.executeQuery<PolicyRow>({ ...compiled, parameters });
  return rows.map((r) => ({ policyId: r.policy_id, createdAt: r.created_at, expiresAt: r.expires_at, supersededAt: r.superseded_at }));
}

export async function replacePolicies(
  trx: Transaction<Database>,
  containerId: string,
  keep: readonly PolicyRecord[],
  drop: readonly PolicyRecord[],
): Promise<void> {
  if (drop.length > 0) {
    await trx.deleteFrom("landing_zone_policies").where("policy_id", "in", drop.map((p) => p.policyId)).execute();
  }
  for (const p of keep) {
    await trx
      .insertInto("landing_zone_policies")
      .values({ policy_id: p.policyId, container_id: containerId, created_at: p.createdAt, expires_at: p.expiresAt, superseded_at: p.supersededAt })
      .onConflict((oc) => oc.column("policy_id").doUpdateSet({ expires_at: p.expiresAt, superseded_at: p.supersededAt }))
      .execute();
  }
}
