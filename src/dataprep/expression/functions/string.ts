/** String functions (AEP: concat, explode, instr, replacestr, substr, lower, upper, split, join, lpad, rpad, left, right, trims, equals). */
import { asInteger, asText, isList, TIMESTAMPTZ_LIST, type Typed, typed } from "../typed.js";
import { isoTexts } from "../zoned-date.js";
import { type CallContext, type ElFunction, MANY } from "./function.js";
import { javaLower, javaUpper } from "./java-case.js";
import { regexCall } from "./regex.js";

const category = "string" as const;
const textOf = (args: readonly Typed[], i: number) => asText(args[i]);
/** a count read from the row, within what a Java string (and DuckDB's substring) can take: a larger one means "all of it"; a BIGINT, as DuckDB's left and right take no HUGEINT */
const JAVA_MAX_LENGTH = 2147483647;
const count = (t: Typed, least = 0) => `CAST(greatest(least(${asInteger(t)}, ${JAVA_MAX_LENGTH}), ${least}) AS BIGINT)`;
/** DuckDB cannot hold a string beyond 2^29 bytes, and fails the whole query (past TRY) making one: a longer padding is null */
const LONGEST_PADDING = 100_000_000;
/** Apache Commons' padding: a null or empty pad is a single space, and a string already as long is kept whole (DuckDB would cut it) */
const pad = (side: "lpad" | "rpad") => (args: readonly Typed[]) => {
  const [input, size] = [textOf(args, 0), asInteger(args[1])];
  const padded = `${side}(${input}, CASE WHEN ${size} <= ${LONGEST_PADDING} THEN TRY_CAST(${size} AS INTEGER) END, coalesce(nullif(${textOf(args, 2)}, ''), ' '))`;
  return typed(`(CASE WHEN length(${input}) >= ${size} THEN ${input} ELSE ${padded} END)`, "VARCHAR");
};

/** the element types whose text asText writes otherwise than DuckDB's cast */
const TEXTS_OF_THEIR_OWN = new Set(["DOUBLE", "FLOAT", "JSON"]);

/** A list's non-null elements joined: DuckDB's array_to_string needs a constant separator, a separator read from the row is folded in */
function joinedList(given: Typed, separator: Typed, context: CallContext): string {
  // dates joined as their text in their zone, doubles' NaN and JSON strings as asText writes one
  const elementType = given.type.slice(0, -2);
  const each = context.parameter("element_text");
  const list =
    given.type === TIMESTAMPTZ_LIST
      ? typed(isoTexts(given.sql, given.zone), "VARCHAR[]")
      : TEXTS_OF_THEIR_OWN.has(elementType)
        ? typed(`list_transform(${given.sql}, ${each} -> ${asText(typed(each, elementType))})`, "VARCHAR[]")
        : given;
  if (separator.constant) return `array_to_string(${list.sql}, ${asText(separator)})`;
  const [element, a, b] = [context.parameter("element"), context.parameter("joined"), context.parameter("next")];
  const texts = `list_filter(list_transform(${list.sql}, ${element} -> CAST(${element} AS VARCHAR)), ${element} -> ${element} IS NOT NULL)`;
  return `(CASE WHEN len(${texts}) = 0 THEN '' ELSE list_reduce(${texts}, (${a}, ${b}) -> ${a} || ${asText(separator)} || ${b}) END)`;
}

