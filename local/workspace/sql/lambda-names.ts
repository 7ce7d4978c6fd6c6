/**
 * Spark's names of unaliased higher-order function calls, from DuckDB's names of the list functions
 * sql/higher-order-calls.ts writes them as: `transform(arr, lambdafunction((namedlambdavariable() + 1),
 * namedlambdavariable()))` for `list_transform(arr, (x -> (x + 1)))`, as Spark (since 3.2) names a
 * lambda: its body with every use of a parameter as namedlambdavariable(), then one
 * namedlambdavariable() per parameter (map_zip_with's too, written over spark_map_zip). Also `array(…)` for list_value, and `map(k1, v1, …)` and
 * `map_concat(m1, m2, …)` for what map literals and map_concat become. Anything else is named by its DuckDB text, its arguments renamed.
 */

/** the calls (by their DuckDB name) this module names */
export const LAMBDA_CALLS = [
  "spark_exists", "spark_forall", "list_transform", "list_filter", "list_reduce", "list_extract", "map_from_entries", "spark_map", "spark_map_concat", "list_value",
] as const;

type Rename = (duckName: string) => string;
type Split = (text: string, open: number) => { args: string[]; close: number };

const VARIABLE = "namedlambdavariable()";

/** Spark's name of DuckDB's call `fn(args…)`; `rename` names an argument, `split` splits a call's arguments */
export function lambdaCallName(fn: string, args: string[], rename: Rename, split: Split): string {
  const inner = (text: string, name: string) => (text.startsWith(`${name}(`) ? split(text, name.length).args : undefined);
  const duck = () => `${fn}(${args.map(rename).join(", ")})`;
  const named = (name: string, first: string[], fn: Lambda) => `${name}(${[...first.map(rename), lambdaFunction(fn, rename)].join(", ")})`;
  switch (fn) {
    case "spark_exists":
    case "spark_forall": {
      const list = inner(args[0] ?? "", "list_transform");
      const parts = list && userLambda(list[1]);
      return list && parts ? named(fn.slice("spark_".length), [list[0]], parts) : duck();
    }
    case "list_transform": {
      const parts = lambdaParts(args[1] ?? "");
      const zip = inner(args[0], "spark_zip");
      if (zip && parts?.params[0] === "spark_pair") return named("zip_with", zip, pairLambda(parts, ["1", "2"]));
      const user = userLambda(args[1]);
      return user ? named("transform", [args[0]], user) : duck();
    }
    case "list_filter": {
      const user = userLambda(args[1] ?? "");
      return user ? named("filter", [args[0]], user) : duck();
    }
    case "list_reduce": {
      const user = userLambda(args[1] ?? "");
      return user && args.length === 3 ? `aggregate(${rename(args[0])}, ${rename(args[2])}, ${lambdaFunction(user, rename)}, lambdafunction(${VARIABLE}, ${VARIABLE}))` : duck();
    }
    case "list_extract": {
      // aggregate's finish lambda, or array_sort's comparator (sql/array-sort.ts), applied to a one-element list
      const list = inner(args[0] ?? "", "list_transform");
      const one = list && inner(list[0], "list_value");
      const parts = list && lambdaParts(list[1]);
      if (!one || one.length !== 1 || !parts || args[1] !== "1") return duck();
      if (parts.params[0] === "spark_sorted") {
        const body = /spark_sorts_before\((.*), list_extract\(spark_sorted, spark_j\), list_extract\(spark_sorted, spark_i\), \(spark_j < spark_i\)\)/s.exec(parts.body)?.[1];
        if (body === undefined) return duck();
        const uses = body.replaceAll("list_extract(spark_sorted, spark_j)", VARIABLE).replaceAll("list_extract(spark_sorted, spark_i)", VARIABLE);
        return `array_sort(${rename(one[0])}, lambdafunction(${rename(uses)}, ${VARIABLE}, ${VARIABLE}))`;
      }
      const reduced = rename(one[0]);
      return reduced.startsWith("aggregate(") && userLambda(list[1]) ? reduced.replace(/, lambdafunction\(namedlambdavariable\(\), namedlambdavariable\(\)\)\)$/, `, ${lambdaFunction(userLambda(list[1])!, rename)})`) : duck();
    }
    case "map_from_entries": {
      // map_filter, transform_keys and transform_values over the map's entries (spark_map_from_entries, transform_keys', is named map_from_entries by now)
      const filtered = inner(args[0] ?? "", "list_filter");
      const list = filtered ?? inner(args[0] ?? "", "list_transform");
      const parts = list && lambdaParts(list[1]);
      const zipped = list && inner(list[0], "spark_map_zip");
      const zippedValue = zipped && inner(parts?.body ?? "", "struct_pack")?.[1]?.replace(/^"value" := /, "");
      if (zipped && parts?.params[0] === "spark_pair" && zippedValue !== undefined) {
        return named("map_zip_with", zipped, pairLambda({ params: parts.params, body: zippedValue }, ["key", "value1", "value2"]));
      }
      const map = list && inner(list[0], "map_entries");
      if (!map || parts?.params[0] !== "spark_pair") return duck();
      if (filtered) return named("map_filter", map, pairLambda(parts, ["key", "value"]));
      const entry = inner(parts.body, "struct_pack");
      const key = entry?.[0]?.replace(/^"key" := /, "");
      const value = entry?.[1]?.replace(/^"value" := /, "");
      if (key === undefined || value === undefined) return duck();
      const keys = key !== pairField("key");
      return named(keys ? "transform_keys" : "transform_values", map, pairLambda({ params: parts.params, body: keys ? key : value }, ["key", "value"]));
    }
    case "spark_map": {
      const keys = inner(args[0] ?? "", "list_value");
      const values = inner(args[1] ?? "", "list_value");
      if (!keys || !values || keys.length !== values.length) return duck();
      return `map(${keys.flatMap((k, n) => [rename(k), rename(values[n])]).join(", ")})`;
    }
    case "spark_map_concat": {
      // map_concat(m1, m2, …), which sql/constructor-calls.ts writes as spark_map_concat(list_value(m1, m2, …))
      const maps = inner(args[0] ?? "", "list_value");
      return maps ? `map_concat(${maps.map(rename).join(", ")})` : duck();
    }
    case "list_value":
      return `array(${args.map(rename).join(", ")})`;
    default:
      return duck();
  }
}

