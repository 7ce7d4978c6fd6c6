/**
 * How many fields one resource may resolve to (docs/api/schemaregistry.md#how-many-fields-a-resource-may-resolve-to).
 * A data type is expanded wherever a field uses it, so data types whose fields are data types grow
 * the tree tenfold per level when each holds ten: six levels are a million fields, minutes of work
 * and more memory than the service has. The resolver counts each field as it builds it and stops
 * at the bound, before the rest of the tree exists. It counts the parts it resolves too (each
 * resource and each of its allOf entries): a data type whose allOf names a thousand empty
 * definitions adds no field, yet is resolved again wherever a field uses it.
 */
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { XDM_KINDS, type XdmResourceType } from "./ids.js";
import { isObject } from "./xdm-types.js";

type Json = Record<string, unknown>;

/** Well above any real schema: a standard class with all its standard field groups resolves to a few thousand. */
export const MAX_RESOLVED_FIELDS = 10_000;
/** Well above any real resource too (a data type's allOf names a definition or two), and still a fraction of a second of work. */
export const MAX_RESOLVED_PARTS = 100_000;

/** The fields and parts one resolution has built, refused past MAX_RESOLVED_FIELDS or MAX_RESOLVED_PARTS with XDM-1007 naming the resource resolved. */
export class FieldBudget {
  private fields = 0;
  private parts = 0;

  constructor(private readonly resource: Json) {}

  /** Counts one more field of the tree; throws once there are more than the bound. */
  spend(): void {
    this.fields += 1;
    if (this.fields > MAX_RESOLVED_FIELDS) throw Errors.xdmResolvedTooLarge(describeResource(this.resource), String(this.resource.$id ?? ""), MAX_RESOLVED_FIELDS);
  }

  /** Counts one more part resolved (a resource or an allOf entry); throws once there are more than the bound. */
  spendPart(): void {
    this.parts += 1;
    if (this.parts > MAX_RESOLVED_PARTS) throw Errors.xdmResolvedTooLarge(describeResource(this.resource), String(this.resource.$id ?? ""), MAX_RESOLVED_PARTS, undefined, "parts");
  }
}

/** `the data type "Loyalty" (https://ns.adobe.com/<tenant>/datatypes/…)`, as a message names a resource. */
export function describeResource(document: Json): string {
  const label = XDM_KINDS[document["meta:resourceType"] as XdmResourceType]?.label ?? "resource";
  const title = typeof document.title === "string" ? ` "${document.title}"` : "";
  return `the ${label}${title} (${String(document.$id ?? "not yet created")})`;
}

/** The fields of a resolved tree, at any depth: every member of every `properties`, inside arrays and maps too. */
export function countFields(properties: Record<string, unknown>): number {
  let count = 0;
  const walk = (node: unknown): void => {
    if (!isObject(node)) return;
    if (isObject(node.properties)) {
      for (const field of Object.values(node.properties)) {
        count += 1;
        walk(field);
      }
    }
    walk(node.items);
    walk(node.additionalProperties);
  };
  walk({ properties });
  return count;
}

/** Whether an error is the bound's (XDM-1007). */
export function isResolvedTooLarge(error: unknown): error is ApiError {
  return error instanceof ApiError && error.family === "XDM" && error.code === "1007";
}

/** The bound's error (XDM-1007) said of `resource`, which `cause` would make pass it; another error as it is. */
export function tooLargeBecause(error: unknown, resource: Json, cause: string): unknown {
  if (!isResolvedTooLarge(error)) return error;
  const { limit, measure } = error.report as { limit: number; measure: "fields" | "parts" };
  return Errors.xdmResolvedTooLarge(describeResource(resource), String(resource.$id), limit, cause, measure);
}
