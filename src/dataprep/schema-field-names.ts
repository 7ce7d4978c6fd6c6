/**
 * Field names a dataset's columns cannot hold: a name with U+0000 (DuckDB's parser ends a name
 * there), and two fields of one object whose names differ only in letter case (DuckDB and Spark
 * compare column and struct member names without case: `plain` and `Plain` are one). The dataset
 * holds every field of its schema, so such a schema fails every run, whatever the mapping maps.
 */
import type { XdmProperty } from "../schemaregistry/xdm-fields.js";

/** What makes the schema's field names unusable for a dataset, or undefined. */
export function fieldNameProblem(node: XdmProperty, path = ""): string | undefined {
  const seen = new Map<string, string>();
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const at = path === "" ? name : `${path}.${name}`;
    if (name.includes("\0")) return `the schema's field ${JSON.stringify(at)} has U+0000 in its name, which no dataset column can have`;
    const alike = seen.get(name.toLowerCase());
    if (alike !== undefined) {
      return `the schema's fields ${JSON.stringify(path === "" ? alike : `${path}.${alike}`)} and ${JSON.stringify(at)} differ only in letter case, which a dataset's columns cannot tell apart: rename one of them in the schema`;
    }
    seen.set(name.toLowerCase(), name);
    const inside = fieldNameProblem(child, at) ?? (child.items ? fieldNameProblem(child.items, at) : undefined);
    if (inside !== undefined) return inside;
  }
  return undefined;
}
