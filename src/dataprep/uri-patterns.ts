/**
 * RFC 3986's URI grammar as a regular expression (RE2, run whole by DuckDB's regexp_full_match),
 * built from the grammar's own parts: a URI (`scheme ":" hier-part ["?" query] ["#" fragment]`,
 * JSON Schema's format uri). Only the characters the grammar allows pass: a space, a backslash or
 * a `%` not followed by two hex digits is refused.
 */
import { IPV6 } from "./ip-address-patterns.js";

const PERCENT_ENCODED = "%[0-9A-Fa-f]{2}";
/** unreserved and sub-delims characters (the `-` first, literal in a class) */
const PLAIN = "-A-Za-z0-9._~!$&'()*+,;=";
const chars = (extra: string) => `([${PLAIN}${extra}]|${PERCENT_ENCODED})`;

const SCHEME = "[A-Za-z][A-Za-z0-9+.-]*";
const USER_INFO = `${chars(":")}*`;
const IP_LITERAL = `\\[(${IPV6}|[Vv][0-9A-Fa-f]+\\.[${PLAIN}:]+)\\]`;
const HOST = `(${IP_LITERAL}|${chars("")}*)`;
const AUTHORITY = `(${USER_INFO}@)?${HOST}(:[0-9]*)?`;

const PATH_CHAR = chars(":@");
const SEGMENTS = `(/${PATH_CHAR}*)*`;
const WITH_AUTHORITY = `//${AUTHORITY}${SEGMENTS}`;
/** "/" and, unless it is "//" (an authority), segments after it */
const ABSOLUTE_PATH = `/(${PATH_CHAR}+${SEGMENTS})?`;
const QUERY_AND_FRAGMENT = `(\\?${chars(":@/?")}*)?(#${chars(":@/?")}*)?`;

/** after a scheme a path may start with a segment holding ":" */
const HIER_PART = `(${WITH_AUTHORITY}|${ABSOLUTE_PATH}|${PATH_CHAR}+${SEGMENTS}|)`;
export const URI = `${SCHEME}:${HIER_PART}${QUERY_AND_FRAGMENT}`;
