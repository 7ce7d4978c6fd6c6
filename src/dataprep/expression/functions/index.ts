/** The catalogue: every function the expression language offers, by name and alias (case-sensitive, as AEP's). */
import { ARRAY_FUNCTIONS } from "./arrays.js";
import { CONVERSION_FUNCTIONS } from "./conversion.js";
import { DATE_TIME_FUNCTIONS } from "./date-time.js";
import type { ElFunction } from "./function.js";
import { HASHING_FUNCTIONS } from "./hashing.js";
import { JSON_SPECIAL_FUNCTIONS } from "./json-special.js";
import { LOGICAL_FUNCTIONS } from "./logical.js";
import { MAP_FUNCTIONS } from "./maps.js";
import { OBJECT_FUNCTIONS } from "./objects.js";
import { REGEX_FUNCTIONS } from "./regex.js";
import { STRING_FUNCTIONS } from "./string.js";
import { URL_FUNCTIONS } from "./url.js";

export type { CallContext, Category, ElFunction, FunctionExample } from "./function.js";

export const FUNCTIONS: readonly ElFunction[] = [
  ...STRING_FUNCTIONS,
  ...REGEX_FUNCTIONS,
  ...HASHING_FUNCTIONS,
  ...URL_FUNCTIONS,
  ...DATE_TIME_FUNCTIONS,
  ...OBJECT_FUNCTIONS,
  ...MAP_FUNCTIONS,
  ...ARRAY_FUNCTIONS,
  ...LOGICAL_FUNCTIONS,
  ...CONVERSION_FUNCTIONS,
  ...JSON_SPECIAL_FUNCTIONS,
];

const BY_NAME = new Map<string, ElFunction>(FUNCTIONS.flatMap((f) => [f.name, ...(f.aliases ?? [])].map((name) => [name, f] as const)));

/** Every function's name and aliases. */
export const FUNCTION_NAMES: readonly string[] = [...BY_NAME.keys()];

export function functionNamed(name: string): ElFunction | undefined {
  return BY_NAME.get(name);
}

/** AEP functions this service does not offer, and why (answered when one is called). */
export const NOT_OFFERED = new Map<string, string>([
  ["sha512", "DuckDB has no SHA-512, and every function must compile to one DuckDB SQL expression"],
  ["fpid_to_ecid", "the FPID to ECID derivation is Adobe's identity service algorithm, not published"],
  ...["ua_os_name", "ua_os_version_major", "ua_os_version", "ua_os_name_version", "ua_agent_version", "ua_agent_version_major", "ua_agent_name", "ua_device_class"].map(
    (name) => [name, "user agent parsing needs a device database (AEP uses YAUAA), which no SQL expression has"] as [string, string],
  ),
]);
