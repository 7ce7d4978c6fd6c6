import { useEffect, useRef } from "react";

/**
 * Calls `load` now and every `everyMs` while the component is shown (and the tab visible); with
 * `everyMs` undefined (refreshing paused), only now. A change of `deps` or `everyMs` loads at once.
 */
export function usePolling(load: () => Promise<void>, everyMs: number | undefined, deps: unknown[]): void {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const tick = async () => {
      if (document.visibilityState === "visible") await latest.current().catch(() => {});
      if (!stopped && everyMs !== undefined) timer = window.setTimeout(tick, everyMs);
    };
    void tick();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [everyMs, ...deps]);
}
