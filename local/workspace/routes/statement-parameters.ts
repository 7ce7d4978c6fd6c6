/**
 * A statement request's `parameters`: `[{ name, value?, type? }]`, each the value of the statement's
 * marker `:name`. The value is text (a number or boolean is taken as its text); without one it is NULL.
 * The type is a Spark SQL type, STRING when not given; ARRAY, MAP and STRUCT are not parameter types,
 * as Databricks documents.
 */
import { apiErrors } from "../errors.js";
import { Cursor } from "../sql/cursor.js";
import type { StatementParameter } from "../sql/parameter-markers.js";
import { parseSparkType } from "../sql/spark-types.js";
import { tokenize } from "../sql/tokenizer.js";

const SHAPE = "parameters must be a list of objects { name, value, type }";

export function statementParameters(given: unknown): StatementParameter[] {
  if (given === undefined || given === null) return [];
  if (!Array.isArray(given)) throw apiErrors.invalidParameter(SHAPE);
  const parameters = given.map((item, k) => parameter(item, k));
  const names = parameters.map((p) => p.name);
  const twice = names.find((name, k) => names.indexOf(name) !== k);
  if (twice !== undefined) throw apiErrors.invalidParameter(`parameter '${twice}' is given more than once: give each name one value`);
  return parameters;
}

function parameter(item: unknown, k: number): StatementParameter {
  if (typeof item !== "object" || item === null || Array.isArray(item)) throw apiErrors.invalidParameter(`${SHAPE}; parameters[${k}] is not an object`);
  const { name, value, type } = item as Record<string, unknown>;
  if (typeof name !== "string" || name === "") throw apiErrors.invalidParameter(`parameters[${k}].name must be the name of a parameter marker (:name in the statement)`);
  if (value !== undefined && value !== null && !["string", "number", "boolean"].includes(typeof value)) {
    throw apiErrors.invalidParameter(`parameter '${name}': value must be a string (omit it for NULL)`);
  }
  if (type !== undefined && type !== null && typeof type !== "string") throw apiErrors.invalidParameter(`parameter '${name}': type must be a string such as INT or DECIMAL(10,2)`);
  return { name, value: value === undefined || value === null ? null : String(value), type: checkedType(name, type || "STRING") };
}

function checkedType(name: string, type: string): string {
  if (/^\s*INTERVAL\b/i.test(type)) throw apiErrors.notImplemented(`parameter '${name}' of type ${type}: an INTERVAL parameter`);
  const invalid = () => apiErrors.invalidParameter(`parameter '${name}': type '${type}' is not a Spark SQL type (for example STRING, INT, BIGINT, DECIMAL(10,2), DOUBLE, BOOLEAN, DATE, TIMESTAMP)`);
  let parsed;
  try {
    const cursor = new Cursor(tokenize(type));
    parsed = parseSparkType(cursor);
    if (!cursor.atEnd()) throw invalid();
  } catch {
    throw invalid();
  }
  if (typeof parsed !== "string") throw apiErrors.invalidParameter(`parameter '${name}': type ${type} is not a parameter type: ARRAY, MAP and STRUCT values are not supported`);
  return type;
}