export const STRING_FUNCTIONS: readonly ElFunction[] = [
  {
    name: "concat",
    category,
    syntax: "concat(STRING_1, STRING_2)",
    description: "Concatenates the given strings.",
    parameters: ["STRING: The strings that will be concatenated."],
    arity: [1, MANY],
    rowSafe: true,
    example: { expression: 'concat("Hi, ", "there", "!")', result: "Hi, there!" },
    compile: (args) => typed(`concat(${args.map(asText).join(", ")})`, "VARCHAR"),
  },
  {
    name: "explode",
    category,
    syntax: "explode(STRING, REGEX)",
    description: 'Splits the string based on a regex and returns an array of parts. Can optionally include regex to split the string. By default, the splitting resolves to ",".',
    parameters: ["STRING: Required The string that needs to be split.", "REGEX: Optional The regular expression that can be used to split the string."],
    arity: [1, 2],
    rowSafe: true,
    example: { expression: 'explode("Hi, there!", " ")', result: ["Hi,", "there!"], note: 'AEP\'s page shows ["Hi,", "there"], dropping the "!" the input has' },
    compile: (args) => typed(args[1] ? regexCall(`string_split_regex(${textOf(args, 0)}, ${textOf(args, 1)})`, args[1], "explode") : `string_split(${textOf(args, 0)}, ',')`, "VARCHAR[]"),
  },
  {
    name: "instr",
    category,
    syntax: "instr(INPUT, SUBSTRING, START_POSITION, OCCURRENCE)",
    description: "Returns the location/index of a substring (counted from 0; -1 when it is not found).",
    parameters: [
      "INPUT: Required The string that is being searched.",
      "SUBSTRING: Required The substring that is being searched for within the string.",
      "START_POSITION: Optional The location of where to start looking in the string.",
      "OCCURRENCE: Optional The nth occurrence to look for from the start position. By default, it is 1.",
    ],
    arity: [2, 4],
    example: { expression: 'instr("adobe.com", "com")', result: 6 },
    compile: (args, context) => {
      // the first occurrence from the start: DuckDB's instr, which counts from 1 and answers 0 when absent
      if (args.length === 2) return typed(`(instr(${textOf(args, 0)}, ${textOf(args, 1)}) - 1)::INTEGER`, "INTEGER");
      const start = args[2] ? count(args[2]) : "0";
      const occurrence = args[3] ? count(args[3], 1) : "1";
      const parts = `string_split(substr(${textOf(args, 0)}, (${start}) + 1), ${textOf(args, 1)})`;
      // the n-th occurrence starts after the first n parts and the n - 1 substrings between them
      // (array_to_string would need a constant separator: DuckDB refuses a SUBSTRING read from the row)
      const part = context.parameter("part");
      const before = `list_sum(list_transform(${parts}[1:(${occurrence})], ${part} -> length(${part}))) + ((${occurrence}) - 1) * length(${textOf(args, 1)})`;
      return typed(
        `(CASE WHEN ${textOf(args, 0)} IS NULL OR ${textOf(args, 1)} IS NULL THEN NULL WHEN len(${parts}) > (${occurrence}) THEN ${before} + (${start}) ELSE -1 END)::INTEGER`,
        "INTEGER",
      );
    },
  },
  {
    name: "replacestr",
    category,
    syntax: "replacestr(INPUT, TO_FIND, TO_REPLACE)",
    description: "Replaces the search string if present in original string.",
    parameters: ["INPUT: Required The input string.", "TO_FIND: Required The string to look up within the input.", 'TO_REPLACE: Required The string that will replace the value within "TO_FIND".'],
    arity: [3, 3],
    rowSafe: true,
    example: { expression: 'replacestr("This is a string re test", "re", "replace")', result: "This is a string replace test" },
    compile: (args) => typed(`replace(${textOf(args, 0)}, ${textOf(args, 1)}, ${textOf(args, 2)})`, "VARCHAR"),
  },
  {
    name: "substr",
    category,
    syntax: "substr(INPUT, START_INDEX, LENGTH)",
    description: "Returns a substring of a given length (START_INDEX counts from 0).",
    parameters: ["INPUT: Required The input string.", "START_INDEX: Required The index of the input string where the substring starts.", "LENGTH: Required The length of the substring."],
    arity: [3, 3],
    example: { expression: 'substr("This is a substring test", 7, 8)', result: " a subst" },
    compile: (args) => typed(`substr(${textOf(args, 0)}, (${count(args[1], -JAVA_MAX_LENGTH)}) + 1, ${count(args[2], -JAVA_MAX_LENGTH)})`, "VARCHAR"),
  },
  {
    name: "lower",
    aliases: ["lcase"],
    category,
    syntax: "lower(INPUT)",
    description: "Converts a string to lowercase.",
    parameters: ["INPUT: Required The string that will be converted to lowercase."],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'lower("HeLLo")', result: "hello" },
    compile: (args) => typed(javaLower(textOf(args, 0)), "VARCHAR"),
  },
  {
    name: "upper",
    aliases: ["ucase"],
    category,
    syntax: "upper(INPUT)",
    description: "Converts a string to uppercase.",
    parameters: ["INPUT: Required The string that will be converted to uppercase."],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'upper("HeLLo")', result: "HELLO" },
    compile: (args) => typed(javaUpper(textOf(args, 0)), "VARCHAR"),
  },
  {
    name: "split",
    category,
    syntax: "split(INPUT, SEPARATOR)",
    description: "Splits an input string on a separator. If you include multiple delimiters, the string will split on any of the delimiters present in the string.",
    parameters: ["INPUT: Required The input string that is going to be split.", "SEPARATOR: Required The string that is used to split the input."],
    arity: [2, 2],
    example: { expression: 'split("Hello world", " ")', result: ["Hello", "world"] },
    // every character of SEPARATOR separates, and empty pieces are dropped (Apache Commons' split)
    compile: (args, context) => {
      const separator = args[1].constant?.value;
      // one literal character: a plain split, no regular expression
      const pieces =
        typeof separator === "string" && [...separator].length === 1
          ? `string_split(${textOf(args, 0)}, ${args[1].sql})`
          : // as Commons: a null SEPARATOR splits on whitespace, an empty one nowhere ('[]' is no regular expression)
            `string_split_regex(${textOf(args, 0)}, CASE WHEN ${textOf(args, 1)} IS NULL THEN '\\s' WHEN ${textOf(args, 1)} = '' THEN '[^\\s\\S]' ELSE '[' || regexp_escape(${textOf(args, 1)}) || ']' END)`;
      const piece = context.parameter("piece");
      return typed(`list_filter(${pieces}, ${piece} -> ${piece} <> '')`, "VARCHAR[]");
    },
  },
  {
    name: "join",
    category,
    syntax: "join(SEPARATOR, [OBJECTS])",
    description: "Joins a list of objects using the separator.",
    parameters: ["SEPARATOR: Required The string that will be used to join the objects.", "OBJECTS: Required An array of strings that will be joined."],
    arity: [2, MANY],
    example: { expression: 'join(" ", to_array(true, "Hello", "world"))', result: "Hello world" },
    compile: (args, context) => {
      const separator = textOf(args, 0);
      const joined = args.length === 2 && isList(args[1]) ? joinedList(args[1], args[0], context) : `concat_ws(${separator}, ${args.slice(1).map(asText).join(", ")})`;
      // a null SEPARATOR cannot join (Java's String.join refuses it): the value is null
      return typed(`(CASE WHEN ${separator} IS NOT NULL THEN ${joined} END)`, "VARCHAR");
    },
  },
  {
    name: "lpad",
    category,
    syntax: "lpad(INPUT, COUNT, PADDING)",
    description: "Pads the left side of a string with the other given string.",
    parameters: ["INPUT: Required The string that is going to be padded out. This string can be null.", "COUNT: Required The size of the string to be padded out.", "PADDING: Required The string to pad the input with. If null or empty, it will be treated as a single space."],
    arity: [3, 3],
    example: { expression: 'lpad("bat", 8, "yz")', result: "yzyzybat" },
    compile: pad("lpad"),
  },
  {
    name: "rpad",
    category,
    syntax: "rpad(INPUT, COUNT, PADDING)",
    description: "Pads the right side of a string with the other given string.",
    parameters: ["INPUT: Required The string that is going to be padded out. This string can be null.", "COUNT: Required The size of the string to be padded out.", "PADDING: Required The string to pad the input with. If null or empty, it will be treated as a single space."],
    arity: [3, 3],
    example: { expression: 'rpad("bat", 8, "yz")', result: "batyzyzy" },
    compile: pad("rpad"),
  },
  {
    name: "left",
    category,
    syntax: "left(STRING, COUNT)",
    description: 'Gets the first "n" characters of the given string.',
    parameters: ['STRING: Required The string you are getting the first "n" characters for.', 'COUNT: Required The "n" characters you want to get from the string.'],
    arity: [2, 2],
    example: { expression: 'left("abcde", 2)', result: "ab" },
    compile: (args) => typed(`left(${textOf(args, 0)}, ${count(args[1])})`, "VARCHAR"),
  },
  {
    name: "right",
    category,
    syntax: "right(STRING, COUNT)",
    description: 'Gets the last "n" characters of the given string.',
    parameters: ['STRING: Required The string you are getting the last "n" characters for.', 'COUNT: Required The "n" characters you want to get from the string.'],
    arity: [2, 2],
    example: { expression: 'right("abcde", 2)', result: "de" },
    compile: (args) => typed(`right(${textOf(args, 0)}, ${count(args[1])})`, "VARCHAR"),
  },
  {
    name: "ltrim",
    category,
    syntax: "ltrim(STRING)",
    description: "Removes the whitespace from the beginning of the string.",
    parameters: ["STRING: Required The string you want to remove the whitespace from."],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'ltrim(" hello")', result: "hello" },
    compile: (args) => typed(`regexp_replace(${textOf(args, 0)}, '^\\s+', '')`, "VARCHAR"),
  },
  {
    name: "rtrim",
    category,
    syntax: "rtrim(STRING)",
    description: "Removes the whitespace from the end of the string.",
    parameters: ["STRING: Required The string you want to remove the whitespace from."],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'rtrim("hello ")', result: "hello" },
    compile: (args) => typed(`regexp_replace(${textOf(args, 0)}, '\\s+$', '')`, "VARCHAR"),
  },
  {
    name: "trim",
    category,
    syntax: "trim(STRING)",
    description: "Removes the whitespace from the beginning and the end of the string.",
    parameters: ["STRING: Required The string you want to remove the whitespace from."],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'trim(" hello ")', result: "hello" },
    compile: (args) => typed(`regexp_replace(${textOf(args, 0)}, '^\\s+|\\s+$', '', 'g')`, "VARCHAR"),
  },
  {
    name: "equals",
    category,
    syntax: "STRING1.equals(STRING2)",
    description: "Compares two strings to confirm if they are equal. This function is case sensitive.",
    parameters: ["STRING1: Required The first string you want to compare.", "STRING2: Required The second string you want to compare."],
    arity: [2, 2],
    rowSafe: true,
    example: { expression: '"string1".equals("STRING1")', result: false },
    // as Apache Commons' StringUtils.equals: two nulls are equal, a null and a string are not
    compile: (args) => typed(`(${textOf(args, 0)} IS NOT DISTINCT FROM ${textOf(args, 1)})`, "BOOLEAN"),
  },
  {
    name: "equalsIgnoreCase",
    category,
    syntax: "STRING1.equalsIgnoreCase(STRING2)",
    description: "Compares two strings to confirm if they are equal. This function is not case sensitive.",
    parameters: ["STRING1: Required The first string you want to compare.", "STRING2: Required The second string you want to compare."],
    arity: [2, 2],
    rowSafe: true,
    example: { expression: '"string1".equalsIgnoreCase("STRING1")', result: true, note: "AEP's page leaves the second string unclosed" },
    compile: (args) => typed(`(lower(${textOf(args, 0)}) IS NOT DISTINCT FROM lower(${textOf(args, 1)}))`, "BOOLEAN"),
  },
];

