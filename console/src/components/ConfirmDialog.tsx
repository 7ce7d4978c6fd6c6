import { useEffect, useRef, type ReactNode } from "react";

/** A modal question: the native <dialog> keeps focus inside it and closes on Escape. */
export function ConfirmDialog(props: { title: string; children: ReactNode; confirm: string; confirmDisabled?: boolean; onConfirm: () => void; onCancel: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
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
