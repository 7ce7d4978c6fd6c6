/**
 * from_json(json, schema) as Spark reads it (engine/from-json.ts): the schema, a string literal as Spark
 * requires, is Spark's DDL (`a INT, b ARRAY<STRING>`, `STRUCT<…>`, `ARRAY<…>`, `MAP<STRING, …>`) or its
 * JSON form; the call becomes TRY_CAST(json_transform(spark_from_json(json, '<schema as JSON>'),
 * '<the schema with VARCHAR leaves>') AS <schema>), so that a date or timestamp DuckDB cannot read is NULL.
 * Options (the third argument) are refused: only the default PERMISSIVE reading is made.
 * to_json(x, map('timestampFormat', 'pattern', …)) writes its timestamps by the pattern (engine/to-json.ts), turned into a strftime format
 * here as date_format's is, and a timestampNTZFormat its TIMESTAMP_NTZ values; a timeZone option is the zone of a VARIANT's timestamps
 * (of other values' not applied), and its other options are not applied.
 * get_json_object(json, path) with a [*] in its path: spark_get_json_object_all (engine/spark-functions.ts), a STRING, where DuckDB's
 * json_extract_string answers a list.
 */
import { sqlErrors } from "../errors.js";
import { argBody, tokenMakers, type Call } from "./call.js";
import { Cursor } from "./cursor.js";
import { strftimePattern } from "./datetime-pattern.js";
import { marksZoneName } from "../engine/datetime-marks.js";
import { parseSparkType, quoteString, sparkSqlType, type SparkField, type SparkType } from "./spark-types.js";
import { tokenize, type Token } from "./tokenizer.js";
import { icuZoneName, knownZone } from "./zone-name.js";

export function fromJsonCall(call: Call): Token[] {
  if (call.args.length === 3) throw sqlErrors.unsupported("from_json(…) with options (the default PERMISSIVE reading only)");
  if (call.args.length !== 2) throw sqlErrors.syntax("from_json", "(from_json takes the JSON text and a schema)");
  const literal = argBody(call.args[1]);
  if (literal.length !== 1 || literal[0].kind !== "string" || literal[0].prefix === "X") {
    throw sqlErrors.unsupported("from_json(…) with a schema that is not a string literal");
  }
  const schema = jsonSchema(literal[0].value);
  const { op, ident, make, callOf } = tokenMakers(call);
  const read = callOf("spark_from_json", argBody(call.args[0]), [make("string", JSON.stringify(schema))]);
  const varchars = callOf("json_transform", read, [make("string", JSON.stringify(varcharType(schema)))]);
  const type = tokenize(sparkSqlType(schema)).filter((t) => t.kind !== "eof");
  return [ident("TRY_CAST"), op("("), ...varchars, ident("AS"), ...type, op(")")];
}

/**
 * to_json(x, map(…)) with a timestampFormat, timestampNTZFormat or timeZone option as spark_to_json(x, map(…), '<strftime format>',
 * '<strftime format of TIMESTAMP_NTZ>', '<ICU zone>'), '' for an option not given; other calls as written
 */
export function toJsonCall(call: Call): Token[] | undefined {
  const options = call.args[1] ? argBody(call.args[1]) : [];
  if (call.args.length !== 2 || options[0]?.kind !== "ident" || options[0].value.toLowerCase() !== "map") return undefined;
  const entries = options.slice(2, -1).filter((t) => !(t.kind === "op" && t.value === ","));
  const optionText = (option: string) => {
    const at = entries.findIndex((t, k) => k % 2 === 0 && t.kind === "string" && t.value.toLowerCase() === option.toLowerCase());
    const value = at >= 0 ? entries[at + 1] : undefined;
    return value?.kind === "string" ? value.value : undefined;
  };
  const patternOf = (option: string) => {
    const pattern = optionText(option);
    if (pattern === undefined) return undefined;
    const format = strftimePattern(pattern);
    if (marksZoneName(format)) throw sqlErrors.unsupported(`A zone's name (V or z) in to_json's ${option}`);
    return format;
  };
  const [timestamp, ntz, zone] = [patternOf("timestampFormat"), patternOf("timestampNTZFormat"), zoneOption(optionText("timeZone"))];
  if (timestamp === undefined && ntz === undefined && zone === undefined) return undefined;
  const { make, callOf } = tokenMakers(call);
  const texts = [timestamp, ntz, zone].map((text) => [make("string", text ?? "")]);
  return callOf("spark_to_json", argBody(call.args[0]), options, ...texts);
}

