/**
 * Spark string functions DuckDB lacks, as macros the translator renames calls to (FUNCTION_RENAMES): elt, char,
 * overlay and mask.
 */
import { arrayIndexError } from "./spark-functions.js";

/** elt(n, e1, …) for up to this many expressions */
const ELT_ARITY = 32;

/** the character classes of Java's Character.isUpperCase, isLowerCase and isDigit, which Spark's mask tests in turn */
const MASK_CLASSES = [
  ["\\p{Lu}", "u"],
  ["\\p{Ll}", "l"],
  ["\\p{Nd}", "d"],
] as const;

export const STRING_MACROS: readonly string[] = [
  // elt(i, e1, …): the i'th expression, of their common type; an i out of range fails as in ANSI mode (the list a and i as arrayIndexError names them)
  `CREATE OR REPLACE MACRO spark_elt_of(i, a) AS CASE WHEN i >= 1 AND i <= len(a) THEN a[i] WHEN i IS NOT NULL THEN ${arrayIndexError("INVALID_ARRAY_INDEX", "the SQL function `get()`")} END`,
  `CREATE OR REPLACE MACRO spark_elt${Array.from({ length: ELT_ARITY }, (_, n) => {
    const args = Array.from({ length: n + 1 }, (_, k) => `e${k}`);
    return `${n > 0 ? "," : ""} (i, ${args.join(", ")}) AS spark_elt_of(i, [${args.join(", ")}])`;
  }).join("")}`,
  // char(n): chr's character of code n mod 256
  "CREATE OR REPLACE MACRO spark_char(n) AS spark_chr(n)",
  // overlay(s, r, p [, l]) (PLACING, FROM and FOR as commas, sql/string-calls.ts): s before position p, r, then s from p + l, l by default r's length,
  // as Spark's substring reads positions (0 as 1, a negative one from the end); a number or a date for s or r as its text (spark_implicit_string)
  "CREATE OR REPLACE MACRO spark_overlay_for(s, r, p, l) AS spark_substring(s, 1, p - 1) || r || spark_substring(s, p + l)",
  "CREATE OR REPLACE MACRO spark_overlay_text(s, r, p) AS spark_overlay_for(s, r, p, length(r)), (s, r, p, l) AS spark_overlay_for(s, r, p, l)",
  "CREATE OR REPLACE MACRO spark_overlay(s, r, p) AS spark_overlay_text(spark_implicit_string(s), spark_implicit_string(r), p), " +
    "(s, r, p, l) AS spark_overlay_text(spark_implicit_string(s), spark_implicit_string(r), p, l)",
  // reverse(x) of a value that is neither an ARRAY nor a MAP (sql/subscripts.ts): its text's characters reversed, a number's or a date's too
  "CREATE OR REPLACE MACRO spark_reverse_text(x) AS CASE WHEN regexp_matches(typeof(x), '^(MAP|STRUCT)\\(') THEN error('[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"reverse\" " +
    "due to data type mismatch: its first parameter requires the (\"STRING\" or \"ARRAY\") type, however it has the type \"' || regexp_extract(typeof(x), '^\\w+') || '\". SQLSTATE: 42K09') " +
    "ELSE reverse(spark_implicit_string(x)) END",
  // mask(s [, u [, l [, d [, o]]]]): each upper-case letter u, lower-case letter l, digit d and other character o, one left as it is where its mask is NULL
  "CREATE OR REPLACE MACRO spark_mask_with(s, u, l, d, o) AS array_to_string(list_transform(string_split(s, ''), c -> CASE " +
    MASK_CLASSES.map(([pattern, mask]) => `WHEN regexp_full_match(c, '${pattern}') THEN coalesce(${mask}, c) `).join("") +
    "ELSE coalesce(o, c) END), '')",
  // mask(s, lowerChar => 'z', …) as sql/call-rewrites.ts writes it: a mask not named is NULL, as Databricks' examples show
  "CREATE OR REPLACE MACRO spark_mask_named(s, upperChar := NULL, lowerChar := NULL, digitChar := NULL, otherChar := NULL) AS spark_mask_with(s, upperChar, lowerChar, digitChar, otherChar)",
  "CREATE OR REPLACE MACRO spark_mask(s) AS spark_mask_with(s, 'X', 'x', 'n', NULL), (s, u) AS spark_mask_with(s, u, 'x', 'n', NULL), " +
    "(s, u, l) AS spark_mask_with(s, u, l, 'n', NULL), (s, u, l, d) AS spark_mask_with(s, u, l, d, NULL), (s, u, l, d, o) AS spark_mask_with(s, u, l, d, o)",
];
