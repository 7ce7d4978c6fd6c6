/**
 * `meta:descriptorStatus` (docs/api/schemaregistry.md#descriptor-status): every descriptor of a
 * resource, and whether each field its `xdm:sourceProperty` names is still a field of the resource.
 * A display name, deprecation or label descriptor does not hold its field (descriptor-fields.ts
 * holds the others'), so a change may remove that field; the descriptor is kept, describes nothing,
 * and is reported `invalid` here until it is pointed at a field, deleted, or the field comes back.
 */
import { locate, sourcePointers } from "./descriptor-paths.js";
import type { ResolvedFields } from "./resolver.js";

type Json = Record<string, unknown>;

export interface DescriptorState {
  "@id": string;
  "@type": string;
  "xdm:sourceProperty"?: unknown;
  status: "valid" | "invalid";
  /** what is wrong and what to do, when invalid */
  message?: string;
}

export interface DescriptorStatus {
  result: DescriptorState[];
}

/** The state of each descriptor (in the order given) of the resource `$id`, whose fields are `resolved` (deprecated ones included). */
export function descriptorStatus($id: string, resolved: ResolvedFields, descriptors: readonly Json[]): DescriptorStatus {
  return { result: descriptors.map((descriptor) => stateOf($id, resolved, descriptor)) };
}

function stateOf($id: string, resolved: ResolvedFields, descriptor: Json): DescriptorState {
  const id = String(descriptor["@id"]);
  const type = String(descriptor["@type"]);
  const named = descriptor["xdm:sourceProperty"] === undefined ? {} : { "xdm:sourceProperty": descriptor["xdm:sourceProperty"] };
  const missing = sourcePointers(descriptor).filter((pointer) => !locate(resolved.properties, pointer));
  if (missing.length === 0) return { "@id": id, "@type": type, ...named, status: "valid" };
  const fields = missing.length === 1 ? `${missing[0]}, which is no longer a field` : `${missing.join(", ")}, which are no longer fields`;
  const message =
    `xdm:sourceProperty names ${fields} of ${$id}: this ${type} descriptor describes nothing there. ` +
    `Point it at a field of ${$id} (PUT /tenant/descriptors/${id}) or delete it (DELETE /tenant/descriptors/${id}); it applies again if the field comes back.`;
  return { "@id": id, "@type": type, ...named, status: "invalid", message };
}
