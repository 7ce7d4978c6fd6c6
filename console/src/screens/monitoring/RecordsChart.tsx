import type { Run } from "../../api/runs";

const WIDTH = 900;
const HEIGHT = 160;

/** Ingested and failed records per run, oldest on the left, as stacked bars (SVG, no library). */
export function RecordsChart({ runs }: { runs: Run[] }) {
  const shown = runs.slice(-40);
  const totals = shown.map((r) => (r.metrics.recordSummary.outputRecordCount ?? 0) + (r.metrics.recordSummary.failedRecordCount ?? 0));
  const max = Math.max(1, ...totals);
  const slot = WIDTH / Math.max(shown.length, 1);
  const bar = Math.max(2, Math.min(40, slot * 0.7));
  const height = (n: number) => (n / max) * (HEIGHT - 20);
  return (
    <figure>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" height={HEIGHT} role="img" aria-label={`Records per run: ${totals.map((total, i) => `run ${i + 1} ${total}`).join(", ")}`}>
        <line x1="0" y1={HEIGHT - 1} x2={WIDTH} y2={HEIGHT - 1} stroke="#5f6873" />
        {shown.map((run, i) => {
          const ingested = run.metrics.recordSummary.outputRecordCount ?? 0;
          const failed = run.metrics.recordSummary.failedRecordCount ?? 0;
          const x = i * slot + (slot - bar) / 2;
          return (
            <g key={run.id}>
              <rect x={x} y={HEIGHT - 1 - height(ingested)} width={bar} height={height(ingested)} fill="#146c2e">
                <title>{`${run.id}: ${ingested} ingested`}</title>
              </rect>
              <rect x={x} y={HEIGHT - 1 - height(ingested) - height(failed)} width={bar} height={height(failed)} fill="#b3261e">
                <title>{`${run.id}: ${failed} failed`}</title>
              </rect>
            </g>
          );
        })}
        <text x="4" y="12" fontSize="11" fill="#1b1f24">
          {totals.every((total) => total === 0) ? "no records yet" : `${max.toLocaleString("en-US")} ${max === 1 ? "record" : "records"}`}
        </text>
      </svg>
      <figcaption className="hint">Records per run (green ingested, red failed), {shown.length === 1 ? "the only run" : `the last ${shown.length} runs`}.</figcaption>
    </figure>
  );
}
