import { useState } from "react";
import type { TablePreview } from "../../api/flowservice";
import type { MappingRow, Schedule } from "../../api/platform";
import type { Session } from "../../api/session";
import { DatasetStep, type DatasetChoice } from "./DatasetStep";
import { MappingStep } from "./MappingStep";
import { ReviewStep } from "./ReviewStep";
import { ScheduleStep } from "./ScheduleStep";
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

const STEPS = ["Source table", "Dataset", "Mapping", "Scheduling", "Review"] as const;

/** Table → dataset → mapping → schedule → review: everything a dataflow needs, created at Finish. */
export function Wizard({ session }: { session: Session }) {
  const [step, setStep] = useState(0);
  const [state, setState] = useState<WizardState>({});
  const next = (patch: Partial<WizardState>) => {
    setState((current) => ({ ...current, ...patch }));
    setStep((s) => s + 1);
  };
  const back = () => setStep((s) => Math.max(0, s - 1));

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
      {step === 1 && <DatasetStep session={session} initial={state.dataset} table={state.table!} onBack={back} onNext={(dataset) => next({ dataset })} />}
      {step === 2 && <MappingStep session={session} state={state} onBack={back} onNext={(mappings) => next({ mappings })} />}
      {step === 3 && <ScheduleStep columns={state.preview!.schema.columns} initial={state.schedule} onBack={back} onNext={(schedule) => next({ schedule })} />}
      {step === 4 && <ReviewStep session={session} state={state as Required<WizardState>} onBack={back} />}
    </section>
  );
}
