/**
 * The operators of the expression language, as GET …/languages/el/operators lists them (tightest
 * first), in AEP's shape: the symbol, JEXL's name of the operator (its JexlOperator method, where
 * JEXL has one) and how many operands it takes; the word that means the same, a category and a
 * precedence are this service's additions.
 */
export interface ElOperator {
  operatorSymbol: string;
  /** JEXL's method name of the operator; left out for syntax that is no JEXL operator method (`.`, `&&`, `? :`) */
  methodName?: string;
  numberOfOperands: 1 | 2 | 3;
  /** the word that means the same */
  alias?: string;
  category: "arithmetic" | "comparison" | "logical" | "conditional" | "access";
  /** 1 binds tightest */
  precedence: number;
  description: string;
  example: string;
}

export const OPERATORS: readonly ElOperator[] = [
  { operatorSymbol: ".", numberOfOperands: 2, category: "access", precedence: 1, description: "A member of an object, or a method call: a.b, \"s\".equals(t), o.get(\"k\")", example: "name.firstName" },
  { operatorSymbol: "[]", numberOfOperands: 2, category: "access", precedence: 1, description: "An element of an array (from 0) or a key of an object", example: "split(name, \" \")[0]" },
  { operatorSymbol: "-", methodName: "negate", numberOfOperands: 1, category: "arithmetic", precedence: 2, description: "Negation", example: "-balance" },
  { operatorSymbol: "!", methodName: "not", numberOfOperands: 1, alias: "not", category: "logical", precedence: 2, description: "Logical not", example: "!active" },
  { operatorSymbol: "~", methodName: "complement", numberOfOperands: 1, category: "arithmetic", precedence: 2, description: "Bitwise complement of an integer, of a string holding one, or of a boolean as 1 or 0 (null for null or a number with a fraction; a row error past BIGINT, for a string of any length too)", example: "~44" },
  { operatorSymbol: "empty", methodName: "empty", numberOfOperands: 1, category: "logical", precedence: 2, description: "True when the value is null, an empty string, an empty array or an empty object", example: "empty email" },
  { operatorSymbol: "size", methodName: "size", numberOfOperands: 1, category: "arithmetic", precedence: 2, description: "The size of a string, an array or an object", example: "size tags" },
  { operatorSymbol: "*", methodName: "multiply", numberOfOperands: 2, category: "arithmetic", precedence: 3, description: "Multiplication", example: "price * quantity" },
  { operatorSymbol: "/", methodName: "divide", numberOfOperands: 2, alias: "div", category: "arithmetic", precedence: 3, description: "Division: whole between integers, null when dividing by zero", example: "total / 2" },
  { operatorSymbol: "%", methodName: "mod", numberOfOperands: 2, alias: "mod", category: "arithmetic", precedence: 3, description: "Remainder: null when dividing by zero", example: "id % 10" },
  { operatorSymbol: "+", methodName: "add", numberOfOperands: 2, category: "arithmetic", precedence: 4, description: "Addition, or concatenation when either side is a string (null joins as an empty string)", example: "firstName + \" \" + lastName" },
  { operatorSymbol: "-", methodName: "subtract", numberOfOperands: 2, category: "arithmetic", precedence: 4, description: "Subtraction", example: "total - discount" },
  { operatorSymbol: "<", methodName: "lessThan", numberOfOperands: 2, alias: "lt", category: "comparison", precedence: 5, description: "Less than", example: "age < 18" },
  { operatorSymbol: "<=", methodName: "lessThanOrEqual", numberOfOperands: 2, alias: "le", category: "comparison", precedence: 5, description: "Less than or equal", example: "age le 65" },
  { operatorSymbol: ">", methodName: "greaterThan", numberOfOperands: 2, alias: "gt", category: "comparison", precedence: 5, description: "Greater than", example: "score > 10" },
  { operatorSymbol: ">=", methodName: "greaterThanOrEqual", numberOfOperands: 2, alias: "ge", category: "comparison", precedence: 5, description: "Greater than or equal", example: "score ge 10" },
  { operatorSymbol: "==", methodName: "equals", numberOfOperands: 2, alias: "eq", category: "comparison", precedence: 6, description: "Equal", example: "country == \"FR\"" },
  { operatorSymbol: "!=", numberOfOperands: 2, alias: "ne", category: "comparison", precedence: 6, description: "Not equal", example: "country ne \"FR\"" },
  { operatorSymbol: "&&", numberOfOperands: 2, alias: "and", category: "logical", precedence: 7, description: "Logical and", example: "active && verified" },
  { operatorSymbol: "||", numberOfOperands: 2, alias: "or", category: "logical", precedence: 8, description: "Logical or", example: "vip or score > 90" },
  { operatorSymbol: "? :", numberOfOperands: 3, category: "conditional", precedence: 9, description: "The second value when the first is true, else the third", example: "vip ? \"gold\" : \"standard\"" },
];