/** a timeZone option's zone as ICU names it */
function zoneOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const zone = icuZoneName(value);
  if (zone === undefined) throw sqlErrors.unsupported(`The timeZone '${value}' of to_json (offsets of whole hours, and region IDs such as 'America/Los_Angeles', are taken)`);
  if (!knownZone(zone)) throw sqlErrors.unknownZone(value);
  return zone;
}

/** Spark's schema text as a type: DDL fields, a STRUCT, ARRAY or MAP type, or the JSON of a struct */
function jsonSchema(text: string): SparkType {
  let schema: SparkType;
  if (text.trim().startsWith("{")) {
    try {
      schema = JSON.parse(text) as SparkType;
    } catch {
      throw sqlErrors.syntax(quoteString(text), "(from_json's schema is neither Spark's DDL nor its JSON)");
    }
  } else {
    const c = new Cursor(tokenize(text));
    if (["STRUCT", "ARRAY", "MAP"].some((w) => c.isKeyword(w)) && c.peek(1).kind === "op" && c.peek(1).value === "<") schema = parseSparkType(c);
    else schema = { type: "struct", fields: ddlFields(c) };
    if (!c.atEnd()) throw sqlErrors.syntax(`'${c.peek().value}'`, "(after from_json's schema)");
  }
  checkReadable(schema);
  return schema;
}

/** `a INT, b STRING NOT NULL COMMENT '…'` as fields */
function ddlFields(c: Cursor): SparkField[] {
  const fields: SparkField[] = [];
  do {
    const name = c.identifier();
    c.acceptOp(":");
    const type = parseSparkType(c);
    c.accept("NOT", "NULL");
    if (c.accept("COMMENT")) c.string();
    fields.push({ name, type, nullable: true, metadata: {} });
  } while (c.acceptOp(","));
  return fields;
}

/** refuses the types from_json does not read here: BINARY, intervals, a MAP whose keys are not strings */
function checkReadable(t: SparkType): void {
  if (typeof t === "string") {
    if (t === "binary" || t.includes("interval")) throw sqlErrors.unsupported(`from_json(…) into ${sparkSqlType(t)}`);
    return;
  }
  if (t.type === "struct") t.fields.forEach((f) => checkReadable(f.type));
  else if (t.type === "array") checkReadable(t.elementType);
  else if (t.keyType !== "string") throw sqlErrors.unsupported(`from_json(…) into ${sparkSqlType(t)} (JSON object keys are strings)`);
  else checkReadable(t.valueType);
}

/** the DuckDB type of the schema with every leaf a VARCHAR, which json_transform reads the converted JSON into */
function varcharType(t: SparkType): string {
  if (typeof t === "string") return "VARCHAR";
  if (t.type === "array") return `${varcharType(t.elementType)}[]`;
  if (t.type === "map") return `MAP(VARCHAR, ${varcharType(t.valueType)})`;
  return `STRUCT(${t.fields.map((f) => `"${f.name.replaceAll('"', '""')}" ${varcharType(f.type)}`).join(", ")})`;
}

/** get_json_object(json, '$.a[*].b') as spark_get_json_object_all(json, path): its path a literal with a [*]; other calls as written */
export function getJsonObjectCall(call: Call): Token[] | undefined {
  const path = call.args[1] ? argBody(call.args[1]) : [];
  if (call.args.length !== 2 || path.length !== 1 || path[0].kind !== "string" || !/\[\s*\*\s*\]/.test(path[0].value)) return undefined;
  return tokenMakers(call).callOf("spark_get_json_object_all", argBody(call.args[0]), path);
}
