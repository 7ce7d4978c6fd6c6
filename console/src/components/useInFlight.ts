import { useCallback, useRef, useState } from "react";

/**
 * Which actions have a request in flight, by key (a run's id, a flow's id…): their buttons are
 * disabled until it is answered, so a double click sends one request, not two (the second one
 * refused, its error shown beside the first one's success). A ref guards the same tick as well,
 * before React has disabled the button.
 */
export function useInFlight() {
  const running = useRef(new Set<string>());
  const [, setShown] = useState(0);
  const busy = useCallback((key = "") => running.current.has(key), []);
  const run = useCallback(async (key: string, action: () => Promise<void>) => {
    if (running.current.has(key)) return;
    running.current.add(key);
    setShown((n) => n + 1);
    try {
      await action();
    } finally {
      running.current.delete(key);
      setShown((n) => n + 1);
    }
  }, []);
  return { busy, run };
}
