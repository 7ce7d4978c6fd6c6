import { useEffect, useRef } from "react";

/** the form that asks before it is left, while one is shown */
let guarded: { here: string; changed: () => boolean; ask: (leave: () => void) => void } | undefined;
/** an address change the user confirmed: it goes on to the screens */
let letGo = false;

// Listeners on the window run in the order they were added: this one, added as the console's code loads, runs before the screens'
// own (App, Monitoring), which would close the form, and stops them while it holds the change.
window.addEventListener("hashchange", (event) => {
  if (!guarded || letGo || !guarded.changed()) {
    letGo = false;
    return;
  }
  event.stopImmediatePropagation();
  const to = window.location.hash;
  window.history.pushState(null, "", guarded.here);
  guarded.ask(() => {
    letGo = true;
    window.location.hash = to;
  });
});

/**
 * Leaving a form with unsaved changes by its address (the browser's Back, a menu link) asks first, as its Cancel does: the address
 * change is held, the form's address put back, and `ask` is given the way to leave after all. Closing or reloading the tab gets the
 * browser's own question.
 */
export function useLeaveGuard(changed: () => boolean, ask: (leave: () => void) => void): void {
  const latest = useRef({ changed, ask });
  latest.current = { changed, ask };
  useEffect(() => {
    const form = { here: window.location.hash, changed: () => latest.current.changed(), ask: (leave: () => void) => latest.current.ask(leave) };
    guarded = form;
    const onUnload = (event: BeforeUnloadEvent) => {
      if (form.changed()) event.preventDefault();
    };
    window.addEventListener("beforeunload", onUnload);
    return () => {
      if (guarded === form) guarded = undefined;
      window.removeEventListener("beforeunload", onUnload);
    };
  }, []);
}