interface Lambda {
  params: string[];
  body: string;
}

/** DuckDB's text of a lambda, `(x -> (x + 1))` or `(main."row"(acc, x) -> (acc + x))`: its parameters and body */
function lambdaParts(text: string): Lambda | undefined {
  const inside = unwrap(text);
  let depth = 0;
  for (let k = 0; k < inside.length; k++) {
    const c = inside[k];
    if (c === "'" || c === '"') {
      k = inside.indexOf(c, k + 1);
      if (k < 0) return undefined;
    } else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && inside.startsWith(" -> ", k)) {
      const head = inside.slice(0, k).replace(/^main\."row"\((.*)\)$/s, "$1");
      return { params: head.split(",").map((p) => p.trim().replace(/^"(.*)"$/, "$1")), body: inside.slice(k + 4) };
    }
  }
  return undefined;
}

/** a lambda the user wrote (not one of the translator's own over spark_pair or spark_sorted), its index parameter's CAST((i - 1) AS INT) back to the parameter */
function userLambda(text: string): Lambda | undefined {
  const parts = lambdaParts(text);
  if (!parts || parts.params.some((p) => p.startsWith("spark_"))) return undefined;
  const index = parts.params[1];
  // the translator's CAST(i - 1 AS INT) is spark_cast_int (engine/spark-functions.ts)
  return index === undefined ? parts : { ...parts, body: parts.body.replaceAll(`spark_cast_int((${index} - 1))`, index) };
}

/** a translator's lambda over spark_pair: its fields, in order, as the user's parameters */
function pairLambda(fn: Lambda, fields: string[]): Lambda {
  const body = fields.reduce((b, f, n) => b.replaceAll(pairField(f), `spark_param${n}`), fn.body);
  return { params: fields.map((_, n) => `spark_param${n}`), body };
}

/** DuckDB's text of a field of the translator's spark_pair: by name ('key', 'value') or position (1, 2) */
const pairField = (field: string) => `struct_extract(spark_pair, ${/^\d+$/.test(field) ? field : `'${field}'`})`;

/** Spark's lambdafunction(body, namedlambdavariable(), …) */
function lambdaFunction(fn: Lambda, rename: Rename): string {
  return `lambdafunction(${rename(usesAsVariables(fn.body, fn.params))}, ${fn.params.map(() => VARIABLE).join(", ")})`;
}

/** `body` with each use of a parameter (a name outside quotes, not a field `.x`, not a call `x(`) as namedlambdavariable() */
function usesAsVariables(body: string, params: string[]): string {
  const names = new Set(params.map((p) => p.toLowerCase()));
  return body.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|(?<![.\w])([A-Za-z_]\w*)(?!\w|\()/g, (whole, name: string | undefined) => (name !== undefined && names.has(name.toLowerCase()) ? VARIABLE : whole));
}

/** text without the parentheses around all of it, if it has them: a lambda `(x -> (x + 1))` */
function unwrap(text: string): string {
  if (!text.startsWith("(") || !text.endsWith(")")) return text;
  let depth = 0;
  for (let k = 0; k < text.length; k++) {
    if (text[k] === "(") depth++;
    else if (text[k] === ")" && --depth === 0 && k < text.length - 1) return text;
  }
  return text.slice(1, -1);
}
