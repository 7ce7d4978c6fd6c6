/**
 * IP addresses as regular expressions (RE2, run whole by DuckDB's regexp_full_match): an IPv4
 * dotted quad (RFC 2673: each part 0–255 in decimal, without leading zeros) and an IPv6 address
 * (RFC 4291 section 2.2, as RFC 3986's IPv6address spells it: eight groups of 1–4 hex digits, one
 * run of them compressed to `::`, the last two optionally an IPv4 address).
 */
const OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
export const IPV4 = `${OCTET}(\\.${OCTET}){3}`;

const GROUP = "[0-9A-Fa-f]{1,4}";
/** the last 32 bits: two groups or an IPv4 address */
const LAST_32 = `(${GROUP}:${GROUP}|${IPV4})`;

/** RFC 3986's forms after a `::` preceded by n groups (n = index): fewer groups may follow the more precede it */
const AFTER_COMPRESSION = [`(${GROUP}:){5}${LAST_32}`, `(${GROUP}:){4}${LAST_32}`, `(${GROUP}:){3}${LAST_32}`, `(${GROUP}:){2}${LAST_32}`, `${GROUP}:${LAST_32}`, LAST_32, GROUP, ""];
const COMPRESSED = AFTER_COMPRESSION.map((after, before) => `${before === 0 ? "" : `((${GROUP}:){0,${before - 1}}${GROUP})?`}::${after}`);
export const IPV6 = `((${GROUP}:){6}${LAST_32}|${COMPRESSED.join("|")})`;
