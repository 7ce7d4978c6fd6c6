/**
 * to_json(x) as Spark writes it with its default options, from DuckDB's JSON of x and DuckDB's name of x's
 * type: a struct's NULL fields are left out (ignoreNullFields, true by default), where DuckDB writes them as
 * null (a map's NULL values and an array's NULL elements stay, as in Spark), and a TIMESTAMP is written by the
 * default timestampFormat, yyyy-MM-dd'T'HH:mm:ss.SSSXXX (`2015-08-26T00:00:00.000Z`), where DuckDB writes
 * `2015-08-26 00:00:00+00`, or by a timestampFormat option's pattern, turned into a strftime format by the translator
 * (sql/json-calls.ts); a TIMESTAMP_NTZ by the default timestampNTZFormat (`2015-08-26T00:00:00.000`), where DuckDB writes
 * `2015-08-26 00:00:00`. Numbers are written as Java writes them (javaNumberText), where DuckDB wrote a DECIMAL
 * without its trailing zeros (1.5 for 1.50) and a DOUBLE plainly (10000000000.0 for 1.0E10), and a BINARY as base64,
 * where DuckDB wrote its bytes' text.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { atTypeScale } from "./decimal-text.js";
import { readJson } from "./from-json.js";
import { jacksonQuoted, javaFloatingText } from "../../../src/delta/java-text.js";
import { sparkDecimalText } from "./java-number-text.js";
import { strftimeText } from "./strftime-text.js";
import { registerTextFunction } from "./text-functions.js";
import { readEachOnce } from "./read-each-once.js";

export type DuckType =
  | { kind: "struct"; fields: DuckType[] }
  | { kind: "list"; element: DuckType }
  | { kind: "map"; key: DuckType; value: DuckType }
  | { kind: "leaf"; name: string };

type JsonNode = ReturnType<typeof readJson>;

/**
 * DuckDB's name of a type (typeof's: `STRUCT(a INTEGER, "b" MAP(VARCHAR, DOUBLE[]))`), as much of it as to_json and CAST(… AS STRING)
 * need; read once for each name, which every row of a column repeats
 */
export const readDuckType = readEachOnce(parseDuckType);

function parseDuckType(text: string): DuckType {
  let i = 0;
  const space = () => {
    while (text[i] === " ") i++;
  };
  const name = (): string => {
    space();
    return (text[i] === '"' ? /^"(?:[^"]|"")*"/ : /^[^\s(),[\]]+/).exec(text.slice(i))?.[0] ?? "";
  };
  // a leaf's text up to the comma or parenthesis that ends it, parentheses inside it (DECIMAL(10,2), ENUM('a')) skipped
  const leaf = (): string => {
    const start = i;
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "'") i = text.indexOf("'", i + 1);
      else if (c === "(") depth++;
      else if (c === ")" && depth-- === 0) break;
      else if ((c === "," || c === "[") && depth === 0) break;
    }
    return text.slice(start, i).trim();
  };
  const type = (): DuckType => {
    space();
    let t: DuckType;
    if (/^STRUCT\(/.test(text.slice(i))) {
      i += "STRUCT(".length;
      const fields: DuckType[] = [];
      while (text[i] !== ")" && i < text.length) {
        const field = name();
        i += field.length;
        fields.push(type());
        space();
        if (text[i] === ",") i++;
      }
      i++;
      t = { kind: "struct", fields };
    } else if (/^MAP\(/.test(text.slice(i))) {
      i += "MAP(".length;
      const key = type();
      i++; // the comma between key and value types
      t = { kind: "map", key, value: type() };
      space();
      i++;
    } else {
      t = { kind: "leaf", name: leaf() };
    }
    for (let list = /^\[\d*\]/.exec(text.slice(i)); list; list = /^\[\d*\]/.exec(text.slice(i))) {
      i += list[0].length;
      t = { kind: "list", element: t };
    }
    return t;
  };
  return type();
}

/** DuckDB's text of a TIMESTAMP WITH TIME ZONE (`2024-03-01 12:34:56.123456+05:30`) as Spark's default timestampFormat writes it */
function sparkTimestamp(text: string): string {
  const parts = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?$/.exec(text);
  if (!parts) return text;
  const [, date, time, fraction = "", sign, hours, minutes = "00", seconds] = parts;
  const zero = hours === "00" && minutes === "00" && (seconds ?? "00") === "00";
  const zone = zero ? "Z" : `${sign}${hours}:${minutes}${seconds && seconds !== "00" ? `:${seconds}` : ""}`;
  return `${date}T${time}.${fraction.padEnd(3, "0").slice(0, 3)}${zone}`;
}

/** DuckDB's text of a TIMESTAMP (Spark's TIMESTAMP_NTZ, `2024-03-01 12:34:56.5`) as Spark's default timestampNTZFormat, yyyy-MM-dd'T'HH:mm:ss[.SSS], writes it */
function sparkTimestampNtz(text: string): string {
  const parts = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?$/.exec(text);
  return parts ? `${parts[1]}T${parts[2]}.${(parts[3] ?? "").padEnd(3, "0").slice(0, 3)}` : text;
}

/** a number as Spark's JSON generator writes it, through Java: a DOUBLE or FLOAT by Double.toString (1.0E10), a DECIMAL by BigDecimal.toString at its scale (1.50) */
function javaNumberText(text: string, type: string): string {
  if (type === "DOUBLE" || type === "FLOAT") return javaFloatingText(Number(text), type === "FLOAT");
  const plain = atTypeScale(text, type);
  return plain === undefined ? text : sparkDecimalText(type, plain);
}

/** DuckDB's text of a BLOB (a printable ASCII byte as it is, any other byte `\xNN`) as base64, as Spark's JSON generator writes a BINARY */
function blobBase64(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const escaped = text.startsWith("\\x", i) ? /^[0-9A-Fa-f]{2}/.exec(text.slice(i + 2, i + 4)) : null;
    bytes.push(escaped ? parseInt(escaped[0], 16) : text.charCodeAt(i));
    if (escaped) i += 3;
  }
  return Buffer.from(bytes).toString("base64");
}

