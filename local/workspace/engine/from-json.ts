/**
 * from_json(json, schema) as Spark reads JSON in its default PERMISSIVE mode, for sql/json-calls.ts: the
 * text is read as Spark's JSON parser reads it by default (single-quoted strings and NaN/Infinity allowed,
 * numbers kept as written), then each value is checked against the schema's type as Spark converts it: an
 * integral field takes an integer only, a DOUBLE a number or NaN/Infinity, a DECIMAL a number or numeric
 * string rounded HALF_UP to its scale, a BOOLEAN true or false, a STRING any value (an object or array as its
 * JSON text), a TIMESTAMP a string or seconds since 1970. A value that does not fit is NULL and the rest of its
 * struct is kept (Spark 3.4's partial results); text that is no JSON, or not an object, is a struct of NULLs
 * (NULL for an ARRAY or MAP schema); a JSON array of objects is its first object.
 *
 * The answer is JSON whose leaves are all strings, which json_transform reads into VARCHARs and a TRY_CAST
 * turns into the schema's types (DuckDB reads dates and timestamps there, as Spark's fallback casts them).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { registerTextFunction } from "./text-functions.js";
import { atScale, digitCount, plainText, readDecimal } from "./decimal-text.js";
import { jacksonQuoted } from "../../../src/delta/java-text.js";
import type { SparkType } from "../sql/spark-types.js";

export type JsonNode =
  | { kind: "object"; entries: [string, JsonNode][] }
  | { kind: "array"; items: JsonNode[] }
  | { kind: "string"; value: string }
  | { kind: "number"; text: string }
  | { kind: "special"; value: "NaN" | "Infinity" | "-Infinity" }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" };

class Malformed extends Error {}

/** JSON read as Jackson reads it with Spark's defaults; throws Malformed */
export function readJson(text: string): JsonNode {
  const reader = new JsonReader(text);
  const root = reader.value();
  reader.space();
  if (reader.at < text.length) reader.fail();
  return root;
}

/** the escapes of a JSON string Jackson reads, by the character after the backslash (a single quote in a single-quoted string only) */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", "'": "'" };

/**
 * the reading of one JSON text, from `at` on; its steps are methods, not closures made at each call, which a loader that keeps
 * functions' names (tsx's) would name one by one for every row a JavaScript function of the engine reads
 */
class JsonReader {
  at = 0;
  constructor(private readonly text: string) {}

  fail(): never {
    throw new Malformed();
  }

  space(): void {
    while (this.at < this.text.length && " \t\r\n".includes(this.text[this.at])) this.at++;
  }

  private word(w: string): boolean {
    if (!this.text.startsWith(w, this.at)) return false;
    this.at += w.length;
    return true;
  }

  private string(quote: string): string {
    const { text } = this;
    let out = "";
    this.at++;
    for (;;) {
      const c = text[this.at++];
      if (c === undefined || c < " ") this.fail();
      if (c === quote) return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = text[this.at++];
      if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(this.at, this.at + 4))) {
        out += String.fromCharCode(parseInt(text.slice(this.at, this.at + 4), 16));
        this.at += 4;
      } else if (e !== undefined && SIMPLE_ESCAPES[e] !== undefined && (e !== "'" || quote === "'")) out += SIMPLE_ESCAPES[e];
      else this.fail();
    }
  }

  value(): JsonNode {
    this.space();
    const { text } = this;
    const c = text[this.at];
    if (c === "{") {
      this.at++;
      const entries: [string, JsonNode][] = [];
      this.space();
      if (text[this.at] === "}") return this.at++, { kind: "object", entries };
      for (;;) {
        this.space();
        if (text[this.at] !== '"' && text[this.at] !== "'") this.fail();
        const key = this.string(text[this.at]);
        this.space();
        if (text[this.at++] !== ":") this.fail();
        entries.push([key, this.value()]);
        this.space();
        if (text[this.at] === ",") this.at++;
        else if (text[this.at++] === "}") return { kind: "object", entries };
        else this.fail();
      }
    }
    if (c === "[") {
      this.at++;
      const items: JsonNode[] = [];
      this.space();
      if (text[this.at] === "]") return this.at++, { kind: "array", items };
      for (;;) {
        items.push(this.value());
        this.space();
        if (text[this.at] === ",") this.at++;
        else if (text[this.at++] === "]") return { kind: "array", items };
        else this.fail();
      }
    }
    if (c === '"' || c === "'") return { kind: "string", value: this.string(c) };
    if (this.word("true")) return { kind: "boolean", value: true };
    if (this.word("false")) return { kind: "boolean", value: false };
    if (this.word("null")) return { kind: "null" };
    if (this.word("NaN")) return { kind: "special", value: "NaN" };
    if (this.word("Infinity") || this.word("+Infinity") || this.word("+INF") || this.word("INF")) return { kind: "special", value: "Infinity" };
    if (this.word("-Infinity") || this.word("-INF")) return { kind: "special", value: "-Infinity" };
    const number = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(this.at));
    if (!number) return this.fail();
    this.at += number[0].length;
    return { kind: "number", text: number[0] };
  }
}

/** a value that does not fit its type: NULL in its struct */
class Mismatch extends Error {}
const mismatch = (): never => {
  throw new Mismatch();
};

