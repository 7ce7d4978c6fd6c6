import { ChoiceSelect } from "../../components/ChoiceSelect";
import { RUN_RANGES, type RunRange } from "./run-range";

/** The span of time Monitoring shows runs of, and what that takes in. */
export function RunRangeControl({ span, onSpan }: { span: RunRange; onSpan: (span: RunRange) => void }) {
  return (
    <div className="copy-row">
      <ChoiceSelect label="Runs of the" choices={RUN_RANGES} chosen={RUN_RANGES.indexOf(span)} onChoose={(index) => onSpan(RUN_RANGES[index])} />
      <p className="hint">The runs that started, ran or ended in that time, and every run still waiting to run, whatever its age.</p>
    </div>
  );
}
