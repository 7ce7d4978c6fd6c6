/**
 * Each mapping planned as a run plans it and prepared by DuckDB over an empty table of the source's
 * column types, no row read: a mapping the expression compiler accepts but DuckDB cannot bind (no
 * function of its argument types) would fail every run, so the mapping set is refused when it is made.
 */
import { quoteIdent } from "../delta/index.js";
import type { DatasetSchema, XdmProperty } from "../schemaregistry/xdm-fields.js";
import { convertedRows, planMapping } from "./mapping-sql.js";
import { MappingError, type MappingRule, type SourceColumn } from "./mapping-types.js";
import { rootFields } from "./expression/evaluate.js";
import { attributeColumn, expressionColumns } from "./mappings.js";
import { type Connection, withConnection } from "./scratch-duckdb.js";

/**
 * What DuckDB says of each mapping it cannot prepare, as `mappings[i].destination …` problems. The
 * source's columns when known; without them an expression's fields are each guess creation compiles
 * it with, and it is refused only when no guess prepares (an ATTRIBUTE source is then not known).
 * The mappings are prepared together first; one by one, to name them, only when that fails.
 */
export async function unpreparedMappings(mappings: readonly MappingRule[], target: { properties?: Record<string, XdmProperty> }, source?: readonly SourceColumn[]): Promise<string[]> {
  // the fields alone: a required field no mapping targets is the flow's concern
  const schema = { properties: target.properties };
  return withConnection(async (conn) => {
    const planned = source ? mappings : mappings.filter((m) => (m.sourceType ?? "ATTRIBUTE") !== "ATTRIBUTE");
    if (planned.length === 0) return [];
    const together = await whyUnprepared(conn, planned, schema, [source ?? firstGuess(planned)]);
    if (together === undefined) return [];
    const problems: string[] = [];
    for (const [i, mapping] of mappings.entries()) {
      const typings = typingsOf(mapping, source);
      // only with the source's own types: a guess's failure says nothing of a source's MAP or STRUCT column
      const unplanned = source ? neverPlanned(mapping, schema, typings) : undefined;
      if (unplanned !== undefined) {
        problems.push(`mappings[${i}].destination ${mapping.destinationXdmPath}: ${unplanned}; so every run would fail`);
        continue;
      }
      const why = await whyUnprepared(conn, [mapping], schema, typings);
      if (why !== undefined && why !== UNDECIDED) problems.push(`mappings[${i}].destination ${mapping.destinationXdmPath}: DuckDB cannot prepare the mapping, so every run would fail: ${why}`);
    }
    return problems.length > 0 || together === UNDECIDED ? problems : [`DuckDB cannot prepare the mappings together, so every run would fail: ${together}`];
  });
}

/** The fields every expression reads, of the type creation's first guess gives them. */
function firstGuess(mappings: readonly MappingRule[]): SourceColumn[] {
  const columns = mappings.flatMap((m) => (m.sourceType === "EXPRESSION" ? expressionColumns(m.sourceAttribute, undefined)[0] : []));
  return columns.filter((column, i) => columns.findIndex((c) => c.name === column.name) === i);
}

/**
 * The columns a mapping may be planned with: only those it reads (binding every column of a wide
 * source for each mapping would take seconds), or none when its source is not known.
 */
function typingsOf(mapping: MappingRule, source: readonly SourceColumn[] | undefined): SourceColumn[][] {
  const read = (names: readonly string[]) => source?.filter((column) => names.includes(column.name));
  switch (mapping.sourceType ?? "ATTRIBUTE") {
    case "EXPRESSION":
      return expressionColumns(mapping.sourceAttribute, read(rootFields(mapping.sourceAttribute)));
    case "STATIC":
      return [[]];
    default:
      return source ? [read([attributeColumn(mapping.sourceAttribute)])!] : [];
  }
}

/**
 * Why a mapping's value can never go into its field (an object into a string, a list into a map), when it cannot be planned with
 * any of the typings (the source's own columns); undefined when one plans, or there is none.
 */
function neverPlanned(mapping: MappingRule, schema: DatasetSchema, typings: ReadonlyArray<readonly SourceColumn[]>): string | undefined {
  let why: string | undefined;
  for (const columns of typings) {
    try {
      planMapping([mapping], schema, columns, [], { hoist: true });
      return undefined;
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      why ??= error.message;
    }
  }
  return why;
}

/** No verdict: the mappings cannot be planned with a typing (or there is none), so the plan decides, not DuckDB. */
const UNDECIDED = "";

/**
 * DuckDB's reason when the mappings prepare with none of the typings; undefined when they prepare
 * with one, UNDECIDED when one of them cannot be planned (what the plan refuses is refused where
 * the source's real types are known, a flow's creation).
 */
async function whyUnprepared(conn: Connection, rules: readonly MappingRule[], schema: DatasetSchema, typings: ReadonlyArray<readonly SourceColumn[]>): Promise<string | undefined> {
  let first: string | undefined;
  for (const columns of typings) {
    let plan;
    try {
      plan = planMapping(rules, schema, columns, [], { hoist: true });
    } catch (error) {
      if (error instanceof MappingError) return UNDECIDED;
      throw error;
    }
    try {
      await conn.runAndReadAll(`DESCRIBE SELECT ${plan.projection}, ${plan.errors} FROM (${convertedRows(plan, `(${emptyRows(columns)}) AS staged`)}) AS converted`);
      return undefined;
    } catch (error) {
      first ??= (error as Error).message.split("\n")[0];
    }
  }
  return first ?? UNDECIDED;
}

/** A SELECT of no row with columns of these types. */
function emptyRows(columns: readonly SourceColumn[]): string {
  if (columns.length === 0) return "SELECT * FROM range(0)";
  return `SELECT ${columns.map((c) => `NULL::${c.type} AS ${quoteIdent(c.name)}`).join(", ")} LIMIT 0`;
}
