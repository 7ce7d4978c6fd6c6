import { createContext, useContext } from "react";
import { usePolling } from "../../components/usePolling";

/** the intervals a user may pick for Monitoring's refreshing, the first by default; undefined pauses it */
export const REFRESH_CHOICES: ReadonlyArray<{ label: string; everyMs: number | undefined }> = [
  { label: "every 2 seconds", everyMs: 2_000 },
  { label: "every 10 seconds", everyMs: 10_000 },
  { label: "every 30 seconds", everyMs: 30_000 },
  { label: "paused", everyMs: undefined },
];

export interface AutoRefresh {
  /** how often Monitoring's panels read again; undefined while paused */
  everyMs: number | undefined;
  /** counts the user's "Refresh now": each one reads every panel at once */
  asked: number;
  /** a panel read its data */
  refreshed(): void;
}

export const AutoRefreshContext = createContext<AutoRefresh>({ everyMs: REFRESH_CHOICES[0].everyMs, asked: 0, refreshed: () => {} });

/**
 * A Monitoring panel's polling, at the interval the user picked (none while paused), and at once on "Refresh now". `load` answers
 * whether it read: a reading that failed does not count as the last refresh.
 */
export function useMonitoringPolling(load: () => Promise<boolean>, deps: unknown[]): void {
  const { everyMs, asked, refreshed } = useContext(AutoRefreshContext);
  usePolling(
    async () => {
      if (await load()) refreshed();
    },
    everyMs,
    [asked, ...deps],
  );
}
