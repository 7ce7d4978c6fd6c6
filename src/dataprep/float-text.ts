/**
 * A FLOAT or DOUBLE as text, as AEP's Java writes it (Double.toString, Float.toString): the shortest
 * digits that read back as the same value, plain from 10^-3 up to 10^7 (100.0, 0.001, 1234567.5),
 * in Java's scientific notation otherwise (1.0E7, 1.0E-4, 1.2345678901234568E20, -4.9E-324), 0.0,
 * -0.0, NaN, Infinity and -Infinity. DuckDB's own text has the same digits but writes 1e+20,
 * 1e-05, 12345678.0, 0.0001, nan and inf.
 *
 * DuckDB's text is taken as it is where it is Java's already (a value from 10^-3 up to 10^7, the
 * usual case: two comparisons), and rewritten by one regular expression otherwise, in the layout
 * DuckDB wrote it in: plain up to 10^16 (its exponent counted by comparisons), 0.000ddd from 10^-4,
 * d.ddde±XX beyond. Java picks, where one digit would do, the closest decimal of one or two digits:
 * this differs from the shortest only for the smallest subnormals (Double.MIN_VALUE is 4.9E-324,
 * DuckDB's 5e-324), whose two digits printf gives.
 */
import { quoteLiteral } from "../delta/index.js";

export type FloatType = "DOUBLE" | "FLOAT";

/** the smallest normal value of each type: below it a value has fewer significant bits */
const SMALLEST_NORMAL: Record<FloatType, string> = { DOUBLE: "2.2250738585072014e-308", FLOAT: "1.1754943508222875e-38" };

// Each pattern is anchored and tells its branch from the next character alone, which RE2 runs in one pass.
/** 12345678.9 → 1.23456789 (the exponent is appended) */
const LARGE_FRACTION = ["^(-?[0-9])([0-9]*)\\.", "\\1.\\2"];
/** a whole number's digits without its trailing zeros and ";0" (for the fraction digit Java writes): 12345678;0, 102;0, 1;0 → 1.2345678, 1.02, 1.0 */
const LARGE_WHOLE = ["^(-?[0-9])(?:([0-9]+);0|;(0))$", "\\1.\\2\\3"];
/** 0.000123, 0.0001 (with ";0" appended) → 1.23E-4, 1.0E-4 */
const SMALL = ["^(-?)0\\.000([0-9])(?:([0-9]+);0|;(0))$", "\\1\\2.\\3\\4E-4"];
/** 1.5e+20, 1e-05, 4.9e-324 (with ".0" appended) → 1.5E20, 1.0E-5, 4.9E-324 */
const SCIENTIFIC = ["^(-?[0-9])(?:(\\.[0-9]+)e\\+?(-?)0*([1-9][0-9]*)\\.0|e\\+?(-?)0*([1-9][0-9]*)(\\.0))$", "\\1\\2\\7E\\3\\5\\4\\6"];

const rewritten = (text: string, [pattern, replacement]: string[]) => `regexp_replace(${text}, ${quoteLiteral(pattern)}, ${quoteLiteral(replacement)})`;

export function floatText(sql: string, type: FloatType): string {
  if (type === "DOUBLE") return javaText(sql, type, `CAST(${sql} AS VARCHAR)`);
  return `list_transform([${floatDigits(sql)}], java_float_text -> ${javaText(sql, type, "java_float_text")})[1]`;
}

/**
 * A FLOAT's shortest digits in DuckDB's layout (1.1, 16777216.0, 3.4028235e+38), as it writes a DOUBLE. DuckDB writes some floats as their exact value
 * (177172.875, where 177172.88 reads back as the same float; 999900032.0 for 9.999E8): such a float's
 * digits are the fewest of printf's roundings (two digits up to nine, the most a float needs) that
 * read back as it. Two come first: where one digit would do, Java writes the closer of one or two.
 */
export function floatDigits(sql: string): string {
  const exact = `TRY_CAST(CAST(${sql} AS VARCHAR) AS DOUBLE) = CAST(${sql} AS DOUBLE)`;
  const rounded = [1, 2, 3, 4, 5, 6, 7, 8].map((decimals) => `printf('%.${decimals}e', ${sql})`);
  const fewest = rounded.map((text) => `WHEN TRY_CAST(${text} AS FLOAT) = ${sql} THEN CAST(${text} AS DOUBLE)`).join(" ");
  return `CASE WHEN ${exact} THEN CAST(CASE ${fewest} ELSE CAST(${sql} AS DOUBLE) END AS VARCHAR) ELSE CAST(${sql} AS VARCHAR) END`;
}

/** Java's text of the value from DuckDB's text of its digits. */
function javaText(sql: string, type: FloatType, text: string): string {
  const size = `abs(${sql})`;
  // a literal of the type: a FLOAT compares with the float nearest the power of ten, whose shortest text is that power
  const at = (power: number) => `${size} >= CAST('1e${power}' AS ${type})`;
  const largeExponent = `(7${[8, 9, 10, 11, 12, 13, 14, 15].map((power) => ` + CAST(${at(power)} AS INTEGER)`).join("")})`;
  const twoDigits = `printf('%.1e', ${sql})`;
  const digits = `CASE WHEN ${size} < ${SMALLEST_NORMAL[type]} AND TRY_CAST(${twoDigits} AS ${type}) = ${sql} THEN ${twoDigits} ELSE ${text} END`;
  const large = `CASE WHEN ${sql} = trunc(${sql}) THEN ${rewritten(`rtrim(${text}, '.0') || ';0'`, LARGE_WHOLE)} ELSE ${rewritten(text, LARGE_FRACTION)} END`;
  return (
    `CASE WHEN ${at(-3)} AND NOT ${at(7)} THEN ${text} ` +
    `WHEN isnan(${sql}) THEN 'NaN' WHEN ${sql} = 'infinity' THEN 'Infinity' WHEN ${sql} = '-infinity' THEN '-Infinity' WHEN ${sql} = 0 THEN CAST(${sql} AS VARCHAR) ` +
    `WHEN ${at(7)} AND NOT ${at(16)} THEN ${large} || 'E' || ${largeExponent} ` +
    `WHEN ${at(-4)} AND NOT ${at(-3)} THEN ${rewritten(`${text} || ';0'`, SMALL)} ` +
    `ELSE ${rewritten(`(${digits}) || '.0'`, SCIENTIFIC)} END`
  );
}
