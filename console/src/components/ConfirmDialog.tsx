import { useEffect, useRef, type ReactNode } from "react";

/** A modal question: the native <dialog> keeps focus inside it and closes on Escape; closed, it gives the focus back to what opened it. */
export function ConfirmDialog(props: { title: string; children: ReactNode; confirm: string; confirmDisabled?: boolean; onConfirm: () => void; onCancel: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    // the dialog leaves the page when it closes (the browser would focus <body>): focus goes back to what opened it
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    ref.current?.showModal();
    return () => opener?.focus();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby="confirm-title" onCancel={props.onCancel}>
      <h2 id="confirm-title">{props.title}</h2>
      {props.children}
      <div className="actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="primary danger" onClick={props.onConfirm} disabled={props.confirmDisabled}>
          {props.confirm}
        </button>
      </div>
    </dialog>
  );
}
