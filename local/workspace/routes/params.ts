/** Request fields: Databricks reads GET parameters from the query string (or a JSON body), POST fields from the body. */
import type { FastifyRequest } from "fastify";
import { apiErrors } from "../errors.js";

export type Fields = Record<string, unknown>;

export function fields(req: FastifyRequest): Fields {
  const query = (req.query ?? {}) as Fields;
  const body = req.body && typeof req.body === "object" && !Array.isArray(req.body) ? (req.body as Fields) : {};
  if (req.body !== undefined && req.body !== null && (typeof req.body !== "object" || Array.isArray(req.body))) {
    throw apiErrors.malformedRequest("The request body must be a JSON object");
  }
  return { ...query, ...body };
}

export function requiredString(f: Fields, name: string): string {
  const v = f[name];
  if (v === undefined || v === null || v === "") throw apiErrors.missingParameter(name);
  if (typeof v !== "string" && typeof v !== "number") throw apiErrors.invalidParameter(`${name} must be a string`);
  return String(v);
}

export function optionalString(f: Fields, name: string): string | undefined {
  const v = f[name];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string" && typeof v !== "number") throw apiErrors.invalidParameter(`${name} must be a string`);
  return String(v);
}

export function optionalInteger(f: Fields, name: string): number | undefined {
  const v = f[name];
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "string" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n)) throw apiErrors.invalidParameter(`${name} must be an integer`);
  return n;
}
