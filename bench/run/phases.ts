/**
 * Where a run's time went, from its own log (GET /runs/{id}/logs): every phase line opens a phase
 * that lasts until the next one; before the first, the wait from the flow's creation to the claim;
 * the last lasts until "run succeeded".
 */
import { call, FS } from "../../test/support/aep-calls.js";
import type { TestSystem } from "../../test/support/system.js";
import { RUN_PHASES } from "../../src/runs/run-log.js";

export interface PhaseTime {
  name: string;
  ms: number;
}

interface LogLine {
  timestamp: number;
  message: string;
}

const PHASE_LINE = new RegExp(`^(${RUN_PHASES.join("|")}): `);

/** The phases of a run's last attempt, beginning with `dispatch` (created → claimed) from `createdAt`. */
export function phasesOf(lines: readonly LogLine[], createdAt: number): PhaseTime[] {
  const claimed = [...lines].reverse().find((l) => /^attempt \d+ of \d+ started/.test(l.message));
  const succeeded = [...lines].reverse().find((l) => l.message.startsWith("run succeeded"));
  if (!claimed || !succeeded) throw new Error(`the run's log has no claim or no success:\n${lines.map((l) => l.message).join("\n")}`);
  const marks = [
    { name: "dispatch", at: createdAt },
    { name: "claim", at: claimed.timestamp },
    ...lines.filter((l) => l.timestamp >= claimed.timestamp && PHASE_LINE.test(l.message)).map((l) => ({ name: PHASE_LINE.exec(l.message)![1], at: l.timestamp })),
  ];
  const phases = marks.map((mark, i) => ({ name: mark.name, ms: (marks[i + 1]?.at ?? succeeded.timestamp) - mark.at }));
  // a phase entered twice (it cannot today) would be counted once, summed
  const merged = new Map<string, number>();
  for (const p of phases) merged.set(p.name, (merged.get(p.name) ?? 0) + p.ms);
  return [...merged].map(([name, ms]) => ({ name, ms }));
}

export async function runPhases(system: TestSystem, runId: string, createdAt: number): Promise<PhaseTime[]> {
  return phasesOf(await runLog(system, runId), createdAt);
}

export async function runLog(system: TestSystem, runId: string): Promise<LogLine[]> {
  const reply = await call(system, "GET", `${FS}/runs/${runId}/logs`);
  if (reply.status !== 200) throw new Error(`logs of run ${runId}: ${reply.status} ${reply.text}`);
  return reply.body.items as LogLine[];
}

/** How the run's rows were mapped, from its batch's log line: staged files renamed (rename-fast-path.ts), or row by row. */
export function mappingPath(lines: readonly LogLine[]): string {
  const recorded = lines.find((l) => l.message.startsWith("committing: "))?.message ?? "";
  const renamed = /; (\d+) data files are the staged files renamed/.exec(recorded);
  return renamed ? `${renamed[1]} staged file(s) renamed into the dataset (a pure rename)` : "rows mapped and validated one by one (not a pure rename)";
}

/** `dispatch 3% · exporting 41% · …` of the whole. */
export function formatShares(phases: readonly PhaseTime[]): string {
  const total = phases.reduce((s, p) => s + p.ms, 0);
  return phases.map((p) => `${p.name} ${(p.ms / 1000).toFixed(2)} s (${((100 * p.ms) / total).toFixed(0)}%)`).join(" · ");
}
