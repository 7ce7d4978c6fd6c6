/**
 * A change of a class, field group, data type or schema keeps the fields the identity, reference
 * identity, relationship, primary key, version and timestamp descriptors of the schemas built on it
 * name (docs/api/schemaregistry.md#descriptors): such a field may not go, and an identity's field
 * stays a string and a timestamp's a date-time (FIELD_TYPES), as descriptors.ts refuses them on any
 * other type. Otherwise the descriptor would name nothing: a Profile-enabled dataset's flows would
 * need a mapping to a field that is gone, and a record would lose its key or the order of its
 * versions. A display name, deprecation or label descriptor only describes its field, so it does
 * not hold it: the change goes through and the schema's `meta:descriptorStatus` reports the
 * descriptor as naming nothing (descriptor-status.ts).
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { ResourceRecord } from "../store/resources.repository.js";
import { fieldAtPointer, sourcePointers } from "./descriptor-paths.js";
import type { ResolvedFields } from "./resolver.js";

type Json = Record<string, unknown>;

const RELATIONSHIPS = ["xdm:descriptorRelationship", "xdm:descriptorOneToOne"];
/** the descriptors whose `xdm:sourceProperty` must stay a field of their schema */
const KEEP_SOURCE = [
  "xdm:descriptorIdentity",
  "xdm:descriptorReferenceIdentity",
  ...RELATIONSHIPS,
  "xdm:descriptorPrimaryKey",
  "xdm:descriptorVersion",
  "xdm:descriptorTimestamp",
];

/** The type a descriptor's `xdm:sourceProperty` field must have, by `@type`. */
export const FIELD_TYPES: Readonly<Record<string, { xdmType: string; what: string }>> = {
  "xdm:descriptorIdentity": { xdmType: "string", what: "an identity" },
  "xdm:descriptorTimestamp": { xdmType: "date-time", what: "a timestamp" },
};

/** A schema as the change would leave it. */
export interface ChangedSchema {
  rowId: string;
  $id: string;
  /** its resolved fields after the change, deprecated ones included (descriptors may name them) */
  resolved: ResolvedFields;
}

/**
 * Refuses (XDM-1060) a change that would remove or retype a field such a descriptor names: as a
 * source (`xdm:sourceProperty` of the schema's own descriptor) or as a destination
 * (`xdm:destinationProperty` of another schema's relationship to it). `change` names what changes.
 */
export function checkDescriptorFieldsKept(change: string, schema: ChangedSchema, descriptors: readonly ResourceRecord[]): void {
  for (const { id, parentId, document } of descriptors) {
    const type = String(document["@type"]);
    if (parentId === schema.rowId && KEEP_SOURCE.includes(type)) {
      for (const pointer of sourcePointers(document)) checkField(change, schema, { id, type, key: "xdm:sourceProperty", pointer });
    }
    if (RELATIONSHIPS.includes(type) && document["xdm:destinationSchema"] === schema.$id) {
      checkField(change, schema, { id, type, key: "xdm:destinationProperty", pointer: document["xdm:destinationProperty"] });
    }
  }
}

interface Naming {
  id: string;
  type: string;
  key: string;
  pointer: unknown;
}

function checkField(change: string, schema: ChangedSchema, naming: Naming): void {
  if (typeof naming.pointer !== "string") return;
  const field: Json | undefined = fieldAtPointer(schema.resolved.properties, naming.pointer);
  const descriptor = `the ${naming.type} descriptor ${naming.id} (its ${naming.key})`;
  const instead = `Delete or change that descriptor first (/tenant/descriptors/${naming.id}), or keep the field.`;
  if (!field) {
    throw Errors.xdmDescriptorInvalid(`the change of ${change} would remove ${naming.pointer} from the schema ${schema.$id}, and ${descriptor} names that field. ${instead}`);
  }
  const xdmType = field["meta:xdmType"] ?? field.type;
  const wanted = naming.key === "xdm:sourceProperty" ? FIELD_TYPES[naming.type] : undefined;
  if (wanted && xdmType !== wanted.xdmType) {
    throw Errors.xdmDescriptorInvalid(
      `the change of ${change} would make ${naming.pointer} of the schema ${schema.$id} a field of type ${String(field.type)} (meta:xdmType ${String(xdmType)}), and ${descriptor} makes it ${wanted.what}, which is a ${wanted.xdmType} field. ${instead}`,
    );
  }
}
