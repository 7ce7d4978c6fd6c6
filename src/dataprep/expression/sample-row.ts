/**
 * Sample rows' JSON text as rows of typed DuckDB values, each number typed as written, as a
 * source table's column holds it: an integer is a BIGINT (a HUGEINT beyond), a number with a
 * fraction or an exponent a DECIMAL of exactly its digits (1.000000000000000001 is DECIMAL(19,18)).
 * A number of more than 38 digits, which no DECIMAL holds, is refused, never rounded. An array's
 * elements, and a field over several rows, share one type (a DECIMAL wide enough for all, a struct
 * with every member); values of different kinds, or an empty object, are JSON or text (Mixed).
 */
import { JsonNumber, jsonTextOf, parseJsonNumbersAsText } from "../../databricks/lossless-json.js";
import { quoteIdent, quoteLiteral } from "../../delta/index.js";
import { ExpressionError } from "./errors.js";

type Sample = null | boolean | string | JsonNumber | Sample[] | { [key: string]: Sample };

type Shape =
  | { kind: "null" | "boolean" | "text" | "json" }
  | { kind: "number"; integerDigits: number; scale: number; fraction: boolean; huge: boolean }
  | { kind: "list"; element: Shape }
  | { kind: "struct"; members: Map<string, Shape> };

const MAX_DIGITS = 38;
const BIGINT = 2n ** 63n;
const HUGEINT = 2n ** 127n;

/**
 * How values of different kinds in one field are read: as JSON (validate, as DuckDB reads them), or
 * as text (the mapping set preview: `1` and `"x"` become "1" and "x", as a string column holds them).
 */
export type Mixed = "JSON" | "VARCHAR";

/**
 * Sample rows (a JSON object or an array of them) as a query of typed literals, in their order, each
 * field of one type over all rows; undefined when no row has a field.
 */
export function sampleRowsQuery(json: string, mixed: Mixed = "JSON"): string | undefined {
  const parsed = parseJsonNumbersAsText(json);
  const rows = (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, Sample>>;
  const fields = new Map<string, Shape>();
  for (const row of rows) {
    if (Object.hasOwn(row, "")) throw new ExpressionError("the sample data has a field with an empty name, which no column can have");
    for (const [name, value] of Object.entries(row)) fields.set(name, merged(fields.get(name) ?? { kind: "null" }, shapeOf(value, name), name));
  }
  if (fields.size === 0) return undefined;
  const pack = (row: Record<string, Sample>) =>
    `struct_pack(${[...fields].map(([name, shape]) => `${quoteIdent(name)} := ${literal(Object.hasOwn(row, name) ? row[name] : null, shape, mixed)}`).join(", ")})`;
  // one list of the rows' structs, unnested: the rows stay in their order
  return `SELECT unnest(r) FROM (SELECT unnest([${rows.map(pack).join(", ")}]) AS r)`;
}

/**
 * A JSON text written in an expression (json_to_object's constant) as a typed literal, each number
 * typed as a sample row's is (2.50 a DECIMAL(3,2), 1.00000000000000000001 every digit), never
 * through a double; values of different kinds in an array are JSON.
 */
export function jsonLiteral(json: string): { sql: string; type: string } {
  const value = parseJsonNumbersAsText(json) as Sample;
  const shape = shapeOf(value, "$", { value: "json_to_object: the value at", numbers: "json_to_object: the numbers at" });
  return { sql: literal(value, shape, "JSON"), type: typeOf(shape, "JSON") };
}

/** What an error calls the values read: a sample row's, or a JSON text's in an expression (json_to_object). */
interface Subject {
  value: string;
  numbers: string;
}
const SAMPLE: Subject = { value: "the sample value of", numbers: "the sample numbers of" };

function shapeOf(value: Sample, path: string, subject: Subject = SAMPLE): Shape {
  if (value === null) return { kind: "null" };
  if (typeof value === "boolean") return { kind: "boolean" };
  if (typeof value === "string") return { kind: "text" };
  if (value instanceof JsonNumber) return numberShape(value.text, path, subject);
  if (Array.isArray(value)) return { kind: "list", element: value.reduce<Shape>((shape, item, i) => merged(shape, shapeOf(item, `${path}[${i}]`, subject), path, subject), { kind: "null" }) };
  const entries = Object.entries(value);
  // a STRUCT has a member and names each: an empty object, or one with a member named "", is JSON
  if (entries.length === 0 || Object.hasOwn(value, "")) return { kind: "json" };
  return { kind: "struct", members: new Map(entries.map(([name, member]) => [name, shapeOf(member, `${path}.${name}`, subject)])) };
}

function numberShape(text: string, path: string, subject: Subject): Shape {
  const [, whole, fraction, exponent] = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text)!;
  if (fraction === undefined && exponent === undefined) {
    const value = BigInt(text);
    const magnitude = value < 0n ? -value : value;
    if (value >= HUGEINT || value < -HUGEINT) tooManyDigits(text, path, whole.replace(/^0+(?=.)/, "").length, subject);
    return { kind: "number", integerDigits: whole.replace(/^0+(?=.)/, "").length, scale: 0, fraction: false, huge: magnitude >= BIGINT && value !== -BIGINT };
  }
  // the digits as written, the exponent moving the point: 1.50e1 is 15.0
  const significant = (whole + (fraction ?? "")).replace(/^0+/, "").length;
  const places = (fraction ?? "").length - Number(exponent ?? 0);
  const scale = Math.max(places, 0);
  const integerDigits = places >= 0 ? Math.max(significant - places, 0) : significant - places;
  if (integerDigits + scale > MAX_DIGITS) tooManyDigits(text, path, integerDigits + scale, subject);
  return { kind: "number", integerDigits, scale, fraction: true, huge: false };
}

