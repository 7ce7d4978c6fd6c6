/**
 * The wizard's answers kept for the browser tab's session (sessionStorage), so that browser Back and
 * Forward, a visit to another screen or a reload resume where the user was; the step is in the URL
 * (#/new-dataflow/mapping). Nothing secret is in them: ids, names, mappings, the table's sample rows
 * (numbers kept exact). A draft of another client, org or sandbox is not resumed.
 */
import { ExactNumber } from "../../api/lossless-json";
import type { Session } from "../../api/session";
import type { CreatedSoFar } from "./created-so-far";
import type { DatasetDraft } from "./DatasetStep";
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
  state: WizardState;
  source?: SourceDraft;
  dataset?: Omit<DatasetDraft, "fieldGroups"> & { fieldGroups: string[] };
  mapping?: { targetFields: string[]; assignments: Array<[string, Assignment]>; sourceKeys?: string[] };
  schedule?: ScheduleDraft;
  made: CreatedSoFar;
}

const ownerOf = (session: Session) => JSON.stringify([session.clientId, session.org, session.sandbox]);

/**
 * An exact number (the sample rows' values, a BIGINT field's bounds) as the stored draft keeps it: its digits under this key, read back
 * as the ExactNumber it was, where JSON.stringify would write its fields and JSON.parse leave them an object
 */
const EXACT = "$exactNumber";
const keptExact = (_key: string, value: unknown) => (value instanceof ExactNumber ? { [EXACT]: value.text } : value);
const readExact = (_key: string, value: unknown) => {
  const digits = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[EXACT] : undefined;
  return typeof digits === "string" ? new ExactNumber(digits) : value;
};

export function saveWizardDraft(session: Session, { state, drafts, made }: WizardDraft): void {
  const { source, dataset, mapping, schedule } = drafts;
  const stored: Stored = {
    owner: ownerOf(session),
    state,
    source,
    dataset: dataset && { ...dataset, fieldGroups: [...dataset.fieldGroups] },
    mapping: mapping && { targetFields: [...mapping.targetFields], assignments: [...mapping.assignments], sourceKeys: [...(mapping.sourceKeys ?? [])] },
    schedule,
    made,
  };
  sessionStorage.setItem(KEY, JSON.stringify(stored, keptExact));
}

export function loadWizardDraft(session: Session): WizardDraft | undefined {
  const text = sessionStorage.getItem(KEY);
  if (!text) return undefined;
  try {
    const stored = JSON.parse(text, readExact) as Stored;
    if (stored.owner !== ownerOf(session)) return undefined;
    const { dataset, mapping } = stored;
    return {
      state: stored.state,
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

export const clearWizardDraft = () => sessionStorage.removeItem(KEY);

/** The furthest step the answers so far reach: a step's URL beyond it shows this one instead. */
export function reachableStep(state: WizardState): number {
  if (!state.table || !state.preview) return 0;
  if (!state.dataset) return 1;
  if (!state.mappings) return 2;
  if (!state.schedule) return 3;
  return 4;
}
