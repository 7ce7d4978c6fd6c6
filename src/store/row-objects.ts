/**
 * Rows read as arrays made into objects by a function written once per statement, the object
 * literal of its columns: both drivers set each column of each row by name otherwise
 * (better-sqlite3 from C++, pg by copying an empty row and assigning every column), which was
 * half the cost of reading a page of 100 runs on SQLite (docs/benchmarks.md, List endpoints).
 * The objects are the same: the columns in their order, a later column of the same name winning.
 */
export type RowOf = (values: readonly unknown[]) => Record<string, unknown>;

/**
 * `values => ({"id": values[0], …})`. A column named `__proto__` sets the prototype, as
 * better-sqlite3 does, or with `protoAsOwnColumn` is an own property, as pg makes it.
 */
export function rowFunction(names: readonly string[], protoAsOwnColumn = false): RowOf {
  const key = (name: string) => (protoAsOwnColumn && name === "__proto__" ? `["__proto__"]` : JSON.stringify(name));
  return new Function("values", `return {${names.map((name, i) => `${key(name)}: values[${i}]`).join(", ")}};`) as RowOf;
}
