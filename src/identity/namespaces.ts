/**
 * A sandbox's identity namespaces: the standard ones (standard-namespaces.ts) and the custom ones its users make, kept in the
 * resources table. A code is unique in a sandbox whatever its case, a namespace is never deleted (as AEP's), and only a custom
 * one's name and description change.
 */
import { randomInt } from "node:crypto";
import type { Kysely } from "kysely";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { newEtag } from "../aep-conventions/etag.js";
import type { Caller, CallerSandbox } from "../aep-conventions/caller.js";
import { isObject } from "../aep-conventions/request-body.js";
import { isWriteConflict, type Store } from "../store/database.js";
import type { Database } from "../store/schema.js";
import { findResource, insertResource, listResources, updateResource } from "../store/resources.repository.js";
import { type IdentityNamespace, namespaceFields, sameCode } from "./namespace.js";
import { STANDARD_NAMESPACES } from "./standard-namespaces.js";

type Db = Kysely<Database>;

/** custom ids are 8 digits, as AEP's are: never one of a standard namespace */
const CUSTOM_IDS = { least: 10_000_000, past: 100_000_000 };
const WRITE_ATTEMPTS = 5;

/** Every namespace of the sandbox: the standard ones, then its own, oldest first. */
export async function sandboxNamespaces(db: Db, scope: CallerSandbox): Promise<IdentityNamespace[]> {
  const custom = await listResources(db, "identityNamespace", scope);
  return [...STANDARD_NAMESPACES, ...custom.map((r) => r.document as unknown as IdentityNamespace)];
}

/** The namespace of `all` a descriptor names (`xdm:property` xdm:code: by its code, whatever its case; xdm:id: by its id), if any. */
export function namespaceNamed(all: readonly IdentityNamespace[], namespace: string, by: "xdm:code" | "xdm:id"): IdentityNamespace | undefined {
  return all.find((n) => (by === "xdm:id" ? String(n.id) === namespace : sameCode(n.code, namespace)));
}

export class IdentityNamespaces {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  list(caller: CallerSandbox): Promise<IdentityNamespace[]> {
    return sandboxNamespaces(this.store.db, caller);
  }

  async get(caller: CallerSandbox, id: string): Promise<IdentityNamespace> {
    return (await this.find(caller, id)).namespace;
  }

  async create(caller: Caller, body: unknown): Promise<IdentityNamespace> {
    const fields = namespaceFields(body);
    for (let attempt = 1; ; attempt++) {
      const taken = (await this.list(caller)).find((n) => sameCode(n.code, fields.code));
      if (taken) throw Errors.identityCodeTaken(fields.code, taken);
      const at = this.now();
      const namespace: IdentityNamespace = { updateTime: at, code: fields.code, status: "ACTIVE", description: fields.description, id: randomInt(CUSTOM_IDS.least, CUSTOM_IDS.past), createTime: at, idType: fields.idType, name: fields.name, custom: true };
      try {
        await insertResource(this.store.db, caller, { id: String(namespace.id), kind: "identityNamespace", parentId: null, document: { ...namespace }, secret: null, etag: newEtag(at), createdAt: at, updatedAt: at });
        return namespace;
      } catch (error) {
        // an id another sandbox's namespace holds: another one
        if (!isWriteConflict(error) || attempt === WRITE_ATTEMPTS) throw error;
      }
    }
  }

  /** PUT: a custom namespace's name and description; its code, idType and id, when the body repeats them, must be its own. */
  async update(caller: Caller, id: string, body: unknown): Promise<IdentityNamespace> {
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const { namespace, etag } = await this.find(caller, id);
      if (!namespace.custom || etag === undefined) throw Errors.identityStandardReadOnly(namespace.id, namespace.code);
      const given = isObject(body) ? { code: namespace.code, idType: namespace.idType, ...body } : body;
      const fields = namespaceFields(given, ["id", "status", "custom", "createTime", "updateTime"]);
      if (fields.code !== namespace.code) throw Errors.identityInvalidInput(`The code of namespace ${namespace.id} is ${namespace.code} and cannot change: create another namespace for the code ${fields.code}.`);
      if (fields.idType.toUpperCase() !== namespace.idType.toUpperCase()) {
        throw Errors.identityInvalidInput(`The idType of namespace ${namespace.id} is ${namespace.idType} and cannot change: create another namespace for identities of type ${fields.idType}.`);
      }
      if (isObject(body) && body.id !== undefined && String(body.id) !== String(namespace.id)) throw Errors.identityInvalidInput(`The body's id ${JSON.stringify(body.id)} is not ${namespace.id}, the namespace of this URL.`);
      const at = this.now();
      const changed: IdentityNamespace = { ...namespace, name: fields.name, description: fields.description, updateTime: at };
      const record = { id: String(namespace.id), kind: "identityNamespace" as const, parentId: null, document: { ...changed }, secret: null, etag: newEtag(at), updatedAt: at };
      if (await updateResource(this.store.db, caller, record, etag)) return changed;
    }
    throw Errors.identityInvalidInput(`The namespace ${id} kept changing while this request was changing it: send the request again.`);
  }

  private async find(caller: CallerSandbox, id: string): Promise<{ namespace: IdentityNamespace; etag?: string }> {
    const standard = STANDARD_NAMESPACES.find((n) => String(n.id) === id);
    if (standard) return { namespace: standard };
    const record = /^\d{1,12}$/.test(id) ? await findResource(this.store.db, "identityNamespace", caller, id) : undefined;
    if (!record) throw Errors.identityNamespaceNotFound(id);
    return { namespace: record.document as unknown as IdentityNamespace, etag: record.etag };
  }
}
