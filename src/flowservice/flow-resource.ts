/**
 * Create, read, list, PATCH and DELETE of a Flow Service resource (connections, source and target
 * connections), the same rules for each (docs/api/conventions.md#resource-operations):
 * - POST → 201 {id, etag}; GET → {items:[item]}; PATCH with If-Match → 200 {id, etag}; DELETE → 204.
 * - A PATCH applies JSON Patch to the resource's editable fields (secrets included, opened), then
 *   the result is validated exactly as a create would be; a path outside the editable fields is
 *   SRC-1365, a change of an immutable one its own error (FLOW-1414 for connectionSpec).
 * - A secret a PATCH replaces an object around without naming (replace /auth/params without the
 *   token, since no GET ever shows it) keeps its stored value; an explicit remove removes it.
 * - Secrets are sealed at rest, bound to the row's id, and never part of an item.
 * - A resource naming a parent (a source connection its base connection) is written only while the
 *   parent exists, and a resource is deleted only while no flow and no dependent names it: both
 *   under a lock on the parent's row, so a create and a delete racing each other cannot both win.
 */
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { newEtag, newFlowServiceId, sameEtag } from "../aep-conventions/etag.js";
import { applyPatch, type PatchOp, parsePatch } from "../aep-conventions/json-patch.js";
import type { ListQuery } from "../aep-conventions/listing/list-query.js";
import type { ListResult } from "../aep-conventions/listing/page.js";
import type { SecretBox } from "../security/secret-box.js";
import type { Store } from "../store/database.js";
import type { Transaction } from "kysely";
import type { Database } from "../store/schema.js";
import {
  childResources,
  deleteResource,
  findResource,
  flowsUsing,
  insertResource,
  lockResource,
  pageResources,
  type ResourceRecord,
  updateResource,
} from "../store/resources.repository.js";
import type { ResourceKind } from "../store/resources.table.js";
import { type Caller, type CallerSandbox, auditFields } from "../aep-conventions/caller.js";
import { deepEqual, isObject, type Json, onlyCreateFields, requireBody } from "../aep-conventions/request-body.js";

export interface Prepared {
  /** the resource's own fields, as an item shows them (no secret) */
  document: Json;
  /** secret values by JSON pointer (/auth/params/accessToken) */
  secrets?: Record<string, string>;
  parentId?: string | null;
}

export interface FlowResourceDefinition {
  kind: ResourceKind;
  /** the plural the API uses in paths and 404s: "connections" */
  typeName: string;
  /** how FLOW-1418 names it: "base connection" */
  inUseName: string;
  /** top-level fields a create takes; any other is refused (SRC-1312) rather than dropped unseen */
  createFields: readonly string[];
  /** top-level fields a PATCH may change */
  editable: readonly string[];
  /** top-level fields that never change, and the error a change gets */
  immutable: Readonly<Record<string, () => ApiError>>;
  /** where secrets sit in the editable view, as JSON pointer token lists */
  secretPaths: readonly string[][];
  /**
   * The resource a `parentId` names (a source connection's base connection), and the error when it
   * is gone by the time the new resource is written: it was there when `prepare` read it.
   */
  parent?: { kind: ResourceKind; missing: (scope: CallerSandbox, id: string) => ApiError };
  /** resources that name this one as their parent and keep it from being deleted (a connection's source connections) */
  dependents?: { kind: ResourceKind; inUse: (id: string, dependents: readonly string[]) => ApiError };
  /** an item as shown when its stored document holds what no answer may repeat (an endpoint stored with its password) */
  shown?: (item: Json & { id: string }) => Json & { id: string };
  /** validates a create body (or a patched view: then `previous` is the view before the patch) */
  prepare(caller: Caller, input: Json, previous?: Json, patch?: PatchContext): Promise<Prepared>;
  /**
   * What a create or PATCH sets off once it is written (a connection's push of the staging SAS to its
   * cluster): `document` as stored now, `previous` as stored before a PATCH, `secretsSupplied`
   * whether a PATCH sent a secret (a renewed token: the documents hold none). Answers fields to add
   * to the 201 or 200 answer; it reports its failures there, never throws: the write has happened.
   */
  written?(caller: Caller, id: string, document: Json, previous?: Json, secretsSupplied?: boolean): Promise<Json | undefined>;
}

