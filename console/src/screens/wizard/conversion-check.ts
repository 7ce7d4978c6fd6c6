/**
 * Whether a calculated field's values go into its destination field: the service's mapping preview
 * (the plan a run uses, nothing saved) over the wizard's sample rows, and its row errors about that
 * field. The expression check alone (languages/el/validate) knows nothing of the destination.
 */
import type { MappingRow, TargetSchema } from "../../api/platform";
import type { Session } from "../../api/session";
import { type FieldProblem, fieldProblem, previewMapping } from "./mapping-preview";
import type { TableSample } from "./sample-rows";

export type Conversion =
  | { outcome: "converts"; rows: number }
  /** the values fail on some sample rows, or on all of them (`neverFits`), as a source column's would */
  | { outcome: "fails"; problem: FieldProblem }
  /** why the conversion could not be checked */
  | { outcome: "unchecked"; why: string };

export interface ConversionInput {
  /** the target schema: one that exists, or the class and field groups of the one Finish makes */
  target: TargetSchema;
  /** the step's mappings the service can take: a calculated field's only once its expression passed */
  mappings: MappingRow[];
  /** the table's sample rows the wizard has */
  sample: TableSample;
}

export async function checkConversion(session: Session, destination: string, expression: string, input: ConversionInput): Promise<Conversion> {
  // another calculated field not written yet would only make the service refuse the whole mapping
  const others = input.mappings.filter((m) => m.destination !== destination && !(m.calculated && !m.source.trim()));
  const preview = await previewMapping(session, input.target, [...others, { destination, source: expression, calculated: true }], input.sample);
  if (preview.outcome === "unchecked") return preview;
  const problem = fieldProblem(preview, destination);
  // a refusal of the mapping as a whole that is not about this field: about the rest of the mapping
  if (preview.outcome === "refused" && !problem) return { outcome: "unchecked", why: `the service refuses the mapping as it stands (${preview.message})` };
  if (!problem) return { outcome: "converts", rows: preview.outcome === "previewed" ? preview.rows.length : 0 };
  return { outcome: "fails", problem };
}
