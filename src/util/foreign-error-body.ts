/**
 * What of another server's error answer may be quoted in an API error or a log line: only the
 * server's own JSON error — its code and message fields, strings, cut to a bound. Anything else (a
 * proxy's HTML page, text, a page that echoes the request's headers and so its bearer token) is
 * never quoted, only said to be there, so the service cannot be used to read other hosts' pages.
 */

export interface ErrorFields {
  /** the field of the error code: Databricks' error_code, Delta Sharing's errorCode */
  code: string;
  /** the message's fields, the first string one taken */
  message: readonly string[];
}

export interface QuotedError {
  code?: string;
  message?: string;
}

const MAX_QUOTED_MESSAGE = 1000;
const MAX_QUOTED_CODE = 100;

/** The server's own error in `text`, or undefined when `text` is not one (and so must not be quoted). */
export function quotedErrorBody(text: string, fields: ErrorFields): QuotedError | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const code = typeof record[fields.code] === "string" && record[fields.code] !== "" ? (record[fields.code] as string).slice(0, MAX_QUOTED_CODE) : undefined;
  const message = fields.message.map((f) => record[f]).find((v): v is string => typeof v === "string");
  if (code === undefined && message === undefined) return undefined;
  return { ...(code !== undefined ? { code } : {}), ...(message !== undefined ? { message: message.slice(0, MAX_QUOTED_MESSAGE) } : {}) };
}

/** What an error says of an answer that is not the server's own error: that it is there, never what it holds. */
export function unquotedBody(text: string, server: string): string {
  return text.trim() === "" ? "(no body)" : `the answer is not a ${server} error and is not quoted`;
}
