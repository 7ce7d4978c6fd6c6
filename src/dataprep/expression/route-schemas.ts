/** The OpenAPI schemas of the expression language routes (functions, operators, validate). */
import type { FastifySchema } from "fastify";
import { platformOperation } from "../../aep-conventions/openapi-schemas.js";

const TAG = "Data Prep";

const FUNCTION = {
  type: "object",
  required: ["category", "function", "description", "syntax", "example", "result", "params"],
  properties: {
    category: { type: "string", examples: ["Date / Time"] },
    function: { type: "string", examples: ["concat"] },
    aliases: { type: "array", items: { type: "string" }, description: "beyond AEP: other names of the function" },
    description: { type: "string" },
    syntax: { type: "string", examples: ["concat(STRING_1, STRING_2)"] },
    example: { type: "string", examples: ['concat("Hi, ", "there", "!")'] },
    result: { type: "string", description: "what the example evaluates to, as JSON text", examples: ['"Hi, there!"'] },
    params: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "description", "position"],
        properties: { name: { type: "string", examples: ["STRING"] }, description: { type: "string" }, position: { type: "integer", description: "from 1" } },
      },
    },
    sampleData: { type: "object", additionalProperties: true, description: "beyond AEP: the row the example reads its fields from" },
    note: { type: "string", description: "beyond AEP: where the example differs from AEP's page" },
    resultPattern: { type: "string", description: "beyond AEP: a pattern the result matches, for an example the clock or randomness decides" },
  },
};

const OPERATOR = {
  type: "object",
  required: ["operatorSymbol", "numberOfOperands", "description", "example"],
  properties: {
    operatorSymbol: { type: "string", examples: ["+"] },
    methodName: { type: "string", examples: ["add"], description: "JEXL's name of the operator; absent for syntax that has none (., &&, ? :)" },
    numberOfOperands: { type: "integer", examples: [2] },
    description: { type: "string" },
    example: { type: "string", examples: ["1 + 2"] },
    alias: { type: "string", description: "beyond AEP: the word that means the same" },
    category: { type: "string", description: "beyond AEP" },
    precedence: { type: "integer", description: "beyond AEP: 1 binds tightest" },
  },
};

export const EXPRESSION_ROUTE_SCHEMAS = {
  functions: platformOperation({
    tag: TAG,
    operationId: "listExpressionFunctions",
    summary: "List the functions of calculated fields",
    description: "Every function an EXPRESSION mapping may call, in AEP's shape: its category, syntax, description, parameters and an example with its result.",
    response: { 200: { description: "The functions", type: "array", items: FUNCTION } },
  }),
  operators: platformOperation({
    tag: TAG,
    operationId: "listExpressionOperators",
    summary: "List the operators of calculated fields",
    response: { 200: { description: "The operators, tightest binding first, in AEP's shape", type: "array", items: OPERATOR } },
  }),
  validate: platformOperation({
    tag: TAG,
    operationId: "validateExpression",
    summary: "Validate a calculated field, and evaluate it over sample data",
    description:
      "An expression that does not parse or compile is a 400 naming the problem, its position and what was expected there. With sampleData (one row, as a JSON object or a string holding one) the expression is evaluated by DuckDB over that row.",
    body: {
      type: "object",
      required: ["expression"],
      properties: {
        expression: { type: "string", maxLength: 4096, examples: ['concat(upper(lastName), ", ", firstName)'] },
        sampleData: { type: ["object", "string"], description: "one source row", examples: [{ firstName: "Ada", lastName: "Lovelace" }] },
        sampleDataType: { type: "string", examples: ["json"], description: "json, the only kind of sample data" },
        mappingSetId: { type: "string", description: "accepted; the expression is validated on its own" },
      },
      examples: [{ expression: 'concat(upper(lastName), ", ", firstName)', sampleData: { firstName: "Ada", lastName: "Lovelace" }, sampleDataType: "json" }],
    },
    response: {
      200: {
        description: "The expression is valid",
        type: "object",
        required: ["validationStatus", "error", "valid", "expression", "resultType"],
        properties: {
          validationStatus: { type: "string", const: "succeeded", description: "as AEP answers a valid expression" },
          error: { type: "string", const: "none", description: "as AEP answers a valid expression" },
          valid: { type: "boolean", const: true },
          expression: { type: "string" },
          resultType: { type: "string", description: "the DuckDB type of the result, ANY when only the data decides", examples: ["VARCHAR"] },
          result: { description: "with sampleData: the value the expression has for that row (instants in ISO 8601 UTC)" },
          notes: { type: "array", items: { type: "string" }, description: "beyond AEP, when the value differs from AEP's: how (dates whose zone an array or object does not keep)" },
        },
      },
    },
  }),
} satisfies Record<string, FastifySchema>;
