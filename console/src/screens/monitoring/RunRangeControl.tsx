import { RUN_RANGES, type RunRange } from "./run-range";

/** The span of time Monitoring shows runs of, and what that takes in. */
export function RunRangeControl({ span, onSpan }: { span: RunRange; onSpan: (span: RunRange) => void }) {
  return (
    <div className="copy-row">
      <label className="inline">
        Runs of the
        <select value={RUN_RANGES.indexOf(span)} onChange={(event) => onSpan(RUN_RANGES[Number(event.target.value)])}>
          {RUN_RANGES.map((range, index) => (
            <option key={range.label} value={index}>
              {range.label}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">The runs that started, ran or ended in that time, and every run still waiting to run, whatever its age.</p>
    </div>
  );
}
