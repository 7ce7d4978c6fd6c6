/**
 * parse_url, url_encode, url_decode, the UTF-8 checks and to_binary as Spark answers them, macros the translator renames calls to
 * (FUNCTION_RENAMES).
 *
 * parse_url(url, part [, key]) reads the URL as java.net.URI's raw parts: PROTOCOL its scheme, AUTHORITY, USERINFO and HOST
 * (without the user and port), PATH, QUERY (with a key, that parameter's value, the key read as a regular expression as
 * Spark's `(&|^)key=([^&]*)` reads it), REF the fragment, FILE the path and query; NULL for a part the URL has not, or
 * another part's name.
 *
 * url_encode(s) writes the text as java.net.URLEncoder does: letters, digits and `.-*_` as they are, a space as `+`, any other
 * byte of its UTF-8 as %XX (DuckDB's url_encode keeps `~` and writes `%20` and `%2A`). url_decode(s) reads `+` as a space and
 * %XX as a byte (bytes that are no UTF-8 as U+FFFD), and fails a `%` without two hexadecimal digits after it with
 * CANNOT_DECODE_URL (try_url_decode: NULL), as java.net.URLDecoder does, where DuckDB's keeps both as they are written.
 *
 * is_valid_utf8, make_valid_utf8, validate_utf8 and try_validate_utf8 of a STRING: a DuckDB string is valid UTF-8 always, so
 * each answers its string (or true); a BINARY's bytes are decoded (make_valid_utf8 of one is refused: DuckDB has no U+FFFD
 * replacement of invalid bytes).
 *
 * to_binary(s [, format]) and try_to_binary: the bytes of hexadecimal digits (the default; an odd count read with a leading
 * 0), of base64, or of the text as UTF-8; text that is not of its format fails with CONVERSION_INVALID_INPUT (try_to_binary:
 * NULL), and another format with INVALID_PARAMETER_VALUE.BINARY_FORMAT.
 */
import { quoteString } from "../sql/spark-types.js";

/** RFC 3986's reading of a URI, each part with its delimiter: `scheme:`, `//authority`, path, `?query`, `#fragment` */
const URI_PARTS = "^([^:/?#]+:)?(//[^/?#]*)?([^?#]*)(\\?[^#]*)?(#.*)?$";

/** each part of parse_url by its name, of the struct spark_url_parts makes (u) */
const PARTS: Readonly<Record<string, string>> = {
  PROTOCOL: "nullif(rtrim(u.scheme, ':'), '')",
  AUTHORITY: "CASE WHEN u.authority <> '' THEN substr(u.authority, 3) END",
  USERINFO: "nullif(regexp_extract(substr(u.authority, 3), '^([^@]*)@', 1), '')",
  HOST: "nullif(regexp_extract(substr(u.authority, 3), '^(?:[^@]*@)?(\\[[^\\]]*\\]|[^:]*)', 1), '')",
  PATH: "u.path",
  QUERY: "CASE WHEN u.query <> '' THEN substr(u.query, 2) END",
  REF: "CASE WHEN u.fragment <> '' THEN substr(u.fragment, 2) END",
  FILE: "u.path || u.query",
};

const MALFORMED =
  `error('[CONVERSION_INVALID_INPUT] The value ''' || s || ''' (STRING) cannot be converted to BINARY because it is malformed. ` +
  `Correct the value as per the syntax, or change its format. Use \`try_to_binary\` to tolerate malformed input and return NULL instead. SQLSTATE: 22018')`;

/** a `%` that two hexadecimal digits do not follow, which java.net.URLDecoder refuses */
const BROKEN_ESCAPE = "%([^0-9A-Fa-f]|.[^0-9A-Fa-f]|.?$)";

