/**
 * Data Prep mapping sets (docs/api/dataprep.md#mapping-rules): what a body must hold, and the
 * check that every mapping lands on a field of the target schema and reads a column the source
 * has. The dataflow's own validation (src/dataflows) reuses `mappingProblems` with the flow's
 * source connection columns.
 */
export interface Mapping {
  destinationXdmPath: string;
  sourceAttribute: string;
  sourceType: "ATTRIBUTE";
  identity: boolean;
  identityGroup: string | null;
  namespaceCode: string | null;
  version: number;
}

export class MappingSetError extends Error {}

const PATH = /^[A-Za-z_@$][A-Za-z0-9_@$:-]*(\.[A-Za-z_@$][A-Za-z0-9_@$:-]*)*$/;

export function readMappings(value: unknown): Mapping[] {
  if (!Array.isArray(value) || value.length === 0) throw new MappingSetError("mappings must be a non-empty array");
  return value.map((raw, i) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new MappingSetError(`mappings[${i}] must be an object`);
    const m = raw as Record<string, unknown>;
    const destination = m.destinationXdmPath ?? m.destination;
    const source = m.sourceAttribute ?? m.source;
    if (typeof destination !== "string" || !PATH.test(destination)) {
      throw new MappingSetError(`mappings[${i}].destinationXdmPath must be a dotted field path, got ${JSON.stringify(destination)}`);
    }
    if (typeof source !== "string" || source.trim() === "") throw new MappingSetError(`mappings[${i}].sourceAttribute is required`);
    const sourceType = typeof m.sourceType === "string" ? m.sourceType.toUpperCase() : "ATTRIBUTE";
    if (sourceType !== "ATTRIBUTE" && sourceType !== "TEXT/X.SCHEMA-PATH") {
      throw new MappingSetError(`mappings[${i}].sourceType ${m.sourceType} is not supported here; map source attributes (ATTRIBUTE)`);
    }
    if (m.identity !== undefined && typeof m.identity !== "boolean") throw new MappingSetError(`mappings[${i}].identity must be a boolean`);
    return {
      destinationXdmPath: destination,
      sourceAttribute: source,
      sourceType: "ATTRIBUTE",
      identity: m.identity === true,
      identityGroup: typeof m.identityGroup === "string" ? m.identityGroup : null,
      namespaceCode: typeof m.namespaceCode === "string" ? m.namespaceCode : null,
      version: typeof m.version === "number" ? m.version : 0,
    };
  });
}

/**
 * What is wrong with the mappings against a schema's field paths and, when known, the source's
 * column paths; empty when nothing is.
 */
export function mappingProblems(mappings: readonly Mapping[], schemaPaths: ReadonlySet<string>, sourcePaths?: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  mappings.forEach((m, i) => {
    if (!schemaPaths.has(m.destinationXdmPath)) problems.push(`mappings[${i}].destinationXdmPath ${m.destinationXdmPath} is not a field of the schema`);
    if (seen.has(m.destinationXdmPath)) problems.push(`mappings[${i}].destinationXdmPath ${m.destinationXdmPath} is mapped twice`);
    seen.add(m.destinationXdmPath);
    if (sourcePaths && !sourcePaths.has(m.sourceAttribute)) problems.push(`mappings[${i}].sourceAttribute ${m.sourceAttribute} is not a source column`);
  });
  return problems;
}

/**
 * Column paths of a source: each column and, for structs, their fields ("address.city"), from
 * explore-style columns [{name, xdm}] or a JSON schema's properties.
 */
export function sourceColumnPaths(columns: ReadonlyArray<{ name: string; xdm?: unknown }>): Set<string> {
  const paths = new Set<string>();
  const walk = (name: string, field: unknown) => {
    paths.add(name);
    const properties = (field as { properties?: unknown } | undefined)?.properties;
    if (properties && typeof properties === "object") {
      for (const [child, def] of Object.entries(properties)) walk(`${name}.${child}`, def);
    }
  };
  for (const column of columns) walk(column.name, column.xdm);
  return paths;
}

export function jsonSchemaColumnPaths(schema: unknown): Set<string> {
  const properties = (schema as { properties?: unknown } | undefined)?.properties;
  if (!properties || typeof properties !== "object" || Array.isArray(properties)) return new Set();
  return sourceColumnPaths(Object.entries(properties).map(([name, xdm]) => ({ name, xdm })));
}