export interface PatchContext {
  /**
   * JSON pointers of the secrets the PATCH itself carried. A secret not in here holds its stored
   * value, which the client vouched for only with the resource as it was.
   */
  suppliedSecrets: ReadonlySet<string>;
}

export interface Created {
  id: string;
  etag: string;
  /** beyond AEP, what the write set off (FlowResourceDefinition.written) */
  [extra: string]: unknown;
}

export class FlowResourceService {
  constructor(
    readonly definition: FlowResourceDefinition,
    private readonly store: Store,
    private readonly box: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  async create(caller: Caller, body: unknown): Promise<Created> {
    const input = requireBody(body);
    const { createFields, inUseName } = this.definition;
    onlyCreateFields(input, createFields, inUseName);
    const prepared = await this.definition.prepare(caller, input);
    const id = newFlowServiceId();
    const now = this.now();
    const etag = newEtag(now);
    const parentId = prepared.parentId ?? null;
    await this.holdingParent(caller, parentId, (trx) =>
      insertResource(trx, caller, {
        id,
        kind: this.definition.kind,
        parentId,
        document: { ...auditFields(caller), ...prepared.document },
        secret: this.seal(id, prepared.secrets),
        etag,
        createdAt: now,
        updatedAt: now,
      }),
    );
    return this.answer(caller, { id, etag }, prepared.document);
  }

  /** The answer of a write: {id, etag} and what the write set off. */
  private async answer(caller: Caller, written: { id: string; etag: string }, document: Json, previous?: Json, secretsSupplied?: boolean): Promise<Created> {
    const extra = await this.definition.written?.(caller, written.id, document, previous, secretsSupplied);
    return { ...extra, ...written };
  }

  /**
   * `write` in a transaction holding the parent `prepare` read (a source connection's connection, a
   * target connection's dataset): it may have been deleted since, and is held until the write
   * commits, so no delete slips in between.
   */
  private holdingParent<T>(caller: Caller, parentId: string | null, write: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    const { parent } = this.definition;
    return this.store.db.transaction().execute(async (trx) => {
      if (parent && parentId && !(await lockResource(trx, this.store.capabilities, parent.kind, caller, parentId, "keep"))) {
        throw parent.missing(caller, parentId);
      }
      return write(trx);
    });
  }

  async record(caller: Caller, id: string): Promise<ResourceRecord> {
    const record = await findResource(this.store.db, this.definition.kind, caller, id);
    if (!record) throw Errors.resourceNotFound(this.definition.typeName, id);
    return record;
  }

  async get(caller: Caller, id: string): Promise<Json> {
    return this.itemOf(await this.record(caller, id));
  }

  async list(caller: Caller, query: ListQuery): Promise<ListResult<Json & { id: string }>> {
    return pageResources(this.store.db, this.definition.kind, caller, query, { toDocument: (record) => this.itemOf(record) });
  }

  private itemOf(record: ResourceRecord): Json & { id: string } {
    const item = toItem(record);
    return this.definition.shown ? this.definition.shown(item) : item;
  }

  /** The secrets of a stored resource, opened: for the service's own use, never for a response. */
  secretsOf(record: ResourceRecord): Record<string, string> {
    if (!record.secret) return {};
    return JSON.parse(this.box.open(record.secret, record.id)) as Record<string, string>;
  }

  async patch(caller: Caller, id: string, ifMatch: string | undefined, body: unknown): Promise<Created> {
    if (ifMatch === undefined || ifMatch.trim() === "") throw Errors.ifMatchMissing(true);
    const ops = parsePatch(body);
    const record = await this.record(caller, id);
    // `*` matches any current version (RFC 9110); the write below still guards against a race
    if (ifMatch.trim() !== "*" && !sameEtag(ifMatch, record.etag)) throw Errors.versionMismatch(ifMatch, record.etag);

    const before = this.editableView(record);
    for (const op of ops) this.checkPatchPath(op.pointer, op.path[0]);
    const after = applyPatch(before, ops) as Json;
    for (const [field, error] of Object.entries(this.definition.immutable)) {
      if (!deepEqual(before[field], after[field])) throw error();
    }
    const removed = new Set(ops.filter((op) => op.op === "remove").map((op) => op.pointer));
    const suppliedSecrets = new Set(this.definition.secretPaths.filter((path) => carriesSecret(ops, path)).map((path) => `/${path.join("/")}`));
    for (const path of this.definition.secretPaths) {
      const pointer = `/${path.join("/")}`;
      if (!removed.has(pointer) && valueAt(after, path) === undefined && valueAt(before, path) !== undefined) {
        setAt(after, path, valueAt(before, path));
      }
    }

    const prepared = await this.definition.prepare(caller, after, before, { suppliedSecrets });
    const now = this.now();
    const etag = newEtag(now);
    const parentId = prepared.parentId ?? null;
    // a PATCH may name another parent (a target connection's dataset)
    const updated = await this.holdingParent(caller, parentId, (trx) =>
      updateResource(
        trx,
        caller,
        {
          id,
          kind: this.definition.kind,
          parentId,
          document: { ...auditFields(creatorOf(record, caller), caller), ...prepared.document },
          secret: this.seal(id, prepared.secrets),
          etag,
          updatedAt: now,
        },
        record.etag,
      ),
    );
    // another PATCH got in between our read and our write
    if (!updated) throw Errors.versionMismatch(ifMatch, (await this.record(caller, id)).etag);
    return this.answer(caller, { id, etag }, prepared.document, record.document, suppliedSecrets.size > 0);
  }

  /** Checked and deleted under a lock that resources naming it as their parent also take, so none is written in between. */
  async delete(caller: Caller, id: string): Promise<void> {
    const { kind, typeName, inUseName, dependents } = this.definition;
    await this.store.db.transaction().execute(async (trx) => {
      if (!(await lockResource(trx, this.store.capabilities, kind, caller, id, "delete"))) throw Errors.resourceNotFound(typeName, id);
      const flows = await flowsUsing(trx, caller, id);
      if (flows.length > 0) throw Errors.connectionInUse(inUseName, id, flows);
      const children = dependents ? await childResources(trx, dependents.kind, caller, id) : [];
      if (dependents && children.length > 0) throw dependents.inUse(id, children);
      await deleteResource(trx, kind, caller, id);
    });
  }

  /** The fields a client may see and patch, with the secrets opened into place. */
  private editableView(record: ResourceRecord): Json {
    const fields = [...this.definition.editable, ...Object.keys(this.definition.immutable)];
    const view = structuredClone(Object.fromEntries(fields.filter((f) => f in record.document).map((f) => [f, record.document[f]]))) as Json;
    for (const [pointer, value] of Object.entries(this.secretsOf(record))) setAt(view, pointer.slice(1).split("/"), value);
    return view;
  }

  private checkPatchPath(pointer: string, root: string | undefined): void {
    const { editable, immutable } = this.definition;
    if (root === undefined) throw Errors.patchPathInvalid(pointer || "/", editable);
    if (!editable.includes(root) && !(root in immutable)) throw Errors.patchPathInvalid(pointer, editable);
  }

  private seal(id: string, secrets: Record<string, string> | undefined): string | null {
    return secrets && Object.keys(secrets).length > 0 ? this.box.seal(JSON.stringify(secrets), id) : null;
  }
}

/** The creator as stored, so an update by another client keeps who created the resource. */
function creatorOf(record: ResourceRecord, updater: Caller): Caller {
  const client = record.document.createdClient;
  return { ...updater, clientId: typeof client === "string" ? client : updater.clientId };
}

/** An item as the API shows it: id, times, audit fields, the resource's fields, version and etag. */
export function toItem(record: ResourceRecord): Json & { id: string } {
  return { id: record.id, createdAt: record.createdAt, updatedAt: record.updatedAt, ...record.document, version: record.etag, etag: record.etag };
}

/** Whether the op that last wrote at or above a secret's path put a value there (not the stored one). */
function carriesSecret(ops: readonly PatchOp[], secretPath: readonly string[]): boolean {
  const last = [...ops].reverse().find((op) => op.path.length <= secretPath.length && op.path.every((token, i) => token === secretPath[i]));
  if (!last || last.op === "remove") return false;
  const rest = secretPath.slice(last.path.length);
  return rest.length === 0 ? last.value !== undefined : isObject(last.value) && valueAt(last.value, rest) !== undefined;
}

function valueAt(document: Json, path: readonly string[]): unknown {
  let current: unknown = document;
  for (const token of path) {
    if (!isObject(current)) return undefined;
    current = current[token];
  }
  return current;
}

function setAt(document: Json, path: readonly string[], value: unknown): void {
  let current: Json = document;
  for (const token of path.slice(0, -1)) {
    if (!isObject(current[token])) current[token] = {};
    current = current[token] as Json;
  }
  current[path[path.length - 1]] = value;
}
