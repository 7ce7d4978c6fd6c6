/** Logical functions (AEP: decode, iif) and aggregation over arguments (AEP: min, max). */
import { comparison } from "../comparison.js";
import { ExpressionError } from "../errors.js";
import { asBoolean, castTo, commonType, type Typed, typed, typeWords } from "../typed.js";
import { type DateChoice, zoneOfChoice } from "../zoned-date.js";
import { type ElFunction, MANY } from "./function.js";

/** SQL of one of several values, with the zone of the chosen date (zoned-date.ts) */
export function chosen(sql: string, type: string, choices: readonly DateChoice[]): Typed {
  const zone = zoneOfChoice(choices);
  return zone ? { ...typed(sql, type), zone } : typed(sql, type);
}

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
      const choices = values.map((value, i) => ({ when: i < pairs ? comparison("=", key, options[2 * i]).sql : "true", date: value }));
      const whens = choices.slice(0, pairs).map(({ when, date }) => `WHEN ${when} THEN ${castTo(date, type)}`);
      const otherwise = options.length % 2 ? ` ELSE ${castTo(options.at(-1)!, type)}` : "";
      return chosen(`(CASE ${whens.join(" ")}${otherwise} END)`, type, choices);
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
  const condition = asBoolean(test);
  const choices = [
    { when: condition, date: whenTrue },
    { when: "true", date: whenFalse },
  ];
  return chosen(`(CASE WHEN ${condition} THEN ${castTo(whenTrue, type)} ELSE ${castTo(whenFalse, type)} END)`, type, choices);
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
      if (type.endsWith("[]") || type.startsWith("STRUCT") || type.startsWith("MAP")) throw new ExpressionError(`${name}: ${typeWords(type)} values cannot be compared`);
      const result = `${sqlFunction}(${args.map((a) => castTo(a, type)).join(", ")})`;
      // the date chosen is the first that is the result
      return chosen(result, type, args.map((a) => ({ when: `${castTo(a, type)} = ${result}`, date: a })));
    },
  };
}
