/** The OpenAPI schemas of the expression language routes (functions, operators, validate). */
import type { FastifySchema } from "fastify";
import { platformOperation } from "../../aep-conventions/openapi-schemas.js";

const TAG = "Data Prep";

const FUNCTION = {
  type: "object",
  required: ["name", "category", "syntax", "description", "parameters", "example"],
  properties: {
    name: { type: "string", examples: ["concat"] },
    aliases: { type: "array", items: { type: "string" } },
    category: { type: "string", examples: ["string"] },
    syntax: { type: "string", examples: ["concat(STRING_1, STRING_2)"] },
    description: { type: "string" },
    parameters: { type: "array", items: { type: "string" } },
    example: {
      type: "object",
      required: ["expression", "result"],
      properties: {
        expression: { type: "string", examples: ['concat("Hi, ", "there", "!")'] },
        result: { description: "what the example evaluates to, as JSON" },
        sampleData: { type: "object", description: "the row the example reads its fields from" },
        note: { type: "string", description: "where the example differs from AEP's page" },
      },
    },
  },
};

export const EXPRESSION_ROUTE_SCHEMAS = {
  functions: platformOperation({
    tag: TAG,
    operationId: "listExpressionFunctions",
    summary: "List the functions of calculated fields",
    description: "Every function an EXPRESSION mapping may call, by category, with its syntax and an example; notOffered names AEP functions this service refuses and why.",
    response: {
      200: {
        description: "The functions",
        type: "object",
        required: ["functions", "notOffered"],
        properties: {
          functions: { type: "array", items: FUNCTION },
          notOffered: { type: "array", items: { type: "object", properties: { name: { type: "string" }, reason: { type: "string" } } } },
        },
      },
    },
  }),
  operators: platformOperation({
    tag: TAG,
    operationId: "listExpressionOperators",
    summary: "List the operators of calculated fields",
    response: {
      200: {
        description: "The operators, tightest binding first",
        type: "object",
        required: ["operators", "reservedWords"],
        properties: {
          operators: {
            type: "array",
            items: {
              type: "object",
              properties: {
                operator: { type: "string", examples: ["+"] },
                alias: { type: "string" },
                category: { type: "string" },
                precedence: { type: "integer" },
                description: { type: "string" },
                example: { type: "string" },
              },
            },
          },
          reservedWords: { type: "array", items: { type: "string" }, description: "a field with one of these names is written ${name}" },
        },
      },
    },
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
