/**
 * The catalogue: one named constructor per contract error, with its status, code and wording
 * (contract §1.6, §3.5; FS-ERR and SRC-ERR pages). Handlers throw these; nothing else builds
 * error bodies.
 */
import { ApiError } from "./api-error.js";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Resource not found",
  405: "Method not allowed",
  409: "Conflict",
  412: "Precondition failed",
  413: "Payload too large",
  415: "Unsupported media type",
  500: "Internal server error",
};

function flow(code: string, status: number, message: string, report?: Record<string, unknown>): ApiError {
  return new ApiError({ family: "FLOW", code, status, title: TITLES[status] ?? "Error", message, report });
}

function source(code: string, status: number, message: string, report?: Record<string, unknown>): ApiError {
  return new ApiError({ family: "SRC", code, status, title: TITLES[status] ?? "Error", message, report });
}

function gateway(errorCode: string, status: number, message: string): ApiError {
  return new ApiError({
    family: "GATEWAY",
    code: errorCode,
    status,
    title: TITLES[status] ?? "Error",
    message,
    extraBody: { error_code: errorCode, message },
  });
}

function ims(status: number, error: string, description: string): ApiError {
  return new ApiError({
    family: "IMS",
    code: error,
    status,
    title: error,
    message: description,
    rawBody: { error, error_description: description },
  });
}

export const Errors = {
  // Gateway (contract §1.6b). Statuses follow the error_code prefixes.
  tokenMissing: () => gateway("403010", 403, "Oauth token is missing."),
  tokenInvalid: () => gateway("401013", 401, "Oauth token is not valid"),
  apiKeyMissing: () => gateway("403000", 403, "Api Key is required"),
  apiKeyInvalid: () => gateway("403003", 403, "Api Key is invalid"),
  orgHeaderMissing: () => gateway("400003", 400, "Missing header"),
  orgNotEntitled: () => gateway("403025", 403, "Profile is not valid"),
  contentTypeInvalid: () =>
    new ApiError({
      family: "GATEWAY",
      code: "400",
      status: 400,
      title: "BadRequestError",
      message: "A valid content-type must be specified",
      extraBody: { type: "/placeholder/type/uri", detail: "A valid content-type must be specified" },
    }),

  // Flow Service (FS-ERR)
  sandboxHeaderMissing: () =>
    flow("2105", 400, "The header x-sandbox-name is missing in the request. Provide a valid sandbox name and try again."),
  sandboxNotFound: (name: string) =>
    flow("2100", 404, `The sandbox ${name} is not found. Verify the sandbox name and try again.`, { sandboxName: name }),
  routeNotFound: (method: string, url: string) =>
    flow("1100", 404, `No resource exists at ${method} ${url}. Verify the path and method and try again.`),
  malformedJson: (detail: string) =>
    flow("1101", 400, `The request body is not valid JSON: ${detail}`),
  payloadTooLarge: (limitBytes: number) =>
    flow("1102", 413, `The request body exceeds the limit of ${limitBytes} bytes.`),
  invalidRequest: (detail: string) => flow("1104", 400, `The request is not valid: ${detail}`),

  // Data Landing Zone (SRC-ERR "Data Landing Zone errors")
  landingZoneTypeNotSupported: (type: string) =>
    source("1710", 400, `The provided landing zone of type: ${type} is not supported.`, { type }),
  landingZoneActionNotSupported: (action: string) =>
    source("1705", 400, `The provided action: ${action} is not supported.`, { action }),
  landingZoneActionNotAllowed: (action: string) =>
    source("1712", 400, `The action: ${action} is not allowed on this resource.`, { action }),

  // IMS (its own error shape)
  imsInvalidClient: () => ims(401, "invalid_client", "invalid client_id or client_secret parameter"),
  imsInvalidRequest: (detail: string) => ims(400, "invalid_request", detail),
  imsUnsupportedGrant: (grant: string) => ims(400, "unsupported_grant_type", `unsupported grant_type: ${grant}`),
};
