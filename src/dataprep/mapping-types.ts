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

/** A struct mapped whole to an object none of whose fields has the name of one of its members: a mistake, not a copy. */
export function copiesNothing(source: string, members: readonly string[], destination: string): MappingError {
  return new MappingError(
    `no member of ${source} (${members.join(", ")}) has a field of its name in ${destination}, so mapped whole it copies nothing: map its members to the fields of ${destination} one by one`,
  );
}
