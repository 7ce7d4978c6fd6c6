/** URL functions (AEP: get_url_protocol, get_url_host, get_url_port, get_url_path, get_url_query_str, get_url_encoded, get_url_decoded). */
import { quoteLiteral } from "../../../delta/index.js";
import { ExpressionError } from "../errors.js";
import { asBoolean, asText, constantText, type Typed, typed } from "../typed.js";
import type { CallContext, ElFunction } from "./function.js";
import { firstOfEachKey } from "./objects.js";

const category = "URL" as const;
const URL_PARAMETER = "URL: Required The URL from which the part needs to be extracted.";
/** `%` only as the start of an escape, `%` and two hex digits, as Java's URI requires: a component of characters other than `excluded` */
const escaped = (excluded: string) => `(?:[^${excluded}%\\s]|%[0-9A-Fa-f]{2})*`;
/**
 * scheme://[user@]host[:port][/path][?query][#fragment], as strictly as Java's URI reads one: a host
 * of a name's or an address's characters, a port of digits, no whitespace, no `%` that does not
 * start an escape. Anything else is invalid and every part of it null (AEP: "If the input is
 * invalid, it returns null").
 */
const URL_PATTERN = `^([A-Za-z][A-Za-z0-9+.-]*)://(?:${escaped("@/?#")}@)?(\\[[0-9A-Fa-f:.]*\\]|[A-Za-z0-9._~%!$&'()*+,;=-]*)(?::([0-9]*))?(/${escaped("?#")})?(?:\\?(${escaped("#")}))?(?:#(${escaped("")}))?$`;
/** the ports Java's URL handlers and common schemes default to */
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ftp: 21, sftp: 22, ssh: 22, telnet: 23, smtp: 25, ldap: 389, ldaps: 636, ws: 80, wss: 443 };

/** Each part of a URL the whole pattern found valid is read by the shortest pattern that reaches it (extracting with the whole pattern costs more per row). */
const PART_PATTERNS = new Map([
  [1, "^([A-Za-z][A-Za-z0-9+.-]*)://"],
  [2, "^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(\\[[^\\]]*\\]|[^:/?#]*)"],
  [3, "^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(?:\\[[^\\]]*\\]|[^:/?#]*):([0-9]*)"],
]);

/** a part of a valid URL, null when the URL is invalid or has no such part */
function part(args: readonly Typed[], group: number): string {
  const short = PART_PATTERNS.get(group);
  return `(CASE WHEN ${isUrl(args)} THEN nullif(regexp_extract(${asText(args[0])}, ${quoteLiteral(short ?? URL_PATTERN)}, ${short ? 1 : group}), '') END)`;
}

function isUrl(args: readonly Typed[]): string {
  return `regexp_full_match(${asText(args[0])}, ${quoteLiteral(URL_PATTERN)})`;
}

function queryString(args: readonly Typed[], context: CallContext): Typed {
  const anchor = constantText(args[1], "the ANCHOR of get_url_query_str");
  if (!["retain", "remove", "append"].includes(anchor)) throw new ExpressionError(`get_url_query_str: ANCHOR must be "retain", "remove" or "append", not "${anchor}"`);
  const query = part(args, 5);
  const fragment = part(args, 6);
  const pair = context.parameter("pair");
  const pairs = `list_filter(string_split(${query}, '&'), ${pair} -> ${pair} <> '')`;
  const entries = `list_transform(${pairs}, ${pair} -> {'key': url_decode(split_part(${pair}, '=', 1)), 'value': url_decode(CASE WHEN instr(${pair}, '=') = 0 THEN '' ELSE substr(${pair}, instr(${pair}, '=') + 1) END)})`;
  // the fragment belongs to the last value (retain), is dropped (remove), or is an entry of its own (append)
  const retained = `CASE WHEN ${fragment} IS NULL OR len(${entries}) = 0 THEN ${entries} ELSE list_concat(${entries}[1:-2], [{'key': struct_extract(${entries}[-1], 'key'), 'value': struct_extract(${entries}[-1], 'value') || '#' || ${fragment}}]) END`;
  const appended = `CASE WHEN ${fragment} IS NULL THEN ${entries} ELSE list_append(${entries}, {'key': '_anchor_', 'value': ${fragment}}) END`;
  const chosen = anchor === "retain" ? retained : anchor === "append" ? appended : entries;
  return typed(`(CASE WHEN ${isUrl(args)} THEN ${firstOfEachKey(chosen, context)} END)`, "MAP(VARCHAR, VARCHAR)");
}

/** a `%` that two hex digits follow, or any other character: what Java's URLDecoder reads without refusing */
const DECODABLE = "(?:[^%]|%[0-9A-Fa-f]{2})*";

/**
 * A string decoded as Java's URLDecoder.decode(s, UTF-8), which AEP's mapper calls: `+` is a space,
 * each `%XX` a byte, the bytes read as UTF-8. A `%` without two hex digits after it, which Java
 * refuses, is null; so are bytes that are no UTF-8, which DuckDB's url_decode refuses (an error the
 * call's try() makes null: the function is not row-safe).
 */
