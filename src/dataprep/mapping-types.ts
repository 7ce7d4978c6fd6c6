/** The pieces a mapping plan is made of, shared by the plan, the conversions and the expression compiler. */

export interface MappingRule {
  /** ATTRIBUTE: a source path; STATIC: the literal value; EXPRESSION: the Data Prep expression */
  sourceAttribute: string;
  destinationXdmPath: string;
  /** absent means ATTRIBUTE */
  sourceType?: "ATTRIBUTE" | "STATIC" | "EXPRESSION";
}

export interface SourceColumn {
  name: string;
  /** DuckDB type name as DESCRIBE shows it */
  type: string;
}

/** A mapping that can never work with the staged data (refused when the flow is created or the run maps). */
export class MappingError extends Error {}
