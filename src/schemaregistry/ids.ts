/**
 * How the registry names things (docs/api/schemaregistry.md#ids): an org's tenant id, a
 * resource's `$id` (`https://ns.adobe.com/<tenant>/<schemas|classes|mixins|datatypes>/<32 hex>`)
 * and its `meta:altId` (the same in dot form: `_<tenant>.schemas.<hex>`), and the kinds of
 * resource with the URL segments that serve them.
 */
import { createHash } from "node:crypto";
import type { ResourceKind } from "../store/resources.table.js";

/** What `meta:resourceType` says; field groups keep AEP's older name, mixins. */
export type XdmResourceType = "schemas" | "classes" | "mixins" | "datatypes";

export interface XdmKindInfo {
  resourceType: XdmResourceType;
  /** the row kind in the store */
  storeKind: ResourceKind;
  /** the URL segments that serve it (`/tenant/fieldgroups` and the legacy `/tenant/mixins`) */
  segments: readonly string[];
  /** how an error or message names one */
  label: string;
}

export const XDM_KINDS: Record<XdmResourceType, XdmKindInfo> = {
  schemas: { resourceType: "schemas", storeKind: "schema", segments: ["schemas"], label: "schema" },
  classes: { resourceType: "classes", storeKind: "xdmClass", segments: ["classes"], label: "class" },
  mixins: { resourceType: "mixins", storeKind: "fieldGroup", segments: ["fieldgroups", "mixins"], label: "field group" },
  datatypes: { resourceType: "datatypes", storeKind: "dataType", segments: ["datatypes"], label: "data type" },
};

export const NS = "https://ns.adobe.com/";
export const UNION_SUFFIX = "__union";

const READABLE_TENANT = /^[a-z][a-z0-9]{0,15}$/;
/** first segments of standard ids under ns.adobe.com: a tenant named so would shadow them */
const RESERVED_TENANTS = new Set(["xdm", "experience", "adobe"]);

/**
 * The tenant id of an org: the letters and digits of its id before the `@`, lower-cased
 * (`DEV@AdobeOrg` → `dev`), when that starts with a letter, is at most 16 long and is not the first
 * segment of standard ids (`xdm`, `experience`, `adobe`); otherwise
 * (AEP's own org ids are 24 hex digits) twelve lower-case letters taken from a SHA-256 of the id.
 * Either way the same org always gets the same tenant.
 */
export function tenantOf(imsOrgId: string): string {
  const readable = imsOrgId.split("@")[0].toLowerCase().replace(/[^a-z0-9]/g, "");
  if (READABLE_TENANT.test(readable) && !RESERVED_TENANTS.has(readable)) return readable;
  const digest = createHash("sha256").update(imsOrgId).digest();
  return Array.from(digest.subarray(0, 12), (byte) => String.fromCharCode(97 + (byte % 26))).join("");
}

export function tenantResourceId(tenant: string, resourceType: XdmResourceType, hex: string): string {
  return `${NS}${tenant}/${resourceType}/${hex}`;
}

/** `https://ns.adobe.com/xdm/context/profile` → `_xdm.context.profile` */
export function altIdOf($id: string): string {
  return `_${$id.startsWith(NS) ? $id.slice(NS.length) : $id}`.replace(/\//g, ".");
}

/** The inverse of altIdOf, for ids under ns.adobe.com. */
export function idOfAltId(altId: string): string | undefined {
  return /^_[A-Za-z0-9_.-]+$/.test(altId) ? `${NS}${altId.slice(1).replace(/\./g, "/")}` : undefined;
}

/**
 * The 32-hex row id a path's reference names for a tenant resource of this type: its `$id`, its
 * `meta:altId` or the bare hex. The tenant must be the caller's.
 */
export function tenantHexOf(reference: string, tenant: string, resourceType: XdmResourceType): string | undefined {
  const byId = reference.startsWith(NS) ? reference : idOfAltId(reference);
  if (byId === undefined) return /^[0-9a-f]{32}$/.test(reference) ? reference : undefined;
  const prefix = `${NS}${tenant}/${resourceType}/`;
  if (!byId.startsWith(prefix)) return undefined;
  const hex = byId.slice(prefix.length);
  return /^[0-9a-f]{32}$/.test(hex) ? hex : undefined;
}

/** The `$id` a reference names, whichever form it takes (`$id` or `meta:altId`). */
export function canonicalId(reference: string): string {
  return reference.startsWith(NS) ? reference : (idOfAltId(reference) ?? reference);
}

/** The tenant that owns an `$id`, if it is a tenant resource's (`https://ns.adobe.com/<tenant>/<type>/<hex>`). */
export function tenantResourceOf($id: string): { tenant: string; resourceType: XdmResourceType; hex: string } | undefined {
  const m = /^https:\/\/ns\.adobe\.com\/([a-z][a-z0-9]*)\/(schemas|classes|mixins|datatypes)\/([0-9a-f]{32})$/.exec($id);
  return m ? { tenant: m[1], resourceType: m[2] as XdmResourceType, hex: m[3] } : undefined;
}
