/**
 * The whole mapping applied to the wizard's sample rows by the service's mapping preview (the plan a
 * run uses, nothing saved): each row as the dataset would store it, or its row errors, and what
 * that says about each target field.
 */
import { useEffect, useState } from "react";
import { ApiError, messageOf } from "../../api/client";
import { hasRoute } from "../../api/capabilities";
import { MAPPING_SET_PREVIEW, type MappingRow, type PreviewedRow, previewMappingSet, type TargetSchema } from "../../api/platform";
import type { Session } from "../../api/session";
import { errorsFor, mentions } from "./row-errors";
import type { TableSample } from "./sample-rows";
import type { SampleOutcome } from "./sample-verdict";

/** the most rows the preview takes */
const MOST_ROWS = 100;

export type MappingPreview =
  | { outcome: "previewed"; rows: PreviewedRow[] }
  /** the service refuses the mapping as a whole (400): nothing of it could be created either */
  | { outcome: "refused"; message: string }
  /** why the rows could not be previewed */
  | { outcome: "unchecked"; why: string };

/** how many sample rows the previewed mapping failed, of how many; undefined where nothing was previewed */
export function sampleOutcome(preview: MappingPreview | undefined): SampleOutcome | undefined {
  if (preview?.outcome !== "previewed") return undefined;
  return { failing: preview.rows.filter((row) => !row.data).length, total: preview.rows.length };
}

export async function previewMapping(session: Session, target: TargetSchema, mappings: MappingRow[], sample: TableSample): Promise<MappingPreview> {
  if (sample.rows.length === 0) return { outcome: "unchecked", why: "the table gave no sample rows" };
  if (!(await hasRoute("POST", MAPPING_SET_PREVIEW))) return { outcome: "unchecked", why: "this service has no mapping preview" };
  try {
    return { outcome: "previewed", rows: await previewMappingSet(session, target, mappings, sample.columns, sample.rows.slice(0, MOST_ROWS)) };
  } catch (caught) {
    if (caught instanceof ApiError && caught.status === 400) return { outcome: "refused", message: messageOf(caught) };
    return { outcome: "unchecked", why: `the preview failed (${messageOf(caught)})` };
  }
}

/** How a target field's values fare on the sample rows: the first row error about it, and on how many rows it fails (0 of 0: the service refuses the field's mapping, whatever the rows). */
export interface FieldProblem {
  message: string;
  failing: number;
  of: number;
}

export function fieldProblem(preview: MappingPreview | undefined, destination: string): FieldProblem | undefined {
  if (preview?.outcome === "refused") return mentions(preview.message, destination) ? { message: preview.message, failing: 0, of: 0 } : undefined;
  if (preview?.outcome !== "previewed") return undefined;
  const failingRows = preview.rows.map((row) => errorsFor(destination, row.errors)).filter((errors) => errors.length > 0);
  return failingRows.length ? { message: failingRows[0][0], failing: failingRows.length, of: preview.rows.length } : undefined;
}

/** A field that fails on every sample row (or that the service refuses): a run would fail its rows the same way. */
export const neverFits = (problem?: FieldProblem) => !!problem && problem.failing === problem.of;

/** A field's problem in words: the first row error, and on how many of the sample rows it fails. */
export const problemText = (problem: FieldProblem) => `${problem.message}${problem.of > 1 ? ` (${problem.failing} of the ${problem.of} sample rows fail)` : ""}`;

/** The preview of the mappings, asked again a moment after they change; undefined while it is asked. */
export function useMappingPreview(session: Session, target: TargetSchema, mappings: MappingRow[], sample: TableSample): MappingPreview | undefined {
  const [preview, setPreview] = useState<MappingPreview>();
  const key = JSON.stringify([target, mappings]);
  useEffect(() => {
    let live = true;
    setPreview(undefined);
    const timer = window.setTimeout(() => {
      const asked = mappings.length ? previewMapping(session, target, mappings, sample) : Promise.resolve<MappingPreview>({ outcome: "previewed", rows: [] });
      void asked.then((answer) => live && setPreview(answer));
    }, 500);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, session, sample]);
  return preview;
}
