/** Logical functions (AEP: decode, iif) and aggregation over arguments (AEP: min, max). */
import { comparison } from "../comparison.js";
import { ExpressionError } from "../errors.js";
import { asBoolean, castTo, commonType, type Typed, typed } from "../typed.js";
import { type ElFunction, MANY } from "./function.js";


export const LOGICAL_FUNCTIONS: readonly ElFunction[] = [
  {
    name: "decode",
    category: "logical",
    syntax: "decode(KEY, OPTIONS)",
    description: "Given a key and a list of key value pairs flattened as an array, the function returns the value if key is found or return a default value if present in the array.",
    parameters: ["KEY: Required The key to be matched.", "OPTIONS: Required A flattened array of key/value pairs. Optionally, a default value can be put at the end."],
    arity: [3, MANY],
    rowSafe: true,
    example: { expression: 'decode(stateCode, "ca", "California", "pa", "Pennsylvania", "N/A")', result: "Pennsylvania", sampleData: { stateCode: "pa" } },
    compile: ([key, ...options]) => {
      const pairs = Math.floor(options.length / 2);
      const values = [...Array.from({ length: pairs }, (_, i) => options[2 * i + 1]), ...(options.length % 2 ? [options.at(-1)!] : [])];
      const type = commonType(values);
      const whens = Array.from({ length: pairs }, (_, i) => `WHEN ${comparison("=", key, options[2 * i]).sql} THEN ${castTo(options[2 * i + 1], type)}`);
      const otherwise = options.length % 2 ? ` ELSE ${castTo(options.at(-1)!, type)}` : "";
      return typed(`(CASE ${whens.join(" ")}${otherwise} END)`, type);
    },
  },
  {
    name: "iif",
    category: "logical",
    syntax: "iif(EXPRESSION, TRUE_VALUE, FALSE_VALUE)",
    description: "Evaluates a given boolean expression and returns the specified value based on the result.",
    parameters: [
      "EXPRESSION: Required The boolean expression that is being evaluated.",
      "TRUE_VALUE: Required The value that is returned if the expression evaluates to true.",
      "FALSE_VALUE: Required The value that is returned if the expression evaluates to false.",
    ],
    arity: [3, 3],
    rowSafe: true,
    example: { expression: 'iif("s".equalsIgnoreCase("S"), "True", "False")', result: "True" },
    compile: ([test, whenTrue, whenFalse]) => conditional(test, whenTrue, whenFalse),
  },
  extreme("min", "minimum", "least", 1),
  extreme("max", "maximum", "greatest", 4),
];

export function conditional(test: Typed, whenTrue: Typed, whenFalse: Typed): Typed {
  const type = commonType([whenTrue, whenFalse]);
  return typed(`(CASE WHEN ${asBoolean(test)} THEN ${castTo(whenTrue, type)} ELSE ${castTo(whenFalse, type)} END)`, type);
}

function extreme(name: string, word: string, sqlFunction: string, result: number): ElFunction {
  return {
    name,
    category: "aggregation",
    syntax: `${name}(OPTIONS)`,
    description: `Returns the ${word} of the given arguments. Uses natural ordering.`,
    parameters: ["OPTIONS: Required One or more objects that can be compared to each other."],
    arity: [1, MANY],
    rowSafe: true,
    example: { expression: `${name}(3, 1, 4)`, result },
    compile: (args) => {
      const type = commonType(args);
      if (type.endsWith("[]") || type.startsWith("STRUCT") || type.startsWith("MAP")) throw new ExpressionError(`${name}: ${type} values cannot be compared`);
      return typed(`${sqlFunction}(${args.map((a) => castTo(a, type)).join(", ")})`, type);
    },
  };
}
