/**
 * A new schema's fields for the source table's columns: a field group of the wizard's own, one field
 * of each column under the org's tenant namespace (`_<tenantId>`), as AEP keeps custom fields. Each
 * field takes the XDM type explore gives its column, so the mapping suggests every column into its
 * own field and no value is converted on the way.
 */
import type { XdmField } from "../../api/platform";
import type { Column } from "../../api/flowservice";

/** A column's field name: its name, with what XDM field names do not take (spaces, dots, dashes…) written as `_`, made unique. */
function fieldNames(columns: Column[]): string[] {
  const taken = new Set<string>();
  return columns.map((column) => {
    const base = column.name.replace(/[^A-Za-z0-9_]/g, "_");
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/** The tenant object holding a field of each column, as a schema's `properties` take it. */
export function columnFields(columns: Column[], tenantId: string): Record<string, XdmField> {
  const names = fieldNames(columns);
  const fields = Object.fromEntries(columns.map((column, i) => [names[i], { title: column.name, ...(column.xdm ?? { type: "string" }) } as XdmField]));
  return { [`_${tenantId}`]: { type: "object", properties: fields } };
}

/**
 * Each column field's path (`_<tenantId>.<field>`) and the column it is for: the mapping's suggestion for it, whatever other field the
 * column fills. A struct column's field is an object, which takes no mapping of its own: each of its leaves is suggested the struct's
 * member of its name (`_<tenantId>.address.city` ← `address.city`), so no member of the column is left out.
 */
export function columnFieldSources(fields: Record<string, XdmField> | undefined): Map<string, string> {
  const suggested = new Map<string, string>();
  const walk = (path: string, source: string, field: XdmField) => {
    if (field.type !== "object" || !field.properties) return void suggested.set(path, source);
    for (const [name, member] of Object.entries(field.properties)) walk(`${path}.${name}`, `${source}.${name}`, member);
  };
  for (const [tenant, { properties = {} }] of Object.entries(fields ?? {})) {
    for (const [name, field] of Object.entries(properties)) if (field.title) walk(`${tenant}.${name}`, field.title, field);
  }
  return suggested;
}

/** The field group's title: the output dataset's name and "columns". */
export const columnFieldGroupTitle = (datasetName: string) => `${datasetName} columns`;

/** The body POST /tenant/fieldgroups takes for these fields. */
export const columnFieldGroupBody = (title: string, fields: Record<string, XdmField>) => ({
  title,
  type: "object",
  description: "The source table's columns, one field each, made by the dataflow wizard",
  definitions: { columns: { properties: fields } },
  allOf: [{ $ref: "#/definitions/columns" }],
});
