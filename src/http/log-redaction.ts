/**
 * What may reach a log line. SAS signatures, tokens, client secrets and keys are replaced before
 * anything is written: in URLs (query parameters), headers and bodies.
 */

/** Query parameters whose values are secrets, by their decoded name (compared in lower case). */
const SECRET_QUERY_PARAMS = new Set(["sig", "client_secret", "access_token", "token", "code", "jwt_token", "if-match"]);

/** The token endpoints: every parameter of theirs is a credential or names one, so none is logged. */
const IMS_PATH = /^\/+ims(\/|$)/i;

const REDACTED = "[REDACTED]";

/**
 * The request target as a log shows it. Parameters are judged by their name as the query parser
 * reads it (percent-encoding and `+` decoded), so `client%5Fsecret=…` is redacted as `client_secret=…`
 * is, every time it is repeated; the query of an IMS path goes whole.
 */
export function redactUrl(url: string): string {
  const mark = url.indexOf("?");
  if (mark < 0) return url;
  const target = url.slice(0, mark);
  if (IMS_PATH.test(pathOf(target))) return `${target}?${REDACTED}`;
  const query = url
    .slice(mark + 1)
    .split("&")
    .map((pair) => {
      const equals = pair.indexOf("=");
      if (equals < 0 || !SECRET_QUERY_PARAMS.has(decoded(pair.slice(0, equals)).trim().toLowerCase())) return pair;
      return `${pair.slice(0, equals + 1)}${REDACTED}`;
    });
  return `${target}?${query.join("&")}`;
}

/** The path of an origin-form or absolute-form target, decoded as the router reads it. */
function pathOf(target: string): string {
  return decoded(target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ""));
}

/** Percent-encoding and `+` decoded byte by byte: a malformed sequence elsewhere never hides a name. */
function decoded(text: string): string {
  return text.replace(/\+/g, " ").replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
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
