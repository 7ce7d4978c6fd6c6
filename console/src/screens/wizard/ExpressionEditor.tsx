import { useEffect, useState } from "react";
import { messageOf } from "../../api/client";
import { hasRoute } from "../../api/capabilities";
import { validateExpression } from "../../api/platform";
import type { Session } from "../../api/session";

const VALIDATE = "/data/foundation/conversion/languages/el/validate";

export type Validation = { state: "unchecked" | "checking" | "valid" | "invalid"; message?: string };

/** A calculated field's expression, checked by the service as you type (after a short pause), over the first sample row. */
export function ExpressionEditor(props: { session: Session; id: string; label: string; value: string; sampleRow?: Record<string, unknown>; onChange: (value: string, validation: Validation) => void }) {
  const { session, value, sampleRow } = props;
  const [validation, setValidation] = useState<Validation>({ state: "unchecked" });
  const [offered, setOffered] = useState<boolean>();
  useEffect(() => void hasRoute("POST", VALIDATE).then(setOffered), []);

  useEffect(() => {
    if (!offered || !value.trim()) return;
    let live = true;
    setValidation({ state: "checking" });
    const timer = window.setTimeout(async () => {
      try {
        const answer = await validateExpression(session, value, sampleRow);
        const result = answer.result === undefined ? "" : `; on the first row: ${JSON.stringify(answer.result)}`;
        if (live) update({ state: "valid", message: `valid, gives ${answer.resultType ?? "a value"}${result}` });
      } catch (caught) {
        if (live) update({ state: "invalid", message: messageOf(caught) });
      }
    }, 400);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, offered, session, sampleRow]);

  const update = (next: Validation) => {
    setValidation(next);
    props.onChange(value, next);
  };
  const statusId = `${props.id}-status`;
  return (
    <div>
      <label htmlFor={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        rows={2}
        maxLength={4096}
        spellCheck={false}
        value={value}
        aria-describedby={statusId}
        aria-invalid={validation.state === "invalid"}
        onChange={(e) => props.onChange(e.target.value, { state: "unchecked" })}
        placeholder='concat(upper(name), " ", id)'
      />
      <p id={statusId} role="status" className={validation.state === "invalid" ? "bad" : validation.state === "valid" ? "good" : "hint"}>
        {offered === false
          ? "This service does not check expressions as you type; the mapping is checked when the dataflow is created."
          : validation.state === "checking"
            ? "Checking…"
            : validation.state === "valid"
              ? `✓ ${validation.message}`
              : validation.state === "invalid"
                ? `✗ ${validation.message}`
                : ""}
      </p>
    </div>
  );
}
