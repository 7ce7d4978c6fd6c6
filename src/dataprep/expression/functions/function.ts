/** What a catalogued function is: its documentation (AEP's words and example) and its compilation to DuckDB SQL. */
import type { Typed } from "../typed.js";

export type Category =
  | "string"
  | "regular expression"
  | "hashing"
  | "URL"
  | "date and time"
  | "hierarchies - objects"
  | "hierarchies - map"
  | "hierarchies - arrays"
  | "logical"
  | "aggregation"
  | "type conversion"
  | "JSON"
  | "special";

export interface FunctionExample {
  expression: string;
  /** the value the expression evaluates to, as JSON: AEP's documented sample output */
  result: unknown;
  /** the row the example reads its fields from */
  sampleData?: Record<string, unknown>;
  /** where this example differs from AEP's page (a typo there, or a value only a clock or a random source decides) */
  note?: string;
  /** a pattern the result matches, for results decided by the clock or randomness */
  resultPattern?: string;
}

/** What a function can ask of the row it is compiled against. */
export interface CallContext {
  /** the field at a dotted path, when the row has it */
  field(path: string): Typed | undefined;
  /** a lambda parameter's name, `base` unless a column of the row has that name (lambda-parameter.ts) */
  parameter(base: string): string;
}

export interface ElFunction {
  name: string;
  aliases?: readonly string[];
  category: Category;
  syntax: string;
  description: string;
  parameters: readonly string[];
  /** [minimum, maximum] number of arguments */
  arity: readonly [number, number];
  example: FunctionExample;
  /**
   * The function's own SQL cannot raise a DuckDB error for any row value, whatever its arguments'
   * types, so the call is not wrapped in try(), which costs every row (the arguments' own calls are
   * wrapped or not by what they are). Without it, an error is null for the row. Declared only once
   * checked (test/dataprep/expression-row-safe.test.ts runs each over hostile values).
   */
  rowSafe?: true;
  compile(args: readonly Typed[], context: CallContext): Typed;
}

export const MANY = Number.POSITIVE_INFINITY;
