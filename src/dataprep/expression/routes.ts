/**
 * The expression language of calculated fields (docs/api/dataprep.md#calculated-fields):
 *   GET  /data/foundation/conversion/languages/el/functions  → the function catalogue, in AEP's shape (function-catalogue.ts)
 *   GET  /data/foundation/conversion/languages/el/operators  → the operators, in AEP's shape
 *   POST /data/foundation/conversion/languages/el/validate   → AEP's validationStatus "succeeded" (and the value over sample data), or a 400 naming the problem
 */
import type { FastifyInstance } from "fastify";
import { callerOf } from "../../aep-conventions/caller.js";
import { exactMemberText } from "../../databricks/lossless-json.js";
import { bodyTextOf } from "../../aep-conventions/request-body.js";
import { Errors } from "../../aep-conventions/errors/catalogue.js";
import { jsonBytes, sendJsonBytes } from "../../aep-conventions/listing/json-bytes.js";
import { evaluate, rootFields } from "./evaluate.js";
import { FUNCTION_CATALOGUE } from "./function-catalogue.js";
import { compileExpression, ExpressionError, regexProblems } from "./index.js";
import { OPERATORS } from "./operators.js";
import { EXPRESSION_ROUTE_SCHEMAS } from "./route-schemas.js";

const BASE = "/data/foundation/conversion/languages/el";
/** AEP's answer for a valid expression (validationStatus, error), and ours (valid) */
const VALID = { validationStatus: "succeeded", error: "none", valid: true } as const;

export function registerExpressionRoutes(app: FastifyInstance): void {
  app.get(`${BASE}/functions`, { schema: EXPRESSION_ROUTE_SCHEMAS.functions }, async (request) => {
    callerOf(request);
    return FUNCTION_CATALOGUE;
  });
  app.get(`${BASE}/operators`, { schema: EXPRESSION_ROUTE_SCHEMAS.operators }, async (request) => {
    callerOf(request);
    return OPERATORS;
  });
  app.post(`${BASE}/validate`, { schema: EXPRESSION_ROUTE_SCHEMAS.validate }, async (request, reply) => {
    callerOf(request);
    const { expression, sampleRow } = validationRequest(request.body, bodyTextOf(request));
    try {
      if (!sampleRow) {
        const columns = rootFields(expression).map((name) => ({ name, type: "VARCHAR" }));
        const { type, notes } = compileExpression(expression, columns);
        const [refused] = await regexProblems(expression);
        if (refused) throw new ExpressionError(refused);
        return { ...VALID, expression, resultType: type, ...notesOf(notes) };
      }
      const evaluation = await evaluate(expression, sampleRow);
      // the result's JSON text as written (its DECIMALs' digits), the rest of the answer around it
      const head = JSON.stringify({ ...VALID, expression, resultType: evaluation.type });
      const notes = evaluation.notes ? `,"notes":${JSON.stringify(evaluation.notes)}` : "";
      return sendJsonBytes(reply, jsonBytes([head.slice(0, -1), ',"result":', evaluation.resultJson, notes, "}"]));
    } catch (error) {
      if (error instanceof ExpressionError) throw Errors.expressionInvalid(error.message, { position: error.position, expected: error.expected });
      throw error;
    }
  });
}

/** The expression, and the sample row as JSON text: as the body wrote it, so its numbers reach DuckDB as written. */
/** Beyond AEP: how the expression's value differs from AEP's, when it does. */
function notesOf(notes: readonly string[] | undefined): { notes?: readonly string[] } {
  return notes ? { notes } : {};
}

function validationRequest(body: unknown, bodyText: string | undefined): { expression: string; sampleRow?: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw Errors.expressionRequestInvalid("the body must be a JSON object with an expression");
  const { expression, sampleData, sampleDataType } = body as Record<string, unknown>;
  if (typeof expression !== "string") throw Errors.expressionRequestInvalid("expression must be a string");
  if (sampleDataType !== undefined && !(typeof sampleDataType === "string" && /^(application\/)?json$/i.test(sampleDataType))) {
    throw Errors.expressionRequestInvalid(`sampleDataType must be "json", not ${JSON.stringify(sampleDataType)}`);
  }
  if (sampleData === undefined || sampleData === null) return { expression };
  let row: unknown = sampleData;
  if (typeof sampleData === "string") {
    try {
      row = JSON.parse(sampleData);
    } catch {
      throw Errors.expressionRequestInvalid("sampleData is a string that does not hold JSON");
    }
  }
  if (typeof row !== "object" || row === null || Array.isArray(row)) throw Errors.expressionRequestInvalid("sampleData must be one row: a JSON object of field values");
  return { expression, sampleRow: typeof sampleData === "string" ? sampleData : ((bodyText && exactMemberText(bodyText, "sampleData")) ?? JSON.stringify(row)) };
}
