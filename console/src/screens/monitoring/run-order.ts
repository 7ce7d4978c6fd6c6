/** The order Monitoring shows a flow's runs in: by window, as the flow runs them. */

/** the fields of a run the order reads */
export interface WindowFacts {
  id: string;
  createdAt: number;
  activities?: Array<{ id: string; statusSummary?: { extensions?: { sequence?: number } } }>;
}

/** the window's number (copyActivity's `sequence`): a flow's windows run in its order, whatever instant their runs were created in */
export const windowNumber = (run: WindowFacts) => run.activities?.find((a) => a.id === "copyActivity")?.statusSummary?.extensions?.sequence;

/**
 * Oldest window first. Catch-up windows (after a flow is enabled again, or missed while the service
 * was down) are created in one instant, so creation time does not order them; the window number does
 * (a window's end can be open, 0, so it is no order either).
 */
export function inWindowOrder<T extends WindowFacts>(runs: Iterable<T>): T[] {
  return [...runs].sort((a, b) => (windowNumber(a) ?? Infinity) - (windowNumber(b) ?? Infinity) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
