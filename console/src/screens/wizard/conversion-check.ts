/**
 * Whether a calculated field's values go into its destination field: the service's mapping preview
 * (the plan a run uses, nothing saved) over the wizard's sample rows, and its row errors about that
 * field. The expression check alone (languages/el/validate) knows nothing of the destination.
 */
import { ApiError, messageOf } from "../../api/client";
import { hasRoute } from "../../api/capabilities";
import { MAPPING_SET_PREVIEW, type MappingRow, type PreviewedRow, previewMappingSet, type TargetSchema } from "../../api/platform";
import type { Session } from "../../api/session";
import { errorsFor, mentions } from "./row-errors";

/** the most rows the preview takes */
const MOST_ROWS = 100;

export type Conversion =
  | { outcome: "converts"; rows: number }
  | { outcome: "fails"; message: string }
  /** why the conversion could not be checked */
  | { outcome: "unchecked"; why: string };

export interface ConversionInput {
  /** the target schema: one that exists, or the class and field groups of the one Finish makes */
  target: TargetSchema;
  /** the step's mappings, this field's among them */
  mappings: MappingRow[];
  /** the sample rows the wizard has, as JSON */
  rows: Array<Record<string, unknown>>;
}

export async function checkConversion(session: Session, destination: string, expression: string, input: ConversionInput): Promise<Conversion> {
  if (input.rows.length === 0) return { outcome: "unchecked", why: "the table gave no sample rows" };
  if (!(await hasRoute("POST", MAPPING_SET_PREVIEW))) return { outcome: "unchecked", why: "this service has no mapping preview" };
  // another calculated field not written yet would only make the service refuse the whole mapping
  const others = input.mappings.filter((m) => m.destination !== destination && !(m.calculated && !m.source.trim()));
  const rows = input.rows.slice(0, MOST_ROWS);
  let previewed: PreviewedRow[];
  try {
    previewed = await previewMappingSet(session, input.target, [...others, { destination, source: expression, calculated: true }], rows);
  } catch (caught) {
    // a refusal of the mapping as a whole: about this field, or about the rest of the mapping
    if (caught instanceof ApiError && caught.status === 400 && mentions(caught.message, destination)) return { outcome: "fails", message: messageOf(caught) };
    const refused = caught instanceof ApiError && caught.status === 400;
    return { outcome: "unchecked", why: `${refused ? "the service refuses the mapping as it stands" : "the preview failed"} (${messageOf(caught)})` };
  }
  const errors = previewed.flatMap((row) => errorsFor(destination, row.errors));
  if (errors.length === 0) return { outcome: "converts", rows: rows.length };
  const failing = previewed.filter((row) => errorsFor(destination, row.errors).length > 0).length;
  return { outcome: "fails", message: `${errors[0]}${failing > 1 ? ` (${failing} of the ${rows.length} sample rows fail)` : ""}` };
}
