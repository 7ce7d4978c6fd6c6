/** Hierarchies - arrays (AEP: coalesce, first, last, add_to_array, join_arrays, to_array, size_of, upsert_array_append, upsert_array_replace). */
import { ExpressionError } from "../errors.js";
import { asBoolean, castTo, commonType, elementOf, isList, isMap, isNull, isStruct, isText, TIMESTAMPTZ, type Typed, typed, typedLike, aValueOf } from "../typed.js";
import { sharedZone } from "../zoned-date.js";
import { type ElFunction, MANY } from "./function.js";
import { chosen } from "./logical.js";

const category = "hierarchies - arrays" as const;

/** SQL of a list literal of the values, with its type */
export function listOf(values: readonly Typed[]): Typed {
  const element = commonType(values);
  const list = typed(values.length === 0 ? "[]::VARCHAR[]" : `([${values.map((v) => castTo(v, element)).join(", ")}]::${element}[])`, `${element}[]`);
  const zone = element === TIMESTAMPTZ ? sharedZone(values) : undefined;
  return zone ? { ...list, zone } : list;
}

function ends(which: "first" | "last"): ElFunction {
  const index = which === "first" ? 1 : -1;
  return {
    name: which,
    category,
    syntax: `${which}(INPUT)`,
    description: `Retrieves the ${which} element of the given array.`,
    parameters: [`INPUT: Required The array you want to find the ${which} element of.`],
    arity: [1, MANY],
    rowSafe: true,
    example: { expression: `${which}("1", "2", "3")`, result: which === "first" ? "1" : "3" },
    compile: (args) => {
      const list = args.length === 1 && isList(args[0]) ? args[0] : listOf(args);
      return elementOf(list, `(${list.sql})[${index}]`);
    },
  };
}

function requireList(t: Typed, fn: string): Typed {
  if (!isList(t)) throw new ExpressionError(`${fn}: ${aValueOf(t.type)} is not an array`);
  return t;
}

export const ARRAY_FUNCTIONS: readonly ElFunction[] = [
  {
    name: "coalesce",
    category,
    syntax: "coalesce(INPUT)",
    description: "Returns the first non-null object in a given array.",
    parameters: ["INPUT: Required The array you want to find the first non-null object of."],
    arity: [1, MANY],
    rowSafe: true,
    example: { expression: 'coalesce(null, null, null, "first", null, "second")', result: "first" },
    compile: (args) => {
      const type = commonType(args);
      return chosen(`coalesce(${args.map((a) => castTo(a, type)).join(", ")})`, type, args.map((a) => ({ when: `(${a.sql}) IS NOT NULL`, date: a })));
    },
  },
  ends("first"),
  ends("last"),
  {
    name: "add_to_array",
    category,
    syntax: "add_to_array(ARRAY, VALUES)",
    description: "Adds elements to the end of the array.",
    parameters: ["ARRAY: Required The array that you are adding elements to.", "VALUES: The elements that you want to append to the array."],
    arity: [1, MANY],
    example: { expression: "add_to_array(['a', 'b'], 'c', 'd')", result: ["a", "b", "c", "d"] },
    compile: ([array, ...values]) => {
      requireList(array, "add_to_array");
      if (values.length === 0) return array;
      const added = listOf(values);
      return concatenated([array, added]);
    },
  },
  {
    name: "join_arrays",
    category,
    syntax: "join_arrays(ARRAY, VALUES)",
    description: "Combines the arrays with each other.",
    parameters: ["ARRAY: Required The array that you are adding elements to.", "VALUES: The array(s) you want to append to the parent array."],
    arity: [1, MANY],
    example: { expression: "join_arrays(['a', 'b'], ['c'], ['d', 'e'])", result: ["a", "b", "c", "d", "e"] },
    compile: (args) => {
      args.forEach((a) => requireList(a, "join_arrays"));
      return concatenated(args);
    },
  },
  {
    name: "to_array",
    category,
    syntax: "to_array(INCLUDE_NULLS, VALUES)",
    description: "Takes a list of inputs and converts it to an array.",
    parameters: ["INCLUDE_NULLS: Required A boolean value to indicate whether or not to include nulls in the response array.", "VALUES: Required The elements that are to be converted to an array."],
    arity: [2, MANY],
    rowSafe: true,
    example: { expression: "to_array(false, 1, null, 2, 3)", result: [1, 2, 3] },
    compile: ([includeNulls, ...values], context) => {
      const list = listOf(values);
      if (includeNulls.constant?.value === true) return list;
      const v = context.parameter("v");
      const withoutNulls = `list_filter(${list.sql}, ${v} -> ${v} IS NOT NULL)`;
      if (includeNulls.constant?.value === false) return typedLike(list, withoutNulls);
      return typedLike(list, `(CASE WHEN ${asBoolean(includeNulls)} THEN ${list.sql} ELSE ${withoutNulls} END)`);
    },
  },
  {
    name: "size_of",
    category,
    syntax: "size_of(INPUT)",
    description: "Returns the size of the input: the elements of an array, the keys of an object, the characters of a string.",
    parameters: ["INPUT: Required The object that you're trying to find the size of."],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: "size_of([1, 2, 3, 4])", result: 4 },
    compile: ([input]) => sizeOf(input),
  },
  {
    name: "upsert_array_append",
    category,
    syntax: "upsert_array_append(ARRAY)",
    description: "Appends the array to the array in Profile on updates; on inserts (every dataset row here) it returns the input as is.",
    parameters: ["ARRAY: Required The array to append the array in the Profile."],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: "upsert_array_append([123, 456])", result: [123, 456] },
    compile: ([array]) => requireList(array, "upsert_array_append"),
  },
  {
    name: "upsert_array_replace",
    category,
    syntax: "upsert_array_replace(ARRAY)",
    description: "Replaces elements of the array in Profile on updates; on inserts (every dataset row here) it returns the input as is.",
    parameters: ["ARRAY: Required The array to replace the array in the Profile."],
    arity: [1, 2],
    rowSafe: true,
    example: { expression: "upsert_array_replace([123, 456], 1)", result: [123, 456] },
    compile: ([array]) => requireList(array, "upsert_array_replace"),
  },
];

/** Lists joined into one of their common element type (an INTEGER[] and a BIGINT[] make a BIGINT[]). */
function concatenated(lists: readonly Typed[]): Typed {
  const element = commonType(lists.map((list) => typed("", list.type.slice(0, -2))));
  return typed(lists.map((list) => `CAST(${list.sql} AS ${element}[])`).reduce((all, next) => `list_concat(${all}, ${next})`), `${element}[]`);
}

export function sizeOf(input: Typed): Typed {
  if (isList(input)) return typed(`coalesce(len(${input.sql}), 0)::INTEGER`, "INTEGER");
  if (isMap(input)) return typed(`coalesce(cardinality(${input.sql}), 0)::INTEGER`, "INTEGER");
  if (isText(input)) return typed(`coalesce(length(${input.sql}), 0)::INTEGER`, "INTEGER");
  if (isStruct(input)) return typed(`(CASE WHEN ${input.sql} IS NULL THEN 0 ELSE len(json_keys(to_json(${input.sql}))) END)::INTEGER`, "INTEGER");
  if (isNull(input)) return typed("0", "INTEGER");
  throw new ExpressionError(`size_of: ${aValueOf(input.type)} has no size`);
}
