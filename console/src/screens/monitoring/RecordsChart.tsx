import type { Run } from "../../api/runs";
import { runCounts } from "./run-counts";
import { hasEnded } from "./run-health";
import { statusWords } from "../../components/format";

const WIDTH = 900;
const HEIGHT = 160;
/** the height of the outline standing for a run whose counts are not known yet */
const PENDING_HEIGHT = 8;

/**
 * Ingested and failed records per run, oldest on the left, as stacked bars (SVG, no library). A run
 * that has not ended has no counts yet: it is an outline, not a bar of 0.
 */
export function RecordsChart({ runs }: { runs: Run[] }) {
  const shown = runs.slice(-40);
  const counts = shown.map((run) => ({ run, ended: hasEnded(run), ingested: runCounts(run).ingested ?? 0, failed: runCounts(run).failed ?? 0 }));
  const totals = counts.filter((c) => c.ended).map((c) => c.ingested + c.failed);
  const max = Math.max(1, ...totals);
  const slot = WIDTH / Math.max(shown.length, 1);
  const bar = Math.max(2, Math.min(40, slot * 0.7));
  const height = (n: number) => (n / max) * (HEIGHT - 20);
  const described = counts.map((c, i) => `run ${i + 1} ${c.ended ? c.ingested + c.failed : "not ended"}`).join(", ");
  return (
    <figure>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" height={HEIGHT} role="img" aria-label={`Records per run: ${described}`}>
        <line x1="0" y1={HEIGHT - 1} x2={WIDTH} y2={HEIGHT - 1} stroke="#5f6873" />
        {counts.map(({ run, ended, ingested, failed }, i) => {
          const x = i * slot + (slot - bar) / 2;
          if (!ended) {
            return (
              <rect key={run.id} x={x} y={HEIGHT - 1 - PENDING_HEIGHT} width={bar} height={PENDING_HEIGHT} fill="none" stroke="#5f6873" strokeDasharray="3 2">
                <title>{`${run.id}: ${statusWords(run.metrics.statusSummary.status)}, its records are counted when it ends`}</title>
              </rect>
            );
          }
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
          {totals.length === 0 ? "no run has ended yet" : totals.every((total) => total === 0) ? "no records yet" : `${max.toLocaleString("en-US")} ${max === 1 ? "record" : "records"}`}
        </text>
      </svg>
      <figcaption className="hint">
        Records per run (green ingested, red failed, an outline while a run has not ended), {shown.length === 1 ? "the only run" : `the last ${shown.length} runs`}.
      </figcaption>
    </figure>
  );
}
