/**
 * Queries of the `resources` table. Every read and write names the (org, sandbox) scope: a row of
 * one sandbox is invisible from another. Updates are guarded by the etag the caller read, so two
 * concurrent PATCHes cannot both win.
 */
import type { Kysely, Transaction } from "kysely";
import type { StoreCapabilities } from "./database.js";
import type { ResourceKind, ResourceTable } from "./resources.table.js";
import { isPossibleId } from "../aep-conventions/ids.js";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import type { Database } from "./schema.js";
import { inSandbox } from "./sandbox-scope.js";
import { type ListColumns, listPage } from "./list-pages.js";
import type { ListQuery } from "../aep-conventions/listing/list-query.js";
import type { ListResult } from "../aep-conventions/listing/page.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface ResourceRecord {
  id: string;
  kind: ResourceKind;
  parentId: string | null;
  document: Record<string, unknown>;
  secret: string | null;
  etag: string;
  createdAt: number;
  updatedAt: number;
}

/** A row as the services see it: the document parsed, the times as numbers. */
export function toResourceRecord(row: ResourceTable): ResourceRecord {
  return {
    id: row.id,
    kind: row.kind,
    parentId: row.parent_id,
    document: JSON.parse(row.document) as Record<string, unknown>,
    secret: row.secret,
    etag: row.etag,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function insertResource(db: Db, scope: CallerSandbox, record: ResourceRecord): Promise<void> {
  await db
    .insertInto("resources")
    .values({
      id: record.id,
      kind: record.kind,
      ims_org_id: scope.imsOrgId,
      sandbox_name: scope.sandboxName,
      parent_id: record.parentId,
      document: JSON.stringify(record.document),
      secret: record.secret,
      etag: record.etag,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
    })
    .execute();
}

export async function findResource(db: Db, kind: ResourceKind, scope: CallerSandbox, id: string): Promise<ResourceRecord | undefined> {
  if (!isPossibleId(id)) return undefined;
  const row = await db
    .selectFrom("resources")
    .selectAll()
    .where("id", "=", id)
    .where("kind", "=", kind)
    .where(inSandbox(scope))
    .executeTakeFirst();
  return row && toResourceRecord(row);
}

/** Oldest first, then by id: a stable base order for in-memory filtering and paging. */
export async function listResources(db: Db, kind: ResourceKind, scope: CallerSandbox): Promise<ResourceRecord[]> {
  return listSandboxResources(db, scope, { kinds: [kind] });
}

/** The paths of a resource's list item (`toItem` in src/flowservice, Catalog's dataSet) its columns hold. */
export const RESOURCE_LIST_COLUMNS: ListColumns = {
  id: { column: "id", type: "key" },
  createdAt: { column: "created_at", type: "number" },
  updatedAt: { column: "updated_at", type: "number" },
};

/** One page of the sandbox's resources of a kind, filtered, ordered and paged in SQL (list-pages.ts). */
export async function pageResources<Doc extends { id: string }>(
  db: Db,
  kind: ResourceKind,
  scope: CallerSandbox,
  query: ListQuery,
  view: { columns?: ListColumns; toDocument: (record: ResourceRecord) => Doc; offset?: number },
): Promise<ListResult<Doc>> {
  const rows = db.selectFrom("resources").selectAll().where("kind", "=", kind).where(inSandbox(scope));
  return listPage(
    { rows, columns: view.columns ?? RESOURCE_LIST_COLUMNS, offset: view.offset, toDocuments: async (found) => found.map((row) => view.toDocument(toResourceRecord(row))) },
    query,
  );
}

/** The sandbox's resources of these kinds (and of this parent, when given), in the order of listResources. */
export async function listSandboxResources(
  db: Db,
  scope: CallerSandbox,
  filter: { kinds: readonly ResourceKind[]; parentId?: string },
): Promise<ResourceRecord[]> {
  const { kinds, parentId } = filter;
  if (kinds.length === 0 || (parentId !== undefined && !isPossibleId(parentId))) return [];
  let query = db.selectFrom("resources").selectAll().where("kind", "in", [...kinds]).where(inSandbox(scope));
  if (parentId !== undefined) query = query.where("parent_id", "=", parentId);
  const rows = await query.orderBy("created_at").orderBy("id").execute();
  return rows.map(toResourceRecord);
}

/** Replaces a resource if its etag is still `expectedEtag`; false when another update won. */
export async function updateResource(
  db: Db,
  scope: CallerSandbox,
  record: Pick<ResourceRecord, "id" | "kind" | "parentId" | "document" | "secret" | "etag" | "updatedAt">,
  expectedEtag: string,
): Promise<boolean> {
  const result = await db
    .updateTable("resources")
    .set({
      parent_id: record.parentId,
      document: JSON.stringify(record.document),
      secret: record.secret,
      etag: record.etag,
      updated_at: record.updatedAt,
    })
    .where("id", "=", record.id)
    .where("kind", "=", record.kind)
    .where(inSandbox(scope))
    .where("etag", "=", expectedEtag)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteResource(db: Db, kind: ResourceKind, scope: CallerSandbox, id: string): Promise<boolean> {
  if (!isPossibleId(id)) return false;
  const result = await db
    .deleteFrom("resources")
    .where("id", "=", id)
    .where("kind", "=", kind)
    .where(inSandbox(scope))
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * Locks the sandbox's resource of a kind until the transaction ends; false when it does not exist.
 * `keep` holds it against deletion while a resource naming it is written (PostgreSQL's FOR KEY
 * SHARE, which PATCHes of it do not wait for); `delete` holds it against those writers while its
 * dependents are counted and it is deleted (FOR UPDATE). SQLite's one connection already runs
 * transactions one at a time.
 */
export async function lockResource(
  trx: Transaction<Database>,
  capabilities: StoreCapabilities,
  kind: ResourceKind,
  scope: CallerSandbox,
  id: string,
  purpose: "keep" | "delete",
): Promise<boolean> {
  if (!isPossibleId(id)) return false;
  const query = trx.selectFrom("resources").select("id").where("id", "=", id).where("kind", "=", kind).where(inSandbox(scope));
  const locked = !capabilities.rowLocks ? query : purpose === "keep" ? query.forKeyShare() : query.forUpdate();
  return (await locked.executeTakeFirst()) !== undefined;
}

/** The ids of the sandbox's resources of a kind that name this one as their parent (a connection's source connections), in order. */
export async function childResources(db: Db, kind: ResourceKind, scope: CallerSandbox, parentId: string): Promise<string[]> {
  if (!isPossibleId(parentId)) return [];
  const rows = await db.selectFrom("resources").select("id").where("parent_id", "=", parentId).where("kind", "=", kind).where(inSandbox(scope)).orderBy("id").execute();
  return rows.map((row) => row.id);
}

/** The ids of the sandbox's flows that reference the resource (a mapping set, a dataset, a connection), in order. */
export async function flowsUsing(db: Db, scope: CallerSandbox, resourceId: string): Promise<string[]> {
  if (!isPossibleId(resourceId)) return [];
  return (await flowsReferencing(db, scope, resourceId).orderBy("flows.id").execute()).map((r) => r.id);
}

/** The ids of the sandbox's flows that reference the resource (flow_references, migration 0003_dataflows). */
function flowsReferencing(db: Db, scope: CallerSandbox, resourceId: string) {
  return db
    .selectFrom("flow_references")
    .innerJoin("flows", "flows.id", "flow_references.flow_id")
    .select("flows.id")
    .where("flow_references.resource_id", "=", resourceId)
    .where(inSandbox(scope));
}

/** What uses a dataset of the sandbox: the target connections that write to it and the flows that reference it. */
export async function datasetUsers(db: Db, scope: CallerSandbox, dataSetId: string): Promise<{ targetConnections: string[]; flows: string[] }> {
  if (!isPossibleId(dataSetId)) return { targetConnections: [], flows: [] };
  const targetConnections = await db
    .selectFrom("resources")
    .select("id")
    .where("kind", "=", "targetConnection")
    .where("parent_id", "=", dataSetId)
    .where(inSandbox(scope))
    .orderBy("id")
    .execute();
  return { targetConnections: targetConnections.map((r) => r.id), flows: await flowsUsing(db, scope, dataSetId) };
}
