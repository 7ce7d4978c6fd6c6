/** The XDM tree a dataset choice writes into, as the registry resolves it. */
import { api } from "../../api/client";
import { resolvedSchema, type ResolvedSchema, type TargetSchema, type XdmField } from "../../api/platform";
import type { Session } from "../../api/session";
import type { DatasetChoice } from "./DatasetStep";
import { mergeFields } from "./xdm-tree";

const FULL = { Accept: "application/vnd.adobe.xed-full+json; version=1" };

export async function targetSchema(session: Session, choice: DatasetChoice): Promise<Pick<ResolvedSchema, "properties" | "required" | "meta:descriptors">> {
  if (choice.kind !== "new-schema") return resolvedSchema(session, choice.schemaId);
  // a schema not created yet: its class and field groups resolved one by one and merged in order
  const read = (kind: string, id: string) =>
    api<{ properties?: Record<string, XdmField>; required?: string[] }>(session, "GET", `/data/foundation/schemaregistry/global/${kind}/${encodeURIComponent(id)}`, { headers: FULL });
  const parts = await Promise.all([read("classes", choice.classId), ...choice.fieldGroups.map((g) => read("fieldgroups", g.$id))]);
  if (choice.columnFields) parts.push({ properties: choice.columnFields });
  return parts.reduce<{ properties: Record<string, XdmField>; required: string[] }>(
    (schema, part) => ({ properties: mergeFields(schema.properties, part.properties ?? {}), required: [...new Set([...schema.required, ...(part.required ?? [])])] }),
    { properties: {}, required: [] },
  );
}

/**
 * The schema Finish creates for a new dataset with a new schema: its title, then its class and field
 * groups in order, and the fields of the table's columns when chosen (their field group, made at Finish, last).
 */
export const newSchemaOf = (choice: Extract<DatasetChoice, { kind: "new-schema" }>) => ({
  title: `${choice.name} schema`,
  refs: [choice.classId, ...choice.fieldGroups.map((g) => g.$id)],
  ...(choice.columnFields ? { fields: choice.columnFields } : {}),
});

/** What the mapping preview maps into for a choice: its schema, or the one Finish will create. */
export const previewTargetOf = (choice: DatasetChoice): TargetSchema => (choice.kind === "new-schema" ? { newSchema: newSchemaOf(choice) } : { schemaId: choice.schemaId });
