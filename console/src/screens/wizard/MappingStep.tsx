import { useEffect, useMemo, useState } from "react";
import type { MappingRow } from "../../api/platform";
import type { Session } from "../../api/session";
import { Busy, ErrorNote } from "../../components/Feedback";
import type { ConversionInput } from "./conversion-check";
import { currentAnswers } from "./current-answers";
import { expressionPassed } from "./ExpressionEditor";
import { columnFieldSources } from "./column-fields";
import { type Assignment, type MappingDraft, startingAssignments } from "./mapping-draft";
import { keyRowsOf, mapKeySource, mapKeyTarget, type SourceRow, sourceRows, withKeyRows } from "./map-keys";
import { MapKeyAdder } from "./MapKeyAdder";
import { MappedPreview } from "./MappedPreview";
import type { SampleOutcome } from "./sample-verdict";
import { fieldProblem, neverFits, sampleOutcome, useMappingPreview } from "./mapping-preview";
import { tableSample, typedSampleRows } from "./sample-rows";
import { TargetFieldRow } from "./TargetFieldRow";
import { previewTargetOf, targetSchema } from "./target-schema";
import type { WizardState } from "./Wizard";
import { type TargetRow, targetRows } from "./xdm-tree";
import { TypeBadge } from "../../components/TypeBadge";

const FILTERS = { all: "All fields", required: "Required fields", identity: "Identity fields", mapped: "Mapped fields", unmapped: "Unmapped fields" } as const;
type Filter = keyof typeof FILTERS;

