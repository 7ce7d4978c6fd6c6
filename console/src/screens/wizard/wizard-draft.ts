/**
 * The wizard's answers kept for the browser tab's session (sessionStorage), so that browser Back and
 * Forward, a visit to another screen or a reload resume where the user was; the step is in the URL
 * (#/new-dataflow/mapping). Nothing secret is in them: ids, names, mappings, the table's sample rows
 * (numbers kept exact). A draft of another client, org or sandbox is not resumed.
 */
import { jsonText, parseExact } from "../../api/lossless-json";
import type { XdmField } from "../../api/platform";
import type { Session } from "../../api/session";
import type { CreatedSoFar } from "./created-so-far";
import type { DatasetChoice, DatasetDraft } from "./DatasetStep";
import type { Assignment, MappingDraft } from "./mapping-draft";
import type { ScheduleDraft } from "./ScheduleStep";
import type { SourceDraft } from "./SourceStep";
import type { WizardState } from "./Wizard";

const KEY = "databricks-source-wizard-draft";

export const STEP_PATHS = ["source", "dataset", "mapping", "schedule", "review"] as const;

/** Each step's form as the user left it. */
export interface Drafts {
  /** the table chosen, Next or not */
  source?: SourceDraft;
  dataset?: DatasetDraft;
  mapping?: MappingDraft;
  schedule?: ScheduleDraft;
}

export interface WizardDraft {
  state: WizardState;
  drafts: Drafts;
  made: CreatedSoFar;
}

interface Stored {
  owner: string;
  state: Omit<WizardState, "preview">;
  /** the table preview as JSON with its numbers' digits */
  preview?: string;
  /** a new schema's fields of the columns as JSON with their numbers' digits (a BIGINT field's bounds, as explore wrote them) */
  columnFields?: string;
  source?: SourceDraft;
  dataset?: Omit<DatasetDraft, "fieldGroups"> & { fieldGroups: string[] };
  mapping?: { targetFields: string[]; assignments: Array<[string, Assignment]>; sourceKeys?: string[] };
  schedule?: ScheduleDraft;
  made: CreatedSoFar;
}

const ownerOf = (session: Session) => JSON.stringify([session.clientId, session.org, session.sandbox]);

export function saveWizardDraft(session: Session, { state, drafts, made }: WizardDraft): void {
  const { preview, ...answers } = state;
  const { source, dataset, mapping, schedule } = drafts;
  const newSchema = answers.dataset?.kind === "new-schema" ? answers.dataset : undefined;
  const columnFields = newSchema?.columnFields;
  const stored: Stored = {
    owner: ownerOf(session),
    // the column fields are kept beside the answers, in their own exact JSON
    state: newSchema ? { ...answers, dataset: { ...newSchema, columnFields: undefined } } : answers,
    preview: preview && jsonText(preview),
    columnFields: columnFields && jsonText(columnFields),
    source,
    dataset: dataset && { ...dataset, fieldGroups: [...dataset.fieldGroups] },
    mapping: mapping && { targetFields: [...mapping.targetFields], assignments: [...mapping.assignments], sourceKeys: [...(mapping.sourceKeys ?? [])] },
    schedule,
    made,
  };
  sessionStorage.setItem(KEY, JSON.stringify(stored));
}

export function loadWizardDraft(session: Session): WizardDraft | undefined {
  const text = sessionStorage.getItem(KEY);
  if (!text) return undefined;
  try {
    const stored = JSON.parse(text) as Stored;
    if (stored.owner !== ownerOf(session)) return undefined;
    const { dataset, mapping } = stored;
    return {
      state: { ...stored.state, dataset: withColumnFields(stored.state.dataset, stored.columnFields), preview: stored.preview ? (parseExact(stored.preview) as WizardState["preview"]) : undefined },
      drafts: {
        source: stored.source,
        dataset: dataset && { ...dataset, fieldGroups: new Set(dataset.fieldGroups) },
        mapping: mapping && { targetFields: new Set(mapping.targetFields), assignments: new Map(mapping.assignments), sourceKeys: new Set(mapping.sourceKeys) },
        schedule: stored.schedule,
      },
      made: stored.made ?? {},
    };
  } catch {
    return undefined; // a draft of an older console: start afresh
  }
}

/** The dataset choice as saved, a new schema's fields of the columns read again with their numbers exact (ExactNumber, which JSON.stringify writes as an object). */
function withColumnFields(dataset: DatasetChoice | undefined, columnFields: string | undefined): DatasetChoice | undefined {
  if (dataset?.kind !== "new-schema" || columnFields === undefined) return dataset;
  return { ...dataset, columnFields: parseExact(columnFields) as Record<string, XdmField> };
}

export const clearWizardDraft = () => sessionStorage.removeItem(KEY);

/** The furthest step the answers so far reach: a step's URL beyond it shows this one instead. */
export function reachableStep(state: WizardState): number {
  if (!state.table || !state.preview) return 0;
  if (!state.dataset) return 1;
  if (!state.mappings) return 2;
  if (!state.schedule) return 3;
  return 4;
}
