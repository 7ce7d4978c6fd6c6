/**
 * A lambda parameter's name that no column of the row has. Inside a lambda DuckDB binds a name to
 * the parameter before a column of the same name (in any case), and `p.key` to a column `p` before
 * the parameter: a column named like a parameter would be hidden from the lambda's body, or hide
 * the parameter. `base`, or `base_1`, `base_2`, … when a column has that name.
 */
export function lambdaParameter(base: string, columns: Iterable<string>): string {
  const taken = new Set([...columns].map((name) => name.toLowerCase()));
  let name = base;
  for (let n = 1; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
  return name;
}