function tooManyDigits(text: string, path: string, digits: number, subject: Subject): never {
  throw new ExpressionError(`${subject.value} ${path}, ${text}, has ${digits} digits: a DECIMAL holds at most ${MAX_DIGITS}, so it cannot be read exactly`);
}

/** One shape for two values of an array: numbers widen, structs gather their members, other mixes are JSON. */
function merged(a: Shape, b: Shape, path: string, subject: Subject = SAMPLE): Shape {
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (a.kind === "number" && b.kind === "number") {
    const shape = { kind: "number" as const, integerDigits: Math.max(a.integerDigits, b.integerDigits), scale: Math.max(a.scale, b.scale), fraction: a.fraction || b.fraction, huge: a.huge || b.huge };
    if (shape.fraction && shape.integerDigits + shape.scale > MAX_DIGITS) {
      throw new ExpressionError(`${subject.numbers} ${path} need ${shape.integerDigits + shape.scale} digits together: a DECIMAL holds at most ${MAX_DIGITS}, so they cannot be read exactly`);
    }
    return shape;
  }
  if (a.kind === "list" && b.kind === "list") return { kind: "list", element: merged(a.element, b.element, path, subject) };
  if (a.kind === "struct" && b.kind === "struct") {
    const members = new Map(a.members);
    for (const [name, shape] of b.members) members.set(name, merged(members.get(name) ?? { kind: "null" }, shape, `${path}.${name}`, subject));
    return { kind: "struct", members };
  }
  return a.kind === b.kind ? a : { kind: "json" };
}

/** The DuckDB type of a shape; a value only ever null is read as text, as a string column would hold it. */
function typeOf(shape: Shape, mixed: Mixed): string {
  switch (shape.kind) {
    case "null":
      return "VARCHAR";
    case "boolean":
      return "BOOLEAN";
    case "text":
      return "VARCHAR";
    case "json":
      return mixed;
    case "number":
      if (shape.fraction) return `DECIMAL(${Math.max(shape.integerDigits + shape.scale, 1)},${shape.scale})`;
      return shape.huge ? "HUGEINT" : "BIGINT";
    case "list":
      return `${typeOf(shape.element, mixed)}[]`;
    case "struct":
      return `STRUCT(${[...shape.members].map(([name, member]) => `${quoteIdent(name)} ${typeOf(member, mixed)}`).join(", ")})`;
  }
}

function literal(value: Sample, shape: Shape, mixed: Mixed): string {
  const type = typeOf(shape, mixed);
  if (value === null) return `NULL::${type}`;
  if (shape.kind === "json") return mixed === "JSON" ? `${quoteLiteral(jsonTextOf(value))}::JSON` : quoteLiteral(typeof value === "string" ? value : jsonTextOf(value));
  if (value instanceof JsonNumber) return `CAST(${quoteLiteral(withoutExponent(value.text))} AS ${type})`;
  if (typeof value === "string") return quoteLiteral(value);
  if (typeof value === "boolean") return String(value);
  const typed = (sql: string) => `${sql}::${type}`;
  if (Array.isArray(value)) return typed(`[${value.map((item) => literal(item, (shape as Extract<Shape, { kind: "list" }>).element, mixed)).join(", ")}]`);
  const members = (shape as Extract<Shape, { kind: "struct" }>).members;
  return typed(`struct_pack(${[...members].map(([name, member]) => `${quoteIdent(name)} := ${literal(Object.hasOwn(value, name) ? value[name] : null, member, mixed)}`).join(", ")})`);
}

/** A number's digits with the point where its exponent puts it (DuckDB reads an exponent into a DECIMAL only with spare digits): 1.5e-3 is 0.0015, 1.50e1 is 15.0. */
function withoutExponent(text: string): string {
  const [, sign, whole, fraction = "", exponent] = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text)!;
  if (exponent === undefined) return text;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
