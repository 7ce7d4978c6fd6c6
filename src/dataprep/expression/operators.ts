/** The operators of the expression language, as GET …/languages/el/operators lists them (tightest first). */
export interface ElOperator {
  operator: string;
  /** the word that means the same */
  alias?: string;
  category: "arithmetic" | "comparison" | "logical" | "conditional" | "access";
  /** 1 binds tightest */
  precedence: number;
  description: string;
  example: string;
}

export const OPERATORS: readonly ElOperator[] = [
  { operator: ".", category: "access", precedence: 1, description: "A member of an object, or a method call: a.b, \"s\".equals(t), o.get(\"k\")", example: "name.firstName" },
  { operator: "[]", category: "access", precedence: 1, description: "An element of an array (from 0) or a key of an object", example: "split(name, \" \")[0]" },
  { operator: "-", category: "arithmetic", precedence: 2, description: "Negation", example: "-balance" },
  { operator: "!", alias: "not", category: "logical", precedence: 2, description: "Logical not", example: "!active" },
  { operator: "empty", category: "logical", precedence: 2, description: "True when the value is null, an empty string, an empty array or an empty object", example: "empty email" },
  { operator: "size", category: "arithmetic", precedence: 2, description: "The size of a string, an array or an object", example: "size tags" },
  { operator: "*", category: "arithmetic", precedence: 3, description: "Multiplication", example: "price * quantity" },
  { operator: "/", alias: "div", category: "arithmetic", precedence: 3, description: "Division: whole between integers, null when dividing by zero", example: "total / 2" },
  { operator: "%", alias: "mod", category: "arithmetic", precedence: 3, description: "Remainder: null when dividing by zero", example: "id % 10" },
  { operator: "+", category: "arithmetic", precedence: 4, description: "Addition, or concatenation when either side is a string (null joins as an empty string)", example: "firstName + \" \" + lastName" },
  { operator: "-", category: "arithmetic", precedence: 4, description: "Subtraction", example: "total - discount" },
  { operator: "<", alias: "lt", category: "comparison", precedence: 5, description: "Less than", example: "age < 18" },
  { operator: "<=", alias: "le", category: "comparison", precedence: 5, description: "Less than or equal", example: "age le 65" },
  { operator: ">", alias: "gt", category: "comparison", precedence: 5, description: "Greater than", example: "score > 10" },
  { operator: ">=", alias: "ge", category: "comparison", precedence: 5, description: "Greater than or equal", example: "score ge 10" },
  { operator: "==", alias: "eq", category: "comparison", precedence: 6, description: "Equal", example: "country == \"FR\"" },
  { operator: "!=", alias: "ne", category: "comparison", precedence: 6, description: "Not equal", example: "country ne \"FR\"" },
  { operator: "&&", alias: "and", category: "logical", precedence: 7, description: "Logical and", example: "active && verified" },
  { operator: "||", alias: "or", category: "logical", precedence: 8, description: "Logical or", example: "vip or score > 90" },
  { operator: "? :", category: "conditional", precedence: 9, description: "The second value when the first is true, else the third", example: "vip ? \"gold\" : \"standard\"" },
];
