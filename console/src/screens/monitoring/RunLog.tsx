import type { RunLogLine } from "../../api/runs";

/** A run's own log lines: time, attempt, level and message. */
export function RunLog({ lines }: { lines: RunLogLine[] }) {
  return (
    <>
      <h3>Log</h3>
      {lines.length === 0 ? (
        <p className="hint">No lines yet.</p>
      ) : (
        <pre className="scroll run-log" tabIndex={0} aria-label="Run log">
          {lines.map((line) => `${new Date(line.timestamp).toISOString()} attempt ${line.attempt} ${line.level} ${line.message}`).join("\n")}
        </pre>
      )}
    </>
  );
}
