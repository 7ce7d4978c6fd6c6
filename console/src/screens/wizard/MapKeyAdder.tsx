import { useState } from "react";

/**
 * Under a map: a typed path into its keys (identityMap.Email[0].id under a target map field, ids.crm
 * under a MAP column) becomes a row of its own once `check` takes it; its problem is shown otherwise.
 */
export function MapKeyAdder<Row extends object>(props: { map: { path: string }; label: string; button: string; check: (typed: string) => Row | { problem: string }; onAdd: (row: Row) => void }) {
  const { map } = props;
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string>();
  const add = () => {
    const row = props.check(typed);
    if ("problem" in row) return setProblem(row.problem);
    setProblem(undefined);
    setTyped("");
    props.onAdd(row);
  };
  return (
    <div className="copy-row">
      <input
        aria-label={`${props.label} ${map.path}`}
        placeholder={`${map.path}.<key>…`}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") add();
        }}
      />
      <button type="button" onClick={add} disabled={!typed.trim()} aria-label={`${props.button} under ${map.path}`}>
        {props.button}
      </button>
      {problem && (
        <p role="status" className="bad">
          ✗ {problem}
        </p>
      )}
    </div>
  );
}
