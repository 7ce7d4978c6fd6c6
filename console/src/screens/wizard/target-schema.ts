/** The XDM tree a dataset choice writes into, as the registry resolves it. */
import { api } from "../../api/client";
import { resolvedSchema, type ResolvedSchema, type XdmField } from "../../api/platform";
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
  return parts.reduce<{ properties: Record<string, XdmField>; required: string[] }>(
    (schema, part) => ({ properties: mergeFields(schema.properties, part.properties ?? {}), required: [...new Set([...schema.required, ...(part.required ?? [])])] }),
    { properties: {}, required: [] },
  );
}
