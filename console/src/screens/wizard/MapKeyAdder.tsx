import { useState } from "react";
import { type KeyField, mapKeyTarget } from "./map-keys";
import type { TargetRow } from "./xdm-tree";

/** Under a map field: a typed path into its keys (identityMap.Email[0].id) becomes a target field of its own. */
export function MapKeyAdder(props: { map: TargetRow & { mapValue: KeyField }; onAdd: (row: TargetRow) => void }) {
  const { map } = props;
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string>();
  const add = () => {
    const row = mapKeyTarget(map, typed);
    if ("problem" in row) return setProblem(row.problem);
    setProblem(undefined);
    setTyped("");
    props.onAdd(row);
  };
  return (
    <div className="copy-row">
      <input
        aria-label={`Key path under ${map.path}`}
        placeholder={`${map.path}.<key>…`}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") add();
        }}
      />
      <button type="button" onClick={add} disabled={!typed.trim()}>
        Add key
      </button>
      {problem && (
        <p role="status" className="bad">
          ✗ {problem}
        </p>
      )}
    </div>
  );
}