type Converted = string | null | Converted[] | { [key: string]: Converted };

const INTEGRAL_BITS: Readonly<Record<string, bigint>> = { byte: 8n, short: 16n, integer: 32n, long: 64n };

/** the node as `type` holds it, leaves as text; throws Mismatch */
function convert(node: JsonNode, type: SparkType): Converted {
  if (node.kind === "null") return null;
  if (typeof type !== "string") {
    if (type.type === "struct") return node.kind === "object" ? struct(node, type.fields) : mismatch();
    if (type.type === "array") return node.kind === "array" ? node.items.map((item) => convert(item, type.elementType)) : mismatch();
    if (node.kind !== "object") return mismatch();
    return Object.fromEntries(node.entries.map(([key, item]) => [key, convert(item, type.valueType)]));
  }
  const bits = INTEGRAL_BITS[type];
  if (bits !== undefined) {
    if (node.kind !== "number" || !/^-?\d+$/.test(node.text)) return mismatch();
    const n = BigInt(node.text);
    const limit = 1n << (bits - 1n);
    return n >= -limit && n < limit ? node.text : mismatch();
  }
  if (type === "double" || type === "float") {
    if (node.kind === "number") return node.text;
    if (node.kind === "special") return node.value;
    if (node.kind === "string" && SPECIAL_NUMBERS[node.value] !== undefined) return SPECIAL_NUMBERS[node.value];
    return mismatch();
  }
  const decimal = /^decimal\((\d+),(\d+)\)$/.exec(type);
  if (decimal) {
    const text = node.kind === "number" || node.kind === "string" ? (node.kind === "number" ? node.text : node.value.trim()) : mismatch();
    return decimalText(text, Number(decimal[1]), Number(decimal[2])) ?? mismatch();
  }
  if (type === "boolean") return node.kind === "boolean" ? String(node.value) : mismatch();
  if (type === "string") return node.kind === "string" ? node.value : jsonText(node);
  if (type === "timestamp" && node.kind === "number" && /^-?\d+$/.test(node.text)) return new Date(Number(node.text) * 1000).toISOString();
  if (type === "date" || type === "timestamp" || type === "timestamp_ntz") return node.kind === "string" ? node.value : mismatch();
  return mismatch();
}

const SPECIAL_NUMBERS: Readonly<Record<string, string>> = { NaN: "NaN", Infinity: "Infinity", "+Infinity": "Infinity", "-Infinity": "-Infinity", INF: "Infinity", "+INF": "Infinity", "-INF": "-Infinity" };

/** a struct's fields by exact name, each NULL where its value does not fit */
function struct(node: Extract<JsonNode, { kind: "object" }>, fields: { name: string; type: SparkType }[]): Converted {
  const byName = new Map(node.entries);
  return Object.fromEntries(
    fields.map((f) => {
      const item = byName.get(f.name);
      if (item === undefined) return [f.name, null];
      try {
        return [f.name, convert(item, f.type)];
      } catch (e) {
        if (e instanceof Mismatch) return [f.name, null];
        throw e;
      }
    }),
  );
}

/** a number's text (1.5, -2e3) rounded HALF_UP to `scale` places, undefined where it is no number or has more than precision digits */
function decimalText(text: string, precision: number, scale: number): string | undefined {
  const read = readDecimal(text);
  const rounded = read && atScale(read, scale);
  return rounded && digitCount(rounded.unscaled) <= precision ? plainText(rounded) : undefined;
}

/** a value's JSON text as Jackson writes it, compact */
export function jsonText(node: JsonNode): string {
  switch (node.kind) {
    case "object":
      return `{${node.entries.map(([k, v]) => `${jacksonQuoted(k)}:${jsonText(v)}`).join(",")}}`;
    case "array":
      return `[${node.items.map(jsonText).join(",")}]`;
    case "string":
      return jacksonQuoted(node.value);
    case "number":
      return node.text;
    case "special":
      return node.value;
    case "boolean":
      return String(node.value);
    case "null":
      return "null";
  }
}

/** from_json's answer for `text` under `schema` (a SparkType as JSON), as JSON of text leaves; NULL for NULL */
export function fromJson(text: string, schema: SparkType): string | null {
  const isStruct = typeof schema !== "string" && schema.type === "struct";
  const nothing = isStruct ? Object.fromEntries(schema.fields.map((f) => [f.name, null])) : null;
  let root: JsonNode;
  try {
    root = readJson(text);
  } catch (e) {
    if (e instanceof Malformed) return JSON.stringify(nothing);
    throw e;
  }
  if (isStruct && root.kind === "array") {
    const first = root.items[0];
    if (first === undefined) return null;
    root = first;
  }
  try {
    return JSON.stringify(convert(root, schema) ?? nothing);
  } catch (e) {
    if (e instanceof Mismatch) return JSON.stringify(nothing);
    throw e;
  }
}

/** registers spark_from_json(text, schema JSON) for every connection of the database */
export function registerFromJson(conn: DuckDBConnection): void {
  const schemas = new Map<string, SparkType>();
  registerTextFunction(conn, "spark_from_json", 2, (text, schemaText) => {
    let schema = schemas.get(schemaText);
    if (schema === undefined) schemas.set(schemaText, (schema = JSON.parse(schemaText) as SparkType));
    return fromJson(text, schema);
  });
}
