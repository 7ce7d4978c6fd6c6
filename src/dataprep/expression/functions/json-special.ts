/** JSON (AEP: json_to_object) and special operations (AEP: uuid/guid, and current_timestamp). */
import { quoteIdent, quoteLiteral } from "../../../delta/index.js";
import { ExpressionError } from "../errors.js";
import { exactJsonOf } from "../json-text.js";
import { asText, TIMESTAMPTZ, typed } from "../typed.js";
import type { ElFunction } from "./function.js";

export const JSON_SPECIAL_FUNCTIONS: readonly ElFunction[] = [
  {
    name: "json_to_object",
    category: "JSON",
    syntax: "json_to_object(STRING)",
    description: "Deserialize JSON content from the given string. A string that is not JSON becomes null.",
    parameters: ["STRING: Required The JSON string to be deserialized."],
    arity: [1, 1],
    example: {
      expression: 'json_to_object("{\\"info\\":{\\"firstName\\":\\"John\\",\\"lastName\\": \\"Doe\\"}}")',
      result: { info: { firstName: "John", lastName: "Doe" } },
      note: "AEP's page passes the JSON unquoted",
    },
    compile: ([input]) => {
      const text = asText(input);
      const shape = typeof input.constant?.value === "string" ? jsonShape(input.constant.value) : undefined;
      // JSON known when compiled becomes a typed object; JSON read from the row stays JSON
      if (shape) return typed(`json_transform(json(${text}), ${quoteLiteral(JSON.stringify(shape.structure))})`, shape.type);
      return typed(exactJsonOf(text), "JSON");
    },
  },
  {
    name: "uuid",
    aliases: ["guid"],
    category: "special",
    syntax: "uuid()",
    description: "Generates a pseudo-random ID (a random UUID, a new one for every row).",
    parameters: [],
    arity: [0, 0],
    rowSafe: true,
    example: {
      expression: "uuid()",
      result: "7c0267d2-bb74-4e1a-9275-3bf4fccda5f4",
      resultPattern: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
      note: "random",
    },
    compile: () => typed("uuid()::VARCHAR", "VARCHAR"),
  },
  {
    name: "current_timestamp",
    category: "special",
    syntax: "current_timestamp()",
    description: "The current time, as now().",
    parameters: [],
    arity: [0, 0],
    rowSafe: true,
    example: { expression: "current_timestamp()", result: "2021-10-26T10:10:24Z", resultPattern: "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$", note: "the current time" },
    compile: () => typed("get_current_timestamp()", TIMESTAMPTZ),
  },
];


interface Shape {
  /** json_transform's structure argument */
  structure: unknown;
  /** the DuckDB type it produces */
  type: string;
}

/** The DuckDB shape of a JSON text written in the expression. */
function jsonShape(text: string): Shape {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ExpressionError("json_to_object: the string is not JSON");
  }
  return shapeOf(value);
}

function shapeOf(value: unknown): Shape {
  if (typeof value === "string" || value === null) return { structure: "VARCHAR", type: "VARCHAR" };
  if (typeof value === "boolean") return { structure: "BOOLEAN", type: "BOOLEAN" };
  if (typeof value === "number") return Number.isInteger(value) ? { structure: "BIGINT", type: "BIGINT" } : { structure: "DOUBLE", type: "DOUBLE" };
  if (Array.isArray(value)) {
    const shapes = value.filter((v) => v !== null).map(shapeOf);
    if (shapes.some((s) => s.type !== shapes[0].type)) throw new ExpressionError("json_to_object: an array holds values of different types");
    const element = shapes[0] ?? { structure: "VARCHAR", type: "VARCHAR" };
    return { structure: [element.structure], type: `${element.type}[]` };
  }
  const entries = Object.entries(value as Record<string, unknown>).map(([key, member]) => [key, shapeOf(member)] as const);
  if (entries.length === 0) throw new ExpressionError("json_to_object: an empty object has no fields");
  const structure = Object.create(null) as Record<string, unknown>;
  for (const [key, shape] of entries) structure[key] = shape.structure;
  return { structure, type: `STRUCT(${entries.map(([key, shape]) => `${quoteIdent(key)} ${shape.type}`).join(", ")})` };
}