/** writes the text of a TIMESTAMP and of a TIMESTAMP_NTZ as to_json writes them */
interface TimestampWriters {
  timestamp: (text: string) => string;
  ntz: (text: string) => string;
}

function write(node: JsonNode, type: DuckType, writers: TimestampWriters): string {
  if (node.kind === "object") {
    const entries = node.entries.flatMap(([key, value], k): string[] => {
      if (type.kind === "struct") return value.kind === "null" ? [] : [`${jacksonQuoted(key)}:${write(value, type.fields[k] ?? type, writers)}`];
      return [`${jacksonQuoted(key)}:${write(value, type.kind === "map" ? type.value : type, writers)}`];
    });
    return `{${entries.join(",")}}`;
  }
  if (node.kind === "array") return `[${node.items.map((item) => write(item, type.kind === "list" ? type.element : type, writers)).join(",")}]`;
  if (node.kind === "string") {
    const leaf = type.kind === "leaf" ? type.name : "";
    const text = leaf === "TIMESTAMP WITH TIME ZONE" ? writers.timestamp(node.value) : leaf === "TIMESTAMP" ? writers.ntz(node.value) : leaf === "BLOB" ? blobBase64(node.value) : node.value;
    return jacksonQuoted(text);
  }
  if (node.kind === "number") return type.kind === "leaf" ? javaNumberText(node.text, type.name) : node.text;
  if (node.kind === "special") return node.value;
  return node.kind === "boolean" ? String(node.value) : "null";
}

/**
 * DuckDB's JSON text of a value of the type DuckDB names `type`, as Spark's to_json writes the value: a TIMESTAMP in strftime's
 * `format`, a TIMESTAMP_NTZ in `ntzFormat`, where given (not empty), else by Spark's defaults
 */
export function sparkJson(json: string, type: string, format = "", ntzFormat = ""): string {
  return write(readJson(json), readDuckType(type), writersOf(`${format}\u0000${ntzFormat}`));
}

/** the writers of a call's formats, made once for each pair (every row of a column repeats its call's), keyed `format NUL ntzFormat` */
const writersOf = readEachOnce((formats: string): TimestampWriters => {
  const [format, ntzFormat] = formats.split("\u0000");
  const formatted = (pattern: string, otherwise: (text: string) => string) => (pattern ? (text: string) => strftimeText(text, pattern) : otherwise);
  return { timestamp: formatted(format, sparkTimestamp), ntz: formatted(ntzFormat, sparkTimestampNtz) };
});

/** registers spark_to_json_text(json, type) and spark_to_json_format(json, type, format, ntzFormat) for every connection of the database */
export function registerToJson(conn: DuckDBConnection): void {
  registerTextFunction(conn, "spark_to_json_text", 2, (json, type) => sparkJson(json, type));
  registerTextFunction(conn, "spark_to_json_format", 4, sparkJson);
}
