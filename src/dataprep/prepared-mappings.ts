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
      const why = await whyUnprepared(conn, [mapping], schema, typingsOf(mapping, source));
      const destination = `mappings[${i}].destination ${mapping.destinationXdmPath}`;
      // what the plan refuses is refused only with the source's own types: a guess's refusal says nothing of a MAP or STRUCT column
      if (why instanceof Unplanned) {
        if (source && why.reason) problems.push(`${destination}: ${why.reason}; so every run would fail`);
      } else if (why !== undefined) problems.push(`${destination}: DuckDB cannot prepare the mapping, so every run would fail: ${why}`);
    }
    return problems.length > 0 || together instanceof Unplanned ? problems : [`DuckDB cannot prepare the mappings together, so every run would fail: ${together}`];
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

/** No verdict from DuckDB: the mappings cannot be planned with a typing (the plan's reason), or there is none (no reason). */
class Unplanned {
  constructor(readonly reason = "") {}
}

/**
 * DuckDB's reason when the mappings prepare with none of the typings; undefined when they prepare
 * with one, Unplanned when one of them cannot be planned.
 */
async function whyUnprepared(conn: Connection, rules: readonly MappingRule[], schema: DatasetSchema, typings: ReadonlyArray<readonly SourceColumn[]>): Promise<string | Unplanned | undefined> {
  let first: string | undefined;
  for (const columns of typings) {
    let plan;
    try {
      plan = planMapping(rules, schema, columns, [], { hoist: true });
    } catch (error) {
      if (error instanceof MappingError) return new Unplanned(error.message);
      throw error;
    }
    try {
      await conn.runAndReadAll(`DESCRIBE SELECT ${plan.projection}, ${plan.errors} FROM (${convertedRows(plan, `(${emptyRows(columns)}) AS staged`)}) AS converted`);
      return undefined;
    } catch (error) {
      first ??= (error as Error).message.split("\n")[0];
    }
  }
  return first ?? new Unplanned();
}

/** A SELECT of no row with columns of these types. */
function emptyRows(columns: readonly SourceColumn[]): string {
  if (columns.length === 0) return "SELECT * FROM range(0)";
  return `SELECT ${columns.map((c) => `NULL::${c.type} AS ${quoteIdent(c.name)}`).join(", ")} LIMIT 0`;
}
