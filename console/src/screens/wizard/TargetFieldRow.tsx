import type { Session } from "../../api/session";
import type { ConversionInput } from "./conversion-check";
import { ExpressionEditor } from "./ExpressionEditor";
import { MapKeyAdder } from "./MapKeyAdder";
import { mapKeyTarget, type SourceRow } from "./map-keys";
import type { Assignment } from "./mapping-draft";
import { type FieldProblem, neverFits, problemText } from "./mapping-preview";
import type { TargetRow } from "./xdm-tree";
import { TypeBadge } from "../../components/TypeBadge";

const CALCULATED = "__calculated__";

/** One field of the target tree: its badges (and, for a typed map key, its Remove button) and, for a leaf, the source column or calculated field that fills it. */
export function TargetFieldRow(props: { session: Session; target: TargetRow; sources: SourceRow[]; sampleRow?: Record<string, unknown>; conversion: ConversionInput; problem?: FieldProblem; assignment?: Assignment; onAssign: (a: Assignment | undefined) => void; onAddKey: (row: TargetRow) => void; onRemoveKey?: () => void }) {
  const { target, assignment, problem } = props;
  const mapValue = target.mapValue;
  const selectId = `source-${target.path}`;
  return (
    <tr>
      <td style={{ paddingLeft: `${0.5 + target.depth}rem` }}>
        <span title={target.title}>{target.name}</span>
        <TypeBadge type={target.type} />
        {target.required && (
          <span className="badge required" title="required">
            required *
          </span>
        )}
        {target.identity && (
          <span className="badge identity" title={`identity ${target.identity.namespace ?? ""}`}>
            {target.identity.primary ? "primary identity" : "identity"} {target.identity.namespace}
          </span>
        )}
        {props.onRemoveKey && (
          <button type="button" aria-label={`Remove key ${target.path}`} title="Remove this key path and its mapping" onClick={props.onRemoveKey}>
            Remove
          </button>
        )}
      </td>
      <td>
        {!target.group && (
          <>
            <select
              id={selectId}
              aria-label={`Source of ${target.path}`}
              value={assignment ? (assignment.calculated ? CALCULATED : assignment.source) : ""}
              onChange={(e) => {
                const value = e.target.value;
                props.onAssign(value === "" ? undefined : value === CALCULATED ? { source: "", calculated: true } : { source: value, calculated: false });
              }}
            >
              <option value="">— not mapped —</option>
              {props.sources.map((s) => (
                <option key={s.path} value={s.path}>
                  {s.path} ({s.type})
                </option>
              ))}
              <option value={CALCULATED}>Calculated field…</option>
            </select>
            {problem && (
              <p role="status" className={neverFits(problem) ? "bad" : "hint"}>
                {neverFits(problem) ? "✗ " : "⚠ "}
                {problemText(problem)}
              </p>
            )}
            {assignment?.calculated && (
              <ExpressionEditor
                session={props.session}
                id={`expression-${target.path}`}
                label={`Expression for ${target.path}`}
                destination={target.path}
                value={assignment.source}
                sampleRow={props.sampleRow}
                conversion={props.conversion}
                onChange={(source, validation) => props.onAssign({ source, calculated: true, validation })}
              />
            )}
            {mapValue && <MapKeyAdder<TargetRow> map={target} label="Key path under" button="Add key" check={(typed) => mapKeyTarget({ ...target, mapValue }, typed)} onAdd={props.onAddKey} />}
          </>
        )}
      </td>
    </tr>
  );
}
