/**
 * How many fields one resource may resolve to (docs/api/schemaregistry.md#how-many-fields-a-resource-may-resolve-to).
 * A data type is expanded wherever a field uses it, so data types whose fields are data types grow
 * the tree tenfold per level when each holds ten: six levels are a million fields, minutes of work
 * and more memory than the service has. The resolver counts each field as it builds it and stops
 * at the bound, before the rest of the tree exists.
 */
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { XDM_KINDS, type XdmResourceType } from "./ids.js";
import { isObject } from "./xdm-types.js";

type Json = Record<string, unknown>;

/** Well above any real schema: a standard class with all its standard field groups resolves to a few thousand. */
export const MAX_RESOLVED_FIELDS = 10_000;

/** The fields one resolution has built, refused past MAX_RESOLVED_FIELDS with XDM-1007 naming the resource resolved. */
export class FieldBudget {
  private built = 0;

  constructor(private readonly resource: Json) {}

  /** Counts one more field of the tree; throws once there are more than the bound. */
  spend(): void {
    this.built += 1;
    if (this.built > MAX_RESOLVED_FIELDS) throw Errors.xdmResolvedTooLarge(describeResource(this.resource), String(this.resource.$id ?? ""), MAX_RESOLVED_FIELDS);
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
export function isResolvedTooLarge(error: unknown): boolean {
  return error instanceof ApiError && error.family === "XDM" && error.code === "1007";
}
