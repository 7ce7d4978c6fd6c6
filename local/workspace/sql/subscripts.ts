/**
 * Calls whose Spark meaning depends on whether their first argument is an ARRAY or a MAP: `x[i]`
 * (0-based for an array, NULL out of range; the key's value for a map), `element_at(x, i)` (1-based,
 * negative from the end, for an array; the key's value for a map) and `explode(x)` (a row per element
 * as `col`, or per entry as `key`, `value`). The translator does not know the types of columns, so it
 * writes such a call as a site: a placeholder function name (and, for explode and posexplode, a
 * placeholder after its ")" for the text that ends the UNNEST and names its columns as Spark does). Once the whole query is translated, each site, in order, takes the array's form if
 * DuckDB's binder accepts the query with it, else the map's form if the binder accepts that, else
 * DuckDB's own (`x[i]` of a struct). The array's and the map's forms refuse to bind for the other type.
 */

export type SiteKind = "subscript" | "element_at" | "explode" | "posexplode";

/** a form: the function written for the site's name, and the text after its ")" (by whether the call has a column alias) */
interface Form {
  name: string;
  after?: (aliased: boolean) => string;
}

interface Forms {
  array: Form;
  map: Form;
  /** binds for arrays and maps alike, for the sites not yet decided */
  native: Form;
}

/** UNNEST of a list of structs into the structs' fields as columns; it must be the root of its SELECT item, so no macro */
const fields = (lambda: string) => () => `, ${lambda}), recursive := true, max_depth := 2)`;
const explodeArray: Form = { name: "unnest", after: (aliased) => (aliased ? "" : " AS col") };

const FORMS: Record<SiteKind, Forms> = {
  subscript: { array: { name: "spark_array_at" }, map: { name: "spark_map_at" }, native: { name: "spark_subscript" } },
  element_at: { array: { name: "spark_element_at" }, map: { name: "spark_map_at" }, native: { name: "spark_subscript" } },
  explode: { array: explodeArray, map: { name: "unnest(map_entries", after: () => ", recursive := true, max_depth := 2)" }, native: explodeArray },
  posexplode: {
    // the call's parenthesised argument becomes list_transform's first
    array: { name: "unnest(list_transform(", after: fields("(e, i) -> {'pos': CAST(i - 1 AS INTEGER), 'col': e}") },
    map: { name: "unnest(list_transform(map_entries", after: fields("(e, i) -> {'pos': CAST(i - 1 AS INTEGER), 'key': e.key, 'value': e.value}") },
    native: { name: "unnest(list_transform(", after: fields("(e, i) -> {'pos': CAST(i - 1 AS INTEGER), 'col': e}") },
  },
};

const NAME = /\u0001(\d+):(subscript|element_at|explode|posexplode)\u0001/g;
const AFTER = /\u0002(\d+):([an])\u0002/g;

let nextSite = 0;

/** the placeholder function name of a new site, and the placeholder written after its ")" (by whether a column alias follows) */
export function newSite(kind: SiteKind): { name: string; after: (aliased: boolean) => string } {
  const id = nextSite++;
  return { name: `\u0001${id}:${kind}\u0001`, after: (aliased) => `\u0002${id}:${aliased ? "a" : "n"}\u0002` };
}

type Choice = "array" | "map" | "native";

function render(sql: string, choices: Map<string, Choice>): string {
  const kinds = new Map<string, SiteKind>();
  const named = sql.replace(NAME, (_, id: string, kind: SiteKind) => {
    kinds.set(id, kind);
    return FORMS[kind][choices.get(id) ?? "native"].name;
  });
  return named.replace(AFTER, (_, id: string, aliased: string) => {
    const kind = kinds.get(id);
    return kind ? (FORMS[kind][choices.get(id) ?? "native"].after?.(aliased === "a") ?? "") : "";
  });
}

/** every site in DuckDB's form, which binds for arrays and maps alike: for typing a query without running it */
export function nativeSites(sql: string): string {
  return render(sql, new Map());
}

/**
 * Each site of `sql` decided in order, by whether DuckDB binds the query (`asQuery` makes one of an
 * expression) with its array's form, then its map's; without `binds`, every site is DuckDB's form.
 */
export async function resolveSites(sql: string, binds?: (query: string) => Promise<boolean>, asQuery: (sql: string) => string | Promise<string> = (q) => q): Promise<string> {
  const ids = [...sql.matchAll(NAME)].map((m) => m[1]);
  if (ids.length === 0) return sql;
  const choices = new Map<string, Choice>();
  if (binds) {
    for (const id of ids) {
      for (const choice of ["array", "map"] as const) {
        choices.set(id, choice);
        if (await binds(await asQuery(render(sql, choices)))) break;
        choices.delete(id);
      }
    }
  }
  return render(sql, choices);
}
