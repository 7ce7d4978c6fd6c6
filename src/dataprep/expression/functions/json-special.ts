/** JSON (AEP: json_to_object) and special operations (AEP: uuid/guid, and current_timestamp). */
import { ExpressionError } from "../errors.js";
import { exactJsonOf } from "../json-text.js";
import { jsonLiteral } from "../sample-row.js";
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
      // JSON known when compiled becomes a typed value, each number typed as written; JSON read from the row stays JSON
      if (typeof input.constant?.value === "string") {
        const { sql, type } = constantJson(input.constant.value);
        return typed(sql, type);
      }
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

/** The value of a JSON text written in the expression, as a typed literal (sample-row.ts types its numbers as written). */
function constantJson(text: string): { sql: string; type: string } {
  try {
    JSON.parse(text);
  } catch {
    throw new ExpressionError("json_to_object: the string is not JSON");
  }
  return jsonLiteral(text);
}
