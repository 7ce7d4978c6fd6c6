/**
 * STATIC mappings whose constant can never go into its destination ("abc" into an integer, "x"
 * past a maxLength): every row of every run would fail with the same row error, so the mapping set
 * is refused when it is made. DuckDB converts the constant as a run does (the run's own plan), once.
 */
import type { XdmProperty } from "../schemaregistry/xdm-fields.js";
import { destinationField } from "./destination-fields.js";
import { planMapping } from "./mapping-sql.js";
import { MappingError, type MappingRule } from "./mapping-types.js";
import { withConnection } from "./scratch-duckdb.js";
import { parsePath } from "./source-path.js";
import { ROW_ERROR } from "./conversion.js";

/**
 * What is wrong with each STATIC mapping, as `mappings[i]…` problems; empty when every constant
 * fits. A mapping set's mappings or a flow's rules against its dataset's schema.
 */
export async function constantProblems(mappings: readonly MappingRule[], schema: { properties: Record<string, XdmProperty> }): Promise<string[]> {
  const problems: string[] = [];
  for (const [i, mapping] of mappings.entries()) {
    if (mapping.sourceType !== "STATIC") continue;
    const why = await whyNever(mapping, schema);
    if (why) {
      const constant = JSON.stringify(mapping.sourceAttribute);
      problems.push(`mappings[${i}]: the constant ${constant} can never go into ${mapping.destinationXdmPath} (${typeOf(schema, mapping.destinationXdmPath)}): ${why}`);
    }
  }
  return problems;
}

/** The row error every row would get, or the reason the plan refuses the constant; undefined when it converts. */
async function whyNever(mapping: MappingRule, schema: { properties: Record<string, XdmProperty> }): Promise<string | undefined> {
  let plan;
  try {
    plan = planMapping([mapping], { properties: schema.properties }, []);
  } catch (error) {
    if (error instanceof MappingError) return error.message;
    throw error;
  }
  if (!plan.canFail) return undefined;
  const [[error]] = await withConnection(async (conn) => (await conn.runAndReadAll(`SELECT ${plan.firstError}`)).getRows());
  return error === null ? undefined : String(error).replace(ROW_ERROR, "");
}

/** The destination's XDM type as its schema declares it: `integer (long)`, `string (date-time)`. */
function typeOf(schema: { properties: Record<string, XdmProperty> }, destination: string): string {
  const reached = destinationField(schema as XdmProperty, parsePath(destination));
  const node = "field" in reached ? reached.field : undefined;
  const detail = node?.["meta:xdmType"] ?? node?.format;
  return `${String(node?.type ?? "unknown")}${detail && detail !== node?.type ? ` (${String(detail)})` : ""}`;
}
