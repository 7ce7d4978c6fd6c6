import { useRef, useState } from "react";
import type { TablePreview } from "../../api/flowservice";
import type { MappingRow, Schedule } from "../../api/platform";
import type { Session } from "../../api/session";
import type { CreatedSoFar } from "./created-so-far";
import { type DatasetChoice, type DatasetDraft, DatasetStep } from "./DatasetStep";
import type { MappingDraft } from "./mapping-draft";
import { MappingStep } from "./MappingStep";
import { ReviewStep } from "./ReviewStep";
import { type ScheduleDraft, ScheduleStep } from "./ScheduleStep";
import { SourceStep } from "./SourceStep";

export interface WizardState {
  connectionId?: string;
  /** the connection's spec: its source connection names the same one */
  connectionSpecId?: string;
  table?: string;
  preview?: TablePreview;
  dataset?: DatasetChoice;
  mappings?: MappingRow[];
  schedule?: Schedule;
}

/**
 * Each step's form as the user left it, by Back or Next: a step shows it again when the user comes back,
 * instead of starting afresh. The source step's answer is its whole form, kept in WizardState.
 */
interface Drafts {
  dataset?: DatasetDraft;
  mapping?: MappingDraft;
  schedule?: ScheduleDraft;
}

const STEPS = ["Source table", "Dataset", "Mapping", "Scheduling", "Review"] as const;

/** Table → dataset → mapping → schedule → review: everything a dataflow needs, created at Finish. */
export function Wizard({ session }: { session: Session }) {
  const [step, setStep] = useState(0);
  const [state, setState] = useState<WizardState>({});
  const [drafts, setDrafts] = useState<Drafts>({});
  /** what a Finish created: kept here, as Back closes the Review step, so a later Finish reuses it */
  const made = useRef<CreatedSoFar>({});
  const next = (answer: Partial<WizardState>, draft: Partial<Drafts> = {}) => {
    setState((current) => ({ ...current, ...answer }));
    setDrafts((current) => ({ ...current, ...draft }));
    setStep((s) => s + 1);
  };
  const back = (draft: Partial<Drafts> = {}) => {
    setDrafts((current) => ({ ...current, ...draft }));
    setStep((s) => Math.max(0, s - 1));
  };

  return (
    <section aria-labelledby="wizard-title">
      <h1 id="wizard-title">New dataflow</h1>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((title, i) => (
          <li key={title} aria-current={i === step ? "step" : undefined}>
            {i + 1}. {title}
          </li>
        ))}
      </ol>
      {step === 0 && <SourceStep session={session} initial={state} onNext={next} />}
      {step === 1 && <DatasetStep session={session} table={state.table!} draft={drafts.dataset} onBack={(dataset) => back({ dataset })} onNext={(dataset, draft) => next({ dataset }, { dataset: draft })} />}
      {step === 2 && <MappingStep session={session} state={state} draft={drafts.mapping} onBack={(mapping) => back({ mapping })} onNext={(mappings, mapping) => next({ mappings }, { mapping })} />}
      {step === 3 && (
        <ScheduleStep columns={state.preview!.schema.columns} draft={drafts.schedule} onBack={(schedule) => back({ schedule })} onNext={(schedule, draft) => next({ schedule }, { schedule: draft })} />
      )}
      {step === 4 && <ReviewStep session={session} state={state as Required<WizardState>} made={made.current} onBack={() => back()} />}
    </section>
  );
}
