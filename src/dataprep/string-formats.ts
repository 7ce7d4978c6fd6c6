/**
 * The row checks of a string field's `format` (docs/databricks-xdm-types.md#conversions-at-ingestion),
 * as JSON Schema (draft 2019-09) defines each: a SQL condition true when the value breaks it, and the
 * rule its row error names. `date` and `date-time` are not here: such a field is a date, and its
 * conversion decides. Nor is `uri-reference`, the format of every XDM class's `_id`: record
 * identifiers such as "CUSTOMER 1" go there, and AEP stores them (docs/decisions.md).
 */
import { quoteLiteral } from "../delta/index.js";
import { IPV4, IPV6 } from "./ip-address-patterns.js";
import { URI } from "./uri-patterns.js";

export interface FormatCheck {
  /** SQL true when the value (a VARCHAR expression) does not have the format */
  breaks: (value: string) => string;
  rule: string;
}

const EMAIL = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*";
/** RFC 4122's text form, any version or variant, hex digits in either case */
const UUID = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}";
/** RFC 4648 base64: groups of four characters, the last padded with `=` to four */
const BASE64 = "([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?";
/** RFC 1123 labels: 1–63 letters, digits and hyphens, not starting or ending with a hyphen */
const HOST_NAME_LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOST_NAME = `${HOST_NAME_LABEL}(\\.${HOST_NAME_LABEL})*`;
const HOST_NAME_MAX_LENGTH = 253;

const doesNotMatch = (regex: string) => (value: string) => `NOT regexp_full_match(${value}, ${quoteLiteral(regex)})`;

const CHECKS: Record<string, FormatCheck> = {
  email: { breaks: doesNotMatch(EMAIL), rule: "is not an email address (format email)" },
  uri: { breaks: doesNotMatch(URI), rule: "is not an absolute URI (format uri)" },
  uuid: { breaks: doesNotMatch(UUID), rule: "is not a UUID (format uuid)" },
  byte: { breaks: doesNotMatch(BASE64), rule: "is not base64-encoded (format byte)" },
  ipv4: { breaks: doesNotMatch(IPV4), rule: "is not an IPv4 address (format ipv4)" },
  ipv6: { breaks: doesNotMatch(IPV6), rule: "is not an IPv6 address (format ipv6)" },
  hostname: {
    breaks: (value) => `length(${value}) > ${HOST_NAME_MAX_LENGTH} OR ${doesNotMatch(HOST_NAME)(value)}`,
    rule: "is not a host name (format hostname)",
  },
};

/** The check of a string field's format, or undefined when its conversion decides (date, date-time), it is uri-reference, or it has none. */
export function formatCheck(format: unknown): FormatCheck | undefined {
  return typeof format === "string" && Object.hasOwn(CHECKS, format) ? CHECKS[format] : undefined;
}
