/**
 * Rows as JSON that keeps every value exactly, in the spellings explore's preview uses
 * (src/databricks/result-values.ts): a failed row's staged record (src/lake/ingest.ts) and a mapping
 * preview's rows (preview.ts) are shown so. DECIMAL as a string with its scale, integers
 * beyond ±(2^53 - 1) as their digits in a string, NaN and ±Infinity as "NaN", "Infinity",
 * "-Infinity" (JSON has no such numbers) and -0.0 as "-0.0" (JSON reads -0.0 as 0), a FLOAT with
 * its shortest digits, as Spark shows it (1.1, where to_json writes the double nearest it,
 * 1.100000023841858), BINARY as base64, timestamps in ISO 8601 with their
 * microseconds (`Z` when the value is an instant), struct, list and map members alike.
 */
import { type DuckType, parseDuckDbType, quoteIdent, quoteLiteral } from "../delta/index.js";
import { floatDigits } from "./float-text.js";

const MAX_SAFE = "9007199254740991";

/** `to_json(struct_pack(<column> := <exact JSON>, …))` over the columns. */
export function exactRecordJson(columns: ReadonlyArray<{ name: string; type: string }>): string {
  const members = columns.map((c) => `${quoteIdent(c.name)} := ${exactJson(quoteIdent(c.name), parseDuckDbType(c.type), 0)}`);
  return `to_json(struct_pack(${members.join(", ")}))`;
}

/**
 * A JSON value (DuckDB's JSON type) holding the value exactly; NULL stays NULL. A value whose type
 * DuckDB's own to_json already writes exactly is left to it whole: spelling each of a wide struct's
 * thousands of fields apart makes an expression DuckDB takes minutes to run, even over one row.
 * A struct that must be spelled field by field is read once, as a lambda's parameter, and its
 * fields from that: each expression node holding a struct costs DuckDB time in proportion to the
 * struct's width, so a path from the whole row down to each of a thousand leaves took a minute.
 */
export function exactJson(sql: string, type: DuckType, depth = 0): string {
  if (writtenExactly(type)) return `to_json(${sql})`;
  // a struct, list or map of doubles is written whole too, its NaN, ±Infinity and -0.0 quoted after:
  // spelling each of a thousand DOUBLE fields apart made a preview of them ten times as slow
  if (type.kind !== "primitive" && writtenExactly(type, true)) return specialsQuoted(`to_json(${sql})`);
  const element = `x${depth}`;
  switch (type.kind) {
    case "list":
    case "array":
      return `to_json(list_transform(${sql}, ${element} -> ${exactJson(element, type.element, depth + 1)}))`;
    case "struct": {
      const members = type.fields.map(({ name, type: field }) => `${quoteIdent(name)} := ${exactJson(`struct_extract(${element}, ${quoteLiteral(name)})`, field, depth + 1)}`);
      return `list_transform([${sql}], ${element} -> CASE WHEN ${element} IS NOT NULL THEN to_json(struct_pack(${members.join(", ")})) END)[1]`;
    }
    case "map": {
      // a key as the text of its JSON value (a string without its quotes)
      const keyText = `json_extract_string(${exactJson(`struct_extract(${element}, 'key')`, type.key, depth + 1)}, '$')`;
      return `to_json(map_from_entries(list_transform(map_entries(${sql}), ${element} -> struct_pack(key := ${keyText}, value := ${exactJson(`struct_extract(${element}, 'value')`, type.value, depth + 1)}))))`;
    }
    case "primitive":
      return scalarJson(sql, type.name);
  }
}

/**
 * Scalars to_json writes as explore's preview spells them (strings, booleans, small integers, dates…),
 * at any depth; with `floats`, DOUBLE too, which to_json writes exactly but for NaN, ±Infinity and
 * -0.0 (bare tokens specialsQuoted makes strings). Not FLOAT: to_json writes it as a double.
 */