function decoded(text: string): string {
  return `(CASE WHEN regexp_full_match(${text}, ${quoteLiteral(DECODABLE)}) THEN url_decode(replace(${text}, '+', ' ')) END)`;
}

export const URL_FUNCTIONS: readonly ElFunction[] = [
  {
    name: "get_url_protocol",
    category,
    syntax: "get_url_protocol(URL)",
    description: "Returns the protocol from the given URL. If the input is invalid, it returns null.",
    parameters: [URL_PARAMETER],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'get_url_protocol("https://platform.adobe.com/home")', result: "https" },
    compile: (args) => typed(part(args, 1), "VARCHAR"),
  },
  {
    name: "get_url_host",
    category,
    syntax: "get_url_host(URL)",
    description: "Returns the host of the given URL. If the input is invalid, it returns null.",
    parameters: [URL_PARAMETER],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'get_url_host("https://platform.adobe.com/home")', result: "platform.adobe.com" },
    compile: (args) => typed(part(args, 2), "VARCHAR"),
  },
  {
    name: "get_url_port",
    category,
    syntax: "get_url_port(URL)",
    description: "Returns the port of the given URL (the scheme's default port when the URL names none). If the input is invalid, it returns null.",
    parameters: [URL_PARAMETER],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'get_url_port("sftp://example.com//home/joe/employee.csv")', result: 22 },
    compile: (args) => {
      const defaults = `map_extract_value(MAP {${Object.entries(DEFAULT_PORTS).map(([scheme, port]) => `${quoteLiteral(scheme)}: ${port}`).join(", ")}}, lower(${part(args, 1)}))`;
      // a port written but no integer (past 2^31) is null, not the scheme's default
      return typed(`(CASE WHEN ${part(args, 3)} IS NULL THEN ${defaults} ELSE TRY_CAST(${part(args, 3)} AS INTEGER) END)::INTEGER`, "INTEGER");
    },
  },
  {
    name: "get_url_path",
    category,
    syntax: "get_url_path(URL, FULL_PATH)",
    description: "Returns the path of the given URL. By default, the full path is returned.",
    parameters: [URL_PARAMETER, "FULL_PATH: Optional A boolean value that determines if the full path is returned. If set to false, only the end of the path is returned."],
    arity: [1, 2],
    rowSafe: true,
    example: { expression: 'get_url_path("sftp://example.com//home/joe/employee.csv")', result: "//home/joe/employee.csv" },
    compile: (args) => {
      const path = `(CASE WHEN ${isUrl(args)} THEN regexp_extract(${asText(args[0])}, ${quoteLiteral(URL_PATTERN)}, 4) END)`;
      if (!args[1]) return typed(path, "VARCHAR");
      return typed(`(CASE WHEN coalesce(${asBoolean(args[1])}, true) THEN ${path} ELSE regexp_extract(${path}, '[^/]*$') END)`, "VARCHAR");
    },
  },
  {
    name: "get_url_query_str",
    category,
    syntax: "get_url_query_str(URL, ANCHOR)",
    description: 'Returns the query string of a given URL as a map of query string name and query string value. ANCHOR: "retain" keeps the anchor on the last value, "remove" drops it, "append" adds it as the entry _anchor_.',
    parameters: [URL_PARAMETER, 'ANCHOR: Required Determines what will be done with the anchor in the query string. Can be one of three values: "retain", "remove", or "append".'],
    arity: [2, 2],
    example: { expression: 'get_url_query_str("foo://example.com:8042/over/there?name=ferret#nose", "append")', result: { name: "ferret", _anchor_: "nose" } },
    compile: queryString,
  },
  {
    name: "get_url_encoded",
    category,
    syntax: "get_url_encoded(URL)",
    description: "This function takes a URL as input and replaces or encodes the special characters with ASCII characters.",
    parameters: ["URL: Required The input URL with special characters that you want to replace or encode with ASCII characters."],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'get_url_encoded("https://example.com/partneralliance_asia-pacific_2022")', result: "https%3A%2F%2Fexample.com%2Fpartneralliance_asia-pacific_2022" },
    // AEP's table encodes `~` too (%7E), which RFC 3986 and DuckDB leave as it is
    compile: (args) => typed(`replace(url_encode(${asText(args[0])}), '~', '%7E')`, "VARCHAR"),
  },
  {
    name: "get_url_decoded",
    category,
    syntax: "get_url_decoded(URL)",
    description: "This function takes a URL as input and decodes the ASCII characters into special characters.",
    parameters: ["URL: Required The input URL with ASCII characters that you want to decode into special characters."],
    arity: [1, 1],
    example: { expression: 'get_url_decoded("https%3A%2F%2Fexample.com%2Fpartneralliance_asia-pacific_2022")', result: "https://example.com/partneralliance_asia-pacific_2022" },
    compile: (args) => typed(decoded(asText(args[0])), "VARCHAR"),
  },
];
