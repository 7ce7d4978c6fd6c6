import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { messageOf } from "../../api/client";
import { hasRoute } from "../../api/capabilities";
import { validateExpression } from "../../api/platform";
import type { Session } from "../../api/session";
import { checkConversion, type ConversionInput } from "./conversion-check";
import { resultText } from "./expression-result";
import { sparkTypeName } from "./result-type";
import { FunctionList } from "./FunctionList";
import { insertCall } from "./function-search";
import { neverFits, problemText } from "./mapping-preview";

const VALIDATE = "/data/foundation/conversion/languages/el/validate";

/**
 * "valid": the expression, and its values on every sample row converted into the destination field;
 * "unconfirmed": the expression is valid, but the conversion could not be checked (the message says why);
 * "partly": the expression is valid, its values fail on some sample rows only: a warning, as for a source column;
 * "invalid": the expression, or the conversion of its values on every sample row (`expressionValid` then).
 */
export type Validation = { state: "unchecked" | "checking" | "valid" | "unconfirmed" | "partly" | "invalid"; message?: string; expressionValid?: boolean };

/** Whether the service took the expression itself: what the mapped rows' preview (values before conversion) needs to evaluate it. */
export const expressionPassed = (validation?: Validation) => validation?.state === "valid" || validation?.state === "unconfirmed" || validation?.state === "partly" || !!validation?.expressionValid;

/**
 * A calculated field's expression, checked by the service as you type (after a short pause): the
 * expression over the first sample row, then its values converted into the destination field by the
 * service's mapping preview over the sample rows. Under it, the language's functions to search and
 * insert at the cursor.
 */
export function ExpressionEditor(props: {
  session: Session;
  id: string;
  label: string;
  /** the field the expression fills */
  destination: string;
  value: string;
  sampleRow?: Record<string, unknown>;
  conversion: ConversionInput;
  onChange: (value: string, validation: Validation) => void;
}) {
  const { session, value, sampleRow, destination, conversion } = props;
  const [validation, setValidation] = useState<Validation>({ state: "unchecked" });
  const [offered, setOffered] = useState<boolean>();
  useEffect(() => void hasRoute("POST", VALIDATE).then(setOffered), []);
  // the other mappings as text: a new array of the same mappings is no reason to check again, nor is this
  // field's own mapping, which joins them once this check passes (checkConversion puts the expression in its place)
  const conversionKey = JSON.stringify([conversion.target, conversion.mappings.filter((m) => m.destination !== destination)]);

  useEffect(() => {
    if (!offered) return;
    // an emptied field's earlier verdict goes with the text it was of
    if (!value.trim()) return setValidation({ state: "unchecked" });
    let live = true;
    setValidation({ state: "checking" });
    const timer = window.setTimeout(async () => {
      try {
        const answer = await validateExpression(session, value, sampleRow);
        const gives = `gives ${answer.resultType ? sparkTypeName(answer.resultType) : "a value"}${answer.result === undefined ? "" : `; on the first row: ${resultText(answer.resultType, answer.result)}`}`;
        const converted = await checkConversion(session, destination, value, conversion);
        if (!live) return;
        if (converted.outcome === "converts") update({ state: "valid", message: `valid, ${gives}; goes into ${destination} on all ${converted.rows} sample rows` });
        else if (converted.outcome === "fails" && neverFits(converted.problem)) update({ state: "invalid", expressionValid: true, message: `the expression ${gives}, but not into ${destination}: ${problemText(converted.problem)}` });
        else if (converted.outcome === "fails") update({ state: "partly", message: `Expression valid, ${gives}; into ${destination} not on every sample row: ${problemText(converted.problem)}` });
        else update({ state: "unconfirmed", message: `Expression valid, ${gives}; whether it goes into ${destination} was not checked: ${converted.why}` });
      } catch (caught) {
        if (live) update({ state: "invalid", message: messageOf(caught) });
      }
    }, 400);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, offered, session, sampleRow, destination, conversionKey, conversion.sample]);

  const update = (next: Validation) => {
    setValidation(next);
    props.onChange(value, next);
  };
  const area = useRef<HTMLTextAreaElement>(null);
  /** a call of the function in place of the selected text (the cursor's place when none is), the cursor then between its parentheses */
  const insert = (name: string) => {
    const textarea = area.current;
    const inserted = insertCall(value, textarea?.selectionStart ?? value.length, textarea?.selectionEnd ?? value.length, name);
    cursorAfterInsert.current = inserted.cursor;
    props.onChange(inserted.expression, { state: "unchecked" });
  };
  const cursorAfterInsert = useRef<number | undefined>(undefined);
  // once the inserted call is shown: typing goes on between its parentheses
  useLayoutEffect(() => {
    const cursor = cursorAfterInsert.current;
    if (cursor === undefined) return;
    cursorAfterInsert.current = undefined;
    area.current?.focus();
    area.current?.setSelectionRange(cursor, cursor);
  }, [value]);
  const statusId = `${props.id}-status`;
  return (
    <div>
      <label htmlFor={props.id}>{props.label}</label>
      <textarea
        ref={area}
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
      <p id={statusId} role="status" className={STATUS_CLASS[validation.state]}>
        {offered === false
          ? "This service does not check expressions as you type; the mapping is checked when the dataflow is created."
          : validation.state === "checking"
            ? "Checking…"
            : validation.state === "valid"
              ? `✓ ${validation.message}`
              : validation.state === "invalid"
                ? `✗ ${validation.message}`
                : validation.state === "partly"
                  ? `⚠ ${validation.message}`
                  : validation.state === "unconfirmed"
                    ? validation.message
                    : !value.trim()
                      ? `Write the expression that fills ${destination}, or choose another source for it.`
                      : ""}
      </p>
      <FunctionList session={session} id={`${props.id}-functions`} field={destination} onInsert={(fn) => insert(fn.function)} />
    </div>
  );
}

const STATUS_CLASS: Record<Validation["state"], string> = { unchecked: "hint", checking: "hint", valid: "good", unconfirmed: "hint", partly: "hint", invalid: "bad" };
