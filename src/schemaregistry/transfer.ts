/**
 * Moving resources between sandboxes and orgs (docs/api/schemaregistry.md#export-and-import):
 * `GET /rpc/export/{id}` answers the resource and every tenant resource it is built on, those
 * first, with the org's tenant id replaced by a placeholder; `POST /rpc/import` creates such a
 * payload's resources in the caller's sandbox under the caller's tenant. A resource the sandbox
 * already has (same `$id`) is kept as it is; the others get ids derived from the sandbox and their
 * original id (ids are unique across sandboxes), so importing a payload twice changes nothing.
 */
import { createHash } from "node:crypto";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { Caller, CallerSandbox } from "../aep-conventions/caller.js";
import type { ResourceRecord } from "../store/resources.repository.js";
import { canonicalId, NS, tenantOf, tenantResourceId, XDM_KINDS, type XdmResourceType } from "./ids.js";
import { stringsOf, type TenantResources } from "./tenant-resources.js";
import { isObject } from "./xdm-types.js";

type Json = Record<string, unknown>;

export const TENANT_PLACEHOLDER = "<XDM_TENANTID_PLACEHOLDER>";

/** What belongs to one sandbox only and is set again when a resource is created. */
const SANDBOX_MEMBERS = ["imsOrg", "meta:sandboxId", "meta:sandboxType", "meta:registryMetadata", "meta:containerId"];

export class SchemaTransfer {
  constructor(private readonly resources: TenantResources) {}

  async exportPayload(caller: CallerSandbox, reference: string): Promise<Json[]> {
    const records = await this.resources.all(caller);
    const byId = new Map(records.map((r) => [String(r.document.$id), r]));
    const root = byId.get(canonicalId(reference));
    if (!root) throw Errors.schemaNotFound(reference);
    const ordered: ResourceRecord[] = [];
    const seen = new Set<ResourceRecord>();
    const visit = (record: ResourceRecord) => {
      if (seen.has(record)) return;
      seen.add(record);
      for (const ref of stringsOf(record.document.refs)) {
        const dependency = byId.get(ref);
        if (dependency) visit(dependency);
      }
      ordered.push(record);
    };
    visit(root);
    const tenant = tenantOf(caller.imsOrgId);
    return ordered.map((r) => renameTenant(withoutSandboxMembers(r.document), tenant, TENANT_PLACEHOLDER) as Json);
  }

  async importPayload(caller: Caller, payload: unknown): Promise<Json[]> {
    if (!Array.isArray(payload) || payload.length === 0 || !payload.every(isObject)) {
      throw Errors.xdmResourceInvalid("import payload", "the body must be the non-empty array GET /rpc/export answers");
    }
    const tenant = tenantOf(caller.imsOrgId);
    let items = payload.map((item) => renameTenant(item, TENANT_PLACEHOLDER, tenant) as Json);
    const imported: Json[] = [];
    for (let i = 0; i < items.length; i++) {
      const { type, hex } = identify(items[i], i, tenant);
      const original = (items[i].$id as string | undefined) ?? "";
      const kept = hex && (await this.resources.find(caller, type, original));
      if (kept) {
        imported.push(kept.document);
        continue;
      }
      // ids are unique across sandboxes: the copy gets one derived from the original, the same on every import
      const copyHex = createHash("sha256").update(`${caller.sandboxId}\n${original}`).digest("hex").slice(0, 32);
      const copyId = tenantResourceId(tenant, type, copyHex);
      items = renameId(items, original, copyId);
      const earlier = await this.resources.find(caller, type, copyId);
      imported.push(earlier ? earlier.document : await this.resources.create(caller, type, items[i], copyHex));
    }
    return imported;
  }
}

/** The type an item of a payload is, and its id when it can be kept (one of our 32-hex ids). */
function identify(item: Json, index: number, tenant: string): { type: XdmResourceType; hex?: string } {
  const type = item["meta:resourceType"];
  if (typeof type !== "string" || !(type in XDM_KINDS)) {
    throw Errors.xdmResourceInvalid("import payload", `item ${index} has meta:resourceType ${JSON.stringify(type)}; expected schemas, classes, mixins or datatypes`);
  }
  const id = item.$id;
  if (id !== undefined && typeof id !== "string") {
    throw Errors.xdmResourceInvalid("import payload", `item ${index} has an $id that is ${kindOf(id)}; expected the string id GET /rpc/export answers, or none`);
  }
  const match = new RegExp(`^${NS}${tenant}/${type}/([0-9a-f]{32})$`).exec(id ?? "");
  return { type: type as XdmResourceType, hex: match?.[1] };
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function withoutSandboxMembers(document: Json): Json {
  return Object.fromEntries(Object.entries(document).filter(([key]) => !SANDBOX_MEMBERS.includes(key)));
}

/** Every place a tenant id appears: ids (`…/<tenant>/…`), alt ids (`_<tenant>.…`) and the tenant namespace (`_<tenant>`, as a value or a field name). */
function renameTenant(value: unknown, from: string, to: string): unknown {
  const rename = (text: string) =>
    text === `_${from}` ? `_${to}` : text.split(`${NS}${from}/`).join(`${NS}${to}/`).replace(new RegExp(`^_${escape(from)}\\.`), `_${to}.`);
  return mapStrings(value, rename);
}

function renameId(items: Json[], from: string, to: string): Json[] {
  const altFrom = `_${from.slice(NS.length).replace(/\//g, ".")}`;
  const altTo = `_${to.slice(NS.length).replace(/\//g, ".")}`;
  return items.map((item) => mapStrings(item, (text) => (text === from ? to : text === altFrom ? altTo : text)) as Json);
}

/** A copy with every string (keys included) passed through `rename`; objects without a prototype, so no key reaches Object.prototype. */
function mapStrings(value: unknown, rename: (text: string) => string): unknown {
  if (typeof value === "string") return rename(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, rename));
  if (!isObject(value)) return value;
  const copy: Json = Object.create(null);
  for (const [key, v] of Object.entries(value)) copy[rename(key)] = mapStrings(v, rename);
  return copy;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\<>]/g, "\\$&");
