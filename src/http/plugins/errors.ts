/**
 * The one place errors become HTTP responses. An ApiError is a client mistake (4xx) in the
 * contract's envelope; Fastify's own client errors are mapped onto the catalogue; anything else
 * is our bug: logged with the request id, answered 500 without internals.
 */
import type { IncomingMessage } from "node:http";
import type { FastifyError, FastifyInstance } from "fastify";
import { ApiError } from "../../aep-conventions/errors/api-error.js";
import { Errors } from "../../aep-conventions/errors/catalogue.js";
import { type KnownRoute, routeSuggestion } from "../route-suggestion.js";

/** `routes`: every route the app answers, for the not-found answer to say what the request likely meant */
export function registerErrorHandling(app: FastifyInstance, bodyLimit: number, routes: readonly KnownRoute[] = []): void {
  app.setNotFoundHandler(async (request) => {
    const path = request.url.split("?")[0];
    throw Errors.routeNotFound(request.method, path, routeSuggestion(routes, request.method, path));
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const apiError = toApiError(error, bodyLimit, request.raw);
    if (apiError) {
      request.log.info({ code: apiError.typeUri, status: apiError.status }, apiError.message);
      return reply.status(apiError.status).headers(apiError.headers).send(apiError.toBody(request.id));
    }
    request.log.error({ err: error }, "unhandled error");
    return reply.status(500).send(Errors.internal(request.id).toBody(request.id));
  });
}

function toApiError(error: FastifyError, bodyLimit: number, raw: IncomingMessage): ApiError | undefined {
  if (error instanceof ApiError) return error;
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return Errors.payloadTooLarge(bodyLimit);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return Errors.contentTypeInvalid(raw.headers["content-type"]);
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return Errors.malformedJson(error.message);
  }
  if (error.validation) return Errors.invalidRequest(error.message);
  // only Fastify's own refusals of a request, or a body the client stopped sending: another library's 4xx (storage's 403 to our key) is not the client's doing
  if ((isFastifyError(error) || raw.readableAborted) && typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
    return Errors.invalidRequest(error.message);
  }
  return undefined;
}

function isFastifyError(error: FastifyError): boolean {
  return typeof error.code === "string" && error.code.startsWith("FST_");
}