function writtenExactly(type: DuckType, floats = false): boolean {
  switch (type.kind) {
    case "list":
    case "array":
      return writtenExactly(type.element, floats);
    case "struct":
      return type.fields.every((field) => writtenExactly(field.type, floats));
    case "map":
      return type.key.kind === "primitive" && type.key.name === "VARCHAR" && writtenExactly(type.value, floats);
    case "primitive":
      return !RESPELLED.test(type.name) || (floats && FLOATS.test(type.name));
  }
}

const FLOATS = /^DOUBLE$/;

/**
 * JSON written by to_json with its floats' NaN, Infinity, -Infinity and -0.0 (bare tokens, which
 * JSON has not, or reads as 0) as strings, as scalarJson writes them: the text outside its strings
 * rewritten, only in a value that may hold one.
 */
function specialsQuoted(json: string): string {
  const chunks = `regexp_extract_all(t, ${quoteLiteral('"(?:[^"\\\\]|\\\\.)*"|[^"]+')})`;
  const quoted = `regexp_replace(c, ${quoteLiteral("(-?Infinity|NaN|-0\\.0\\b)")}, ${quoteLiteral('"\\1"')}, 'g')`;
  const rewritten = `array_to_string(list_transform(${chunks}, c -> CASE WHEN starts_with(c, '"') THEN c ELSE ${quoted} END), '')`;
  return `CAST(list_transform([CAST(${json} AS VARCHAR)], t -> CASE WHEN regexp_matches(t, ${quoteLiteral("NaN|Infinity|-0\\.0")}) THEN ${rewritten} ELSE t END)[1] AS JSON)`;
}

/** The scalars scalarJson spells otherwise than to_json. */
const RESPELLED = /^(DECIMAL|BIGINT$|HUGEINT$|UBIGINT$|UHUGEINT$|FLOAT$|DOUBLE$|BLOB$|TIMESTAMP)/;

/** A DECIMAL's digits with its scale (2.50 stays 2.50), and its leading zero: DuckDB writes a DECIMAL without integer digits (DECIMAL(1,1)) as ".5"; Spark, and so explore's preview, as "0.5". */
export function decimalText(sql: string, name: string): string {
  const [precision, scale] = name.match(/\d+/g) ?? [];
  const text = `CAST(${sql} AS VARCHAR)`;
  return precision === scale ? `regexp_replace(${text}, '^(-?)\\.', '\\10.')` : text;
}

function scalarJson(sql: string, name: string): string {
  if (name.startsWith("DECIMAL")) return `to_json(${decimalText(sql, name)})`;
  if (/^(BIGINT|HUGEINT|UBIGINT|UHUGEINT)$/.test(name)) {
    return `CASE WHEN ${sql} BETWEEN -${MAX_SAFE} AND ${MAX_SAFE} THEN to_json(${sql}) ELSE to_json(CAST(${sql} AS VARCHAR)) END`;
  }
  if (name === "FLOAT" || name === "DOUBLE") {
    return `CASE WHEN isnan(${sql}) THEN to_json('NaN') WHEN ${sql} = 'infinity' THEN to_json('Infinity') WHEN ${sql} = '-infinity' THEN to_json('-Infinity') WHEN ${sql} = 0 AND signbit(${sql}) THEN to_json('-0.0') ELSE ${name === "FLOAT" ? `CAST(${floatDigits(sql)} AS JSON)` : `to_json(${sql})`} END`;
  }
  if (name === "BLOB") return `to_json(to_base64(${sql}))`;
  if (name === "TIMESTAMP WITH TIME ZONE") return `to_json(strftime(timezone('UTC', ${sql}), '%Y-%m-%dT%H:%M:%S.%fZ'))`;
  if (name === "TIMESTAMP" || name === "TIMESTAMP_S" || name === "TIMESTAMP_MS") return `to_json(strftime(CAST(${sql} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%f'))`;
  if (name === "TIMESTAMP_NS") return `to_json(strftime(${sql}, '%Y-%m-%dT%H:%M:%S.%n'))`;
  return `to_json(${sql})`;
}
