import { useEffect, useRef, useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import type { TablePreview } from "../../api/flowservice";
import type { MappingRow, Schedule } from "../../api/platform";
import type { Session } from "../../api/session";
import type { CreatedSoFar } from "./created-so-far";
import { type DatasetChoice, DatasetStep } from "./DatasetStep";
import { MappingStep } from "./MappingStep";
import { ReviewStep } from "./ReviewStep";
import { ScheduleStep } from "./ScheduleStep";
import { SourceStep } from "./SourceStep";
import { clearWizardDraft, type Drafts, loadWizardDraft, reachableStep, saveWizardDraft, STEP_PATHS } from "./wizard-draft";
import type { SampleOutcome } from "./sample-verdict";

export interface WizardState {
  connectionId?: string;
  /** the connection's spec: its source connection names the same one */
  connectionSpecId?: string;
  table?: string;
  preview?: TablePreview;
  dataset?: DatasetChoice;
  mappings?: MappingRow[];
  /** how many of the sample rows the mapping failed, when it was previewed */
  sample?: SampleOutcome;
  schedule?: Schedule;
  /** the step the user was at last: where coming back to the wizard resumes */
  step?: number;
}

const STEPS = ["Source table", "Dataset", "Mapping", "Scheduling", "Review"] as const;

const hashOf = (step: number) => `#/new-dataflow/${STEP_PATHS[step]}`;
/** the step the URL names, or undefined for #/new-dataflow alone */
const stepInUrl = () => {
  const part = window.location.hash.replace(/^#\/?new-dataflow\/?/, "").split("?")[0];
  const step = (STEP_PATHS as readonly string[]).indexOf(part);
  return step < 0 ? undefined : step;
};

/**
 * Table → dataset → mapping → schedule → review: everything a dataflow needs, created at Finish.
 * Each step has its URL, so browser Back and Forward move between steps; the answers, and each
 * step's form as the user left it, are kept for the session (wizard-draft.ts) until Start over or a
 * successful Finish.
 */
export function Wizard({ session }: { session: Session }) {
  const [saved] = useState(() => loadWizardDraft(session));
  const [state, setState] = useState<WizardState>(saved?.state ?? {});
  const [drafts, setDrafts] = useState<Drafts>(saved?.drafts ?? {});
  /** what a Finish created: kept here, as Back closes the Review step, so a later Finish reuses it */
  const made = useRef<CreatedSoFar>(saved?.made ?? {});
  /** each step's form as the step reports it while the user edits: saved at once, shown when the step opens again */
  const editing = useRef<Drafts>({});
  /** a new generation of the steps' forms after Start over */
  const [generation, setGeneration] = useState(0);
  const finished = useRef(false);
  const [asked, setAsked] = useState(() => stepInUrl() ?? saved?.state.step ?? 0);
  const step = Math.min(asked, reachableStep(state));
  const shown = useRef(step);
  shown.current = step;
  const [askingStartOver, setAskingStartOver] = useState(false);
  /** the step's heading, focused when the step changes: the keyboard goes on from the new step, not from <body> */
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const focusedFor = useRef({ step, generation: 0 });

  const save = (next: { state?: WizardState; drafts?: Drafts } = {}) => {
    if (!finished.current) saveWizardDraft(session, { state: next.state ?? state, drafts: { ...(next.drafts ?? drafts), ...editing.current }, made: made.current });
  };
  const startOver = () => {
    setAskingStartOver(false);
    clearWizardDraft();
    finished.current = false;
    editing.current = {};
    made.current = {};
    setState({});
    setDrafts({});
    setGeneration((g) => g + 1);
    window.location.hash = hashOf(0);
  };

  useEffect(() => {
    const onHash = () => {
      const inWizard = window.location.hash.startsWith("#/new-dataflow");
      if (finished.current) return inWizard ? startOver() : undefined; // the wizard again after a Finish: a new dataflow
      // the wizard's own link, #/new-dataflow, while it is open: the step it shows
      if (inWizard && stepInUrl() === undefined) window.history.replaceState(null, "", hashOf(shown.current));
      // the step left behind keeps what the user typed there
      setDrafts((current) => ({ ...current, ...editing.current }));
      setAsked((current) => stepInUrl() ?? current);
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // the URL names the step shown: one beyond the answers so far, or none, becomes the step shown (also
  // when the step shown stays the same, as after Back to the URL of a step Start over left unanswered)
  useEffect(() => {
    if (stepInUrl() !== step) window.history.replaceState(null, "", hashOf(step));
    setAsked(step);
    if (state.step !== step) setState((current) => ({ ...current, step }));
  }, [asked, step, state.step]);
  useEffect(() => {
    // the wizard just opened: the focus stays where the page put it
    if (focusedFor.current.step === step && focusedFor.current.generation === generation) return;
    focusedFor.current = { step, generation };
    stepHeading.current?.focus();
  }, [step, generation]);
  useEffect(save, [state, drafts]); // eslint-disable-line react-hooks/exhaustive-deps

  const next = (answer: Partial<WizardState>, draft: Partial<Drafts> = {}) => {
    setState((current) => {
      const changed = { ...current, ...answer };
      // a new schema's fields were made of the table's columns: another table's dataset step is answered again
      const columnsChanged = answer.table !== undefined && answer.table !== current.table && current.dataset?.kind === "new-schema" && current.dataset.columnFields;
      return columnsChanged ? { ...changed, dataset: undefined } : changed;
    });
    setDrafts((current) => ({ ...current, ...draft }));
    window.location.hash = hashOf(step + 1);
  };
  const back = (draft: Partial<Drafts> = {}) => {
    setDrafts((current) => ({ ...current, ...draft }));
    window.location.hash = hashOf(Math.max(0, step - 1));
  };
  const editingStep = (kind: keyof Drafts) => (draft: Drafts[typeof kind]) => {
    editing.current = { ...editing.current, [kind]: draft };
    save();
  };

  return (
    <section aria-labelledby="wizard-title">
      <div className="copy-row">
        <h1 id="wizard-title">New dataflow</h1>
        <button type="button" onClick={() => setAskingStartOver(true)}>
          Start over
        </button>
      </div>
      {askingStartOver && (
        <ConfirmDialog title="Start over?" confirm="Discard and start over" onConfirm={startOver} onCancel={() => setAskingStartOver(false)}>
          <p>Every answer of this dataflow so far is discarded: the table chosen, the dataset, every mapping and calculated field, and the schedule. Nothing already created in the sandbox is removed.</p>
        </ConfirmDialog>
      )}
      <ol className="steps" aria-label="Steps">
        {STEPS.map((title, i) => (
          <li key={title} aria-current={i === step ? "step" : undefined}>
            {i + 1}. {title}
          </li>
        ))}
      </ol>
      <h2 id="wizard-step-title" ref={stepHeading} tabIndex={-1} className="step-title">
        Step {step + 1} of {STEPS.length}: {STEPS[step]}
      </h2>
      <div key={generation}>
        {step === 0 && <SourceStep session={session} initial={state} draft={drafts.source} onEdit={editingStep("source")} onNext={(answer, source) => next(answer, { source })} />}
        {step === 1 && (
          <DatasetStep session={session} table={state.table!} columns={state.preview!.schema.columns} draft={drafts.dataset} onEdit={editingStep("dataset")} onBack={(dataset) => back({ dataset })} onNext={(dataset, draft) => next({ dataset }, { dataset: draft })} />
        )}
        {step === 2 && <MappingStep session={session} state={state} draft={drafts.mapping} onEdit={editingStep("mapping")} onBack={(mapping) => back({ mapping })} onNext={(mappings, mapping, sample) => next({ mappings, sample }, { mapping })} />}
        {step === 3 && (
          <ScheduleStep
            columns={state.preview!.schema.columns}
            draft={drafts.schedule}
            onEdit={editingStep("schedule")}
            onBack={(schedule) => back({ schedule })}
            onNext={(schedule, draft) => next({ schedule }, { schedule: draft })}
          />
        )}
        {step === 4 && (
          <ReviewStep
            session={session}
            state={state as Required<WizardState>}
            made={made.current}
            onBack={() => back()}
            onFinished={(created) => {
              if (created) {
                clearWizardDraft();
                finished.current = true;
              } else save(); // what the failed Finish made, for the next one
            }}
          />
        )}
      </div>
    </section>
  );
}
