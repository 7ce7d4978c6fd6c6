/**
 * Queries the Schema Registry needs beyond the common ones of resources.repository.ts: what uses a
 * schema, the descriptors of a schema, all its tenant resources at once, and a compare-and-set of
 * a row's etag that serializes writes touching one schema (its descriptors) across processes.
 */
import type { Kysely, Transaction } from "kysely";
import type { ResourceKind } from "./resources.table.js";
import { isPossibleId } from "../aep-conventions/ids.js";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import type { Database } from "./schema.js";
import { listSandboxResources, type ResourceRecord } from "./resources.repository.js";
import { inSandbox } from "./sandbox-scope.js";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The first dataset or mapping set built on the schema, if any: both record their schema's row id
 * as `parent_id` (src/catalog/datasets.ts, src/dataprep/mapping-sets.ts).
 */
export async function findSchemaUser(db: Db, scope: CallerSandbox, schemaRowId: string): Promise<{ kind: ResourceKind; id: string } | undefined> {
  if (!isPossibleId(schemaRowId)) return undefined;
  return db
    .selectFrom("resources")
    .select(["kind", "id"])
    .where("parent_id", "=", schemaRowId)
    .where("kind", "in", ["dataSet", "mappingSet"])
    .where(inSandbox(scope))
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
}

/** The resources of one kind hanging off a parent (a schema's descriptors), oldest first. */
export async function listResourcesByParent(db: Db, scope: CallerSandbox, kind: ResourceKind, parentId: string): Promise<ResourceRecord[]> {
  return listSandboxResources(db, scope, { kinds: [kind], parentId });
}

/** Every resource of these kinds in the sandbox, oldest first. */
export async function listResourcesOfKinds(db: Db, scope: CallerSandbox, kinds: readonly ResourceKind[]): Promise<ResourceRecord[]> {
  return listSandboxResources(db, scope, { kinds });
}

/** Moves a row's etag from `expected` to `next`; false when another write got there first. */
export async function swapEtag(db: Db, scope: CallerSandbox, kind: ResourceKind, id: string, expected: string, next: string): Promise<boolean> {
  const result = await db
    .updateTable("resources")
    .set({ etag: next })
    .where("id", "=", id)
    .where("kind", "=", kind)
    .where(inSandbox(scope))
    .where("etag", "=", expected)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
