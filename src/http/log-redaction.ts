/**
 * What may reach a log line. SAS signatures, tokens, client secrets and keys are replaced before
 * anything is written: in URLs (query parameters), headers and bodies.
 */
const SECRET_QUERY_PARAMS = /([?&](?:sig|client_secret|access_token|token|code|jwt_token|if-match)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, "$1[REDACTED]");
}

/** pino `redact` paths: headers and body fields that hold secrets. */
export const REDACT_PATHS = [
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  "*.accessToken",
  "*.access_token",
  "*.SASToken",
  "*.SASUri",
  "*.client_secret",
  "*.clientSecret",
  "*.key",
  "*.token",
];
