/** `catalog.database.table` or `database.table`, backticks quoting a part that holds a dot. */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < path.length; i++) {
    const char = path[i];
    if (char === "`") {
      if (quoted && path[i + 1] === "`") {
        current += "`";
        i++;
      } else quoted = !quoted;
    } else if (char === "." && !quoted) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts;
}

export interface CatalogNode {
  catalog: string;
  schemas: Array<{ schema: string; tables: Array<{ name: string; path: string }> }>;
}

const DEFAULT_CATALOG = "(default catalog)";

/** The tables grouped catalog → schema → table, keeping those whose name holds the search text. */
export function tableTree(paths: string[], search: string): CatalogNode[] {
  const needle = search.trim().toLowerCase();
  const catalogs = new Map<string, Map<string, Array<{ name: string; path: string }>>>();
  for (const path of paths) {
    const parts = splitPath(path);
    const name = parts[parts.length - 1];
    const schema = parts[parts.length - 2] ?? "";
    const catalog = parts.length > 2 ? parts[0] : DEFAULT_CATALOG;
    if (needle && !path.toLowerCase().includes(needle)) continue;
    const schemas = catalogs.get(catalog) ?? new Map();
    catalogs.set(catalog, schemas);
    schemas.set(schema, [...(schemas.get(schema) ?? []), { name, path }]);
  }
  return [...catalogs].map(([catalog, schemas]) => ({ catalog, schemas: [...schemas].map(([schema, tables]) => ({ schema, tables })) }));
}