/** Step 3: the source tree onto the target XDM tree, with calculated fields and a preview of mapped rows. */
export function MappingStep(props: {
  session: Session;
  state: WizardState;
  draft?: MappingDraft;
  onEdit?: (draft: MappingDraft) => void;
  onBack: (draft: MappingDraft) => void;
  /** `sample`: how many of the sample rows the mapping failed, for the review to weigh against the error threshold */
  onNext: (mappings: MappingRow[], draft: MappingDraft, sample?: SampleOutcome) => void;
  /** the buttons' words beyond the wizard (Cancel, Save as a new version), and whether Next is busy */
  backLabel?: string;
  nextLabel?: string;
  nextBusy?: boolean;
}) {
  const { session, state, draft } = props;
  const [tree, setTree] = useState<TargetRow[]>();
  // paths typed into map fields' keys (map-keys.ts), each a target field of its own
  const [keyRows, setKeyRows] = useState<TargetRow[]>([]);
  const targets = useMemo(() => tree && withKeyRows(tree, keyRows), [tree, keyRows]);
  const [error, setError] = useState<unknown>();
  const [assignments, setAssignments] = useState<Map<string, Assignment>>(new Map());
  const [filter, setFilter] = useState<Filter>("all");
  const [search, setSearch] = useState("");
  const columns = useMemo(() => sourceRows(state.preview!.schema.columns), [state.preview]);
  // paths typed into MAP columns' keys, each a source of its own: those the draft kept, and those its mappings read
  const [sourceKeys, setSourceKeys] = useState<SourceRow[]>([]);
  const sources = useMemo(() => withKeyRows(columns, sourceKeys), [columns, sourceKeys]);
  const sample = useMemo(() => tableSample(state.preview!), [state.preview]);
  // the expression check reads one row without the table's types: its numbers typed as written
  const sampleRow = useMemo(() => typedSampleRows(state.preview!.schema.columns, sample.rows.slice(0, 1))[0], [state.preview, sample]);

  useEffect(() => {
    // an answer for an earlier choice that arrives late must not replace the current one
    const answers = currentAnswers();
    targetSchema(session, state.dataset!).then(
      answers.keep((schema) => {
        const rows = targetRows(schema);
        const keys = keyRowsOf(rows, draft?.targetFields ?? [], mapKeyTarget);
        const read = [...(draft?.assignments.values() ?? [])].filter((a) => !a.calculated).map((a) => a.source);
        const typedSources = keyRowsOf(columns, [...(draft?.sourceKeys ?? []), ...read], mapKeySource);
        setTree(rows);
        setKeyRows(keys);
        setSourceKeys(typedSources);
        const dataset = state.dataset!;
        const ownColumns = columnFieldSources(dataset.kind === "new-schema" ? dataset.columnFields : undefined);
        setAssignments(startingAssignments([...rows, ...keys], withKeyRows(columns, typedSources), draft, ownColumns));
      }),
      answers.keep(setError),
    );
    return answers.stop;
  }, [session, state.dataset, columns, draft]);

  const mappings: MappingRow[] = [...assignments].map(([destination, a]) => ({ destination, source: a.source, calculated: a.calculated }));
  // a calculated field joins the preview once the service took its expression: until then it would only make the service refuse the whole mapping
  const previewed = mappings.filter((m) => !m.calculated || expressionPassed(assignments.get(m.destination)?.validation));
  const leaves = (targets ?? []).filter((t) => !t.group);
  const requiredMissing = leaves.filter((t) => t.required && !assignments.has(t.path));
  // the service refuses a mapping that leaves a required field out: no rows to preview until they are mapped
  const previewTarget = previewTargetOf(state.dataset!);
  const preview = useMappingPreview(session, previewTarget, requiredMissing.length ? [] : previewed, sample);

  useEffect(() => {
    if (targets) props.onEdit?.({ targetFields: new Set(targets.filter((t) => !t.group).map((t) => t.path)), assignments, sourceKeys: new Set(sourceKeys.map((key) => key.path)) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [targets, assignments, sourceKeys]);

  if (!targets) return error ? <ErrorNote error={error} /> : <Busy label="Reading the target schema" />;
  const assign = (path: string, assignment: Assignment | undefined) =>
    setAssignments((current) => {
      const next = new Map(current);
      if (assignment) next.set(path, assignment);
      else next.delete(path);
      return next;
    });
  const addKey = (row: TargetRow) => setKeyRows((current) => (current.some((key) => key.path === row.path) || targets.some((t) => t.path === row.path) ? current : [...current, row]));
  const removeKey = (path: string) => {
    setKeyRows((current) => current.filter((key) => key.path !== path));
    assign(path, undefined);
  };
  const typedKeys = new Set(keyRows.map((key) => key.path));
  const addSourceKey = (row: SourceRow) => setSourceKeys((current) => (sources.some((s) => s.path === row.path) ? current : [...current, row]));
  // a removed source key leaves the fields that read it unmapped
  const removeSourceKey = (path: string) => {
    setSourceKeys((current) => current.filter((key) => key.path !== path));
    for (const [destination, a] of assignments) if (!a.calculated && a.source === path) assign(destination, undefined);
  };
  const typedSourceKeys = new Set(sourceKeys.map((key) => key.path));
  const invalid = [...assignments].filter(([, a]) => a.calculated && (!a.source.trim() || a.validation?.state === "invalid"));
  const visible = targets.filter((t) => {
    if (search && !t.path.toLowerCase().includes(search.toLowerCase())) return false;
    if (filter === "required") return t.required;
    if (filter === "identity") return !!t.identity;
    if (filter === "mapped") return assignments.has(t.path) || t.group;
    if (filter === "unmapped") return !assignments.has(t.path) || t.group;
    return true;
  });
  // another calculated field the service has not taken would make it refuse every other field's check
  const conversion: ConversionInput = { target: previewTarget, mappings: previewed, sample };
  // a calculated field's own check says how its values convert; a source column's is the whole mapping's preview
  const problems = new Map(mappings.filter((m) => !m.calculated).map((m) => [m.destination, fieldProblem(preview, m.destination)]));
  const neverFitting = [...problems].filter(([, problem]) => neverFits(problem)).map(([path]) => path);
  const errorCount = invalid.length + requiredMissing.length + neverFitting.length;
  const draftToKeep: MappingDraft = { targetFields: new Set(leaves.map((t) => t.path)), assignments, sourceKeys: typedSourceKeys };

  return (
    <div>
      <p role="status" className="copy-row">
        <span>Mapped fields: {assignments.size}</span>
        <span>
          Required fields: {leaves.filter((t) => t.required).length - requiredMissing.length} of {leaves.filter((t) => t.required).length}
        </span>
        <span>Identity fields: {leaves.filter((t) => t.identity).length}</span>
        <span className={errorCount ? "bad" : undefined}>Errors: {errorCount}</span>
      </p>
      <div className="columns">
        <section className="panel" aria-labelledby="source-fields-title">
          <h2 id="source-fields-title">Source: {state.table}</h2>
          <ul className="tree" aria-label="Source fields">
            {sources.map((s) => (
              <li key={s.path} style={{ paddingLeft: `${s.depth}rem` }}>
                {typedSourceKeys.has(s.path) ? s.path : s.path.split(".").pop()}
                <TypeBadge type={s.type} />
                {typedSourceKeys.has(s.path) && (
                  <button type="button" aria-label={`Remove source key ${s.path}`} title="Remove this key path; the fields that read it become unmapped" onClick={() => removeSourceKey(s.path)}>
                    Remove
                  </button>
                )}
                {s.mapValue && <MapKeyAdder<SourceRow> map={s} label="Source key path under" button="Add source key" check={(typed) => mapKeySource({ ...s, mapValue: s.mapValue! }, typed)} onAdd={addSourceKey} />}
              </li>
            ))}
          </ul>
        </section>
        <section className="panel" aria-labelledby="target-fields-title">
          <h2 id="target-fields-title">Target XDM fields</h2>
          <div className="copy-row">
            <label>
              Search target fields
              <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
            </label>
            <label htmlFor="mapping-filter">Show</label>
            <select id="mapping-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)} style={{ width: "auto" }}>
              {Object.entries(FILTERS).map(([key, title]) => (
                <option key={key} value={key}>
                  {title}
                </option>
              ))}
            </select>
          </div>
          <div className="scroll">
            <table aria-label="Mappings" className="mapping-rows">
              <thead>
                <tr>
                  <th scope="col">Target field</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {visible.map((target) => (
                  <TargetFieldRow key={target.path} session={session} target={target} sources={sources} sampleRow={sampleRow} conversion={conversion} problem={problems.get(target.path)} assignment={assignments.get(target.path)} onAssign={(a) => assign(target.path, a)} onAddKey={addKey} onRemoveKey={typedKeys.has(target.path) ? () => removeKey(target.path) : undefined} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
      {requiredMissing.length > 0 && <p className="bad">Required fields without a mapping: {requiredMissing.map((t) => t.path).join(", ")}</p>}
      {neverFitting.length > 0 && <p className="bad">Fields whose values fail on every sample row: {neverFitting.join(", ")}</p>}
      <MappedPreview
        preview={preview}
        mappings={mappings}
        previewed={new Set(previewed.map((m) => m.destination))}
        requiredMissing={requiredMissing.length > 0}
        partialIngestionPercent={state.dataset?.partialIngestionPercent}
      />
      <div className="actions">
        <button type="button" onClick={() => props.onBack(draftToKeep)}>
          {props.backLabel ?? "Back"}
        </button>
        <button type="button" className="primary" disabled={mappings.length === 0 || errorCount > 0 || !preview || props.nextBusy} onClick={() => props.onNext(mappings, draftToKeep, sampleOutcome(preview))}>
          {props.nextLabel ?? "Next"}
        </button>
      </div>
    </div>
  );
}