export const URL_BINARY_MACROS: readonly string[] = [
  "CREATE OR REPLACE MACRO spark_url_encode(s) AS replace(replace(replace(url_encode(spark_implicit_string(s)), '%20', '+'), '%2A', '*'), '~', '%7E')",
  // DuckDB's decoding, or where its bytes are no UTF-8 Java's, U+FFFD in place of each malformed sequence (engine/url-decode.ts)
  "CREATE OR REPLACE MACRO spark_url_decoded(s) AS coalesce(try(url_decode(replace(s, '+', '%20'))), spark_url_decode_lenient(s))",
  `CREATE OR REPLACE MACRO spark_url_decode(s) AS list_transform([spark_implicit_string(s)], v -> CASE WHEN regexp_matches(v, '${BROKEN_ESCAPE}') THEN ` +
    "error('[CANNOT_DECODE_URL] The provided URL cannot be decoded: ' || v || '. Please ensure that the URL is properly formatted and try again. SQLSTATE: 22546') " +
    "ELSE spark_url_decoded(v) END)[1]",
  `CREATE OR REPLACE MACRO spark_try_url_decode(s) AS list_transform([spark_implicit_string(s)], v -> CASE WHEN NOT regexp_matches(v, '${BROKEN_ESCAPE}') THEN spark_url_decoded(v) END)[1]`,
  "CREATE OR REPLACE MACRO spark_is_valid_utf8(s) AS CASE WHEN s IS NOT NULL THEN true END, (s BLOB) AS CASE WHEN s IS NOT NULL THEN try(decode(s)) IS NOT NULL END",
  "CREATE OR REPLACE MACRO spark_try_validate_utf8(s) AS s, (s BLOB) AS try(decode(s))",
  "CREATE OR REPLACE MACRO spark_validate_utf8(s) AS s, (s BLOB) AS CASE WHEN s IS NOT NULL THEN coalesce(try(decode(s)), " +
    "error('[INVALID_UTF8_STRING] Invalid UTF8 byte sequence found in string: ' || hex(s) || '. SQLSTATE: 22029')) END",
  "CREATE OR REPLACE MACRO spark_make_valid_utf8(s) AS s, (s BLOB) AS error('[UNSUPPORTED] make_valid_utf8 of a BINARY is not supported by the local workspace (validate_utf8 or try_validate_utf8 of it are)')",
  `CREATE OR REPLACE MACRO spark_url_parts(url) AS regexp_extract(url, ${quoteString(URI_PARTS)}, ['scheme', 'authority', 'path', 'query', 'fragment'])`,
  `CREATE OR REPLACE MACRO spark_url_part(u, p) AS CASE p ${Object.entries(PARTS).map(([name, sql]) => `WHEN '${name}' THEN ${sql}`).join(" ")} END`,
  "CREATE OR REPLACE MACRO spark_parse_url(url, p) AS list_transform([spark_url_parts(url)], u -> spark_url_part(u, p))[1], " +
    "(url, p, k) AS list_transform([spark_url_parts(url)], u -> CASE WHEN p = 'QUERY' AND regexp_matches(u.query, '(^\\?|&)' || k || '=') " +
    "THEN regexp_extract(u.query, '(^\\?|&)' || k || '=([^&]*)', 2) END)[1]",
  // whether s is text of format f, and its bytes
  "CREATE OR REPLACE MACRO spark_binary_valid(s, f) AS CASE lower(f) WHEN 'hex' THEN regexp_full_match(s, '[0-9a-fA-F]*') " +
    "WHEN 'base64' THEN regexp_full_match(replace(s, ' ', ''), '([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?') " +
    "WHEN 'utf-8' THEN true WHEN 'utf8' THEN true END",
  "CREATE OR REPLACE MACRO spark_binary_bytes(s, f) AS CASE lower(f) WHEN 'hex' THEN unhex(CASE WHEN length(s) % 2 = 1 THEN '0' || s ELSE s END) " +
    "WHEN 'base64' THEN from_base64(rpad(replace(s, ' ', ''), CAST(ceil(length(replace(s, ' ', '')) / 4) * 4 AS INTEGER), '=')) ELSE encode(s) END",
  "CREATE OR REPLACE MACRO spark_binary_format(f) AS CASE WHEN lower(f) IN ('hex', 'base64', 'utf-8', 'utf8') THEN f ELSE error('[INVALID_PARAMETER_VALUE.BINARY_FORMAT] " +
    "The value of parameter(s) `format` in `to_binary` is invalid: expects one of binary formats ''base64'', ''hex'', ''utf-8'', but got ''' || f || '''. SQLSTATE: 22023') END",
  "CREATE OR REPLACE MACRO spark_try_binary_of(s, f) AS CASE WHEN spark_binary_valid(s, f) THEN spark_binary_bytes(s, f) END",
  "CREATE OR REPLACE MACRO spark_try_to_binary(s) AS spark_try_binary_of(s, 'hex'), (s, f) AS spark_try_binary_of(s, spark_binary_format(f))",
  `CREATE OR REPLACE MACRO spark_binary_of(s, f) AS CASE WHEN s IS NULL OR f IS NULL THEN NULL WHEN spark_binary_valid(s, f) THEN spark_binary_bytes(s, f) ELSE ${MALFORMED} END`,
  "CREATE OR REPLACE MACRO spark_to_binary(s) AS spark_binary_of(s, 'hex'), (s, f) AS spark_binary_of(s, spark_binary_format(f))",
];
