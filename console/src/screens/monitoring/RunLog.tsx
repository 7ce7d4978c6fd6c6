/** A run's own log lines, in whatever list shape the service answers (items, lines, data or a bare array). */
export function RunLog({ log }: { log: unknown }) {
  const lines = linesOf(log);
  return (
    <>
      <h3>Log</h3>
      {lines.length === 0 ? (
        <p className="hint">No lines yet.</p>
      ) : (
        <pre className="scroll" tabIndex={0} aria-label="Run log">
          {lines.join("\n")}
        </pre>
      )}
    </>
  );
}

function linesOf(log: unknown): string[] {
  const list = Array.isArray(log) ? log : ["items", "lines", "data"].map((k) => (log as Record<string, unknown>)?.[k]).find(Array.isArray) ?? [];
  return (list as unknown[]).map((line) => {
    if (typeof line !== "object" || line === null) return String(line);
    const { time, at, timestamp, attempt, level, phase, message, ...rest } = line as Record<string, unknown>;
    const stamp = time ?? at ?? timestamp;
    const head = [stamp && (typeof stamp === "number" ? new Date(stamp).toISOString() : String(stamp)), attempt !== undefined && `attempt ${attempt}`, level, phase].filter(Boolean).join(" ");
    return `${head} ${message ?? JSON.stringify(rest)}`;
  });
}
