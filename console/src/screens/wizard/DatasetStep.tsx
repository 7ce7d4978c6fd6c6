import { type FormEvent, useEffect, useState } from "react";
import { type Dataset, type FieldGroup, listClasses, listDatasets, listFieldGroups, listTenantSchemas, type Summary } from "../../api/platform";
import type { Session } from "../../api/session";
import { Busy, ErrorNote } from "../../components/Feedback";
import { currentAnswers } from "./current-answers";

/**
 * The dataflow's details (its name, and whether some rows may fail) and where the rows go: an
 * existing dataset, or a new one of an existing schema or of a new one built from a standard class
 * and field groups.
 */
export type DatasetChoice = (
  | { kind: "existing"; flowName: string; dataSetId: string; name: string; schemaId: string }
  | { kind: "new"; flowName: string; name: string; schemaId: string; schemaTitle: string }
  | { kind: "new-schema"; flowName: string; name: string; classId: string; classTitle: string; fieldGroups: Summary[] }
) & {
  /** the share of rows that may fail validation before the whole run fails; absent: any failed row fails it */
  partialIngestionPercent?: number;
};

/** AEP's console proposes 5 % when partial ingestion is turned on. */
const DEFAULT_ERROR_THRESHOLD = 5;

interface Registry {
  datasets: Dataset[];
  schemas: Summary[];
  classes: Summary[];
  fieldGroups: FieldGroup[];
}

export function DatasetStep(props: { session: Session; table: string; initial?: DatasetChoice; onBack: () => void; onNext: (choice: DatasetChoice) => void }) {
  const { session, table, initial } = props;
  const [registry, setRegistry] = useState<Registry>();
  const [error, setError] = useState<unknown>();
  const [kind, setKind] = useState<DatasetChoice["kind"]>(initial?.kind ?? "new-schema");
  const [flowName, setFlowName] = useState(initial?.flowName ?? `${table} dataflow`);
  const [name, setName] = useState(initial?.name ?? `${table}`);
  const [dataSetId, setDataSetId] = useState("");
  const [schemaId, setSchemaId] = useState("");
  const [classId, setClassId] = useState("");
  const [groups, setGroups] = useState<Set<string>>(new Set());
  const [partial, setPartial] = useState(initial?.partialIngestionPercent !== undefined);
  const [threshold, setThreshold] = useState(initial?.partialIngestionPercent ?? DEFAULT_ERROR_THRESHOLD);

  useEffect(() => {
    // only the current run's answer makes the first choices: React runs this effect twice in development, and
    // the earlier run's answer, when it arrived after a class was chosen, chose the profile class again
    const answers = currentAnswers();
    Promise.all([listDatasets(session), listTenantSchemas(session), listClasses(session), listFieldGroups(session)]).then(
      answers.keep(([datasets, schemas, classes, fieldGroups]) => {
        setRegistry({ datasets, schemas, classes, fieldGroups });
        setDataSetId(datasets[0]?.id ?? "");
        setSchemaId(schemas[0]?.$id ?? "");
        setClassId(classes.find((c) => c.$id.endsWith("/profile"))?.$id ?? classes[0]?.$id ?? "");
      }),
      answers.keep(setError),
    );
    return answers.stop;
  }, [session]);

  if (!registry) return error ? <ErrorNote error={error} /> : <Busy label="Reading datasets and schemas" />;
  const fitting = registry.fieldGroups.filter((g) => !g["meta:intendedToExtend"]?.length || g["meta:intendedToExtend"].includes(classId));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = partial ? { partialIngestionPercent: threshold } : {};
    if (kind === "existing") {
      const dataset = registry.datasets.find((d) => d.id === dataSetId)!;
      props.onNext({ kind, flowName, dataSetId, name: dataset.name, schemaId: dataset.schemaRef!.id, ...errors });
    } else if (kind === "new") {
      props.onNext({ kind, flowName, name, schemaId, schemaTitle: registry.schemas.find((s) => s.$id === schemaId)?.title ?? schemaId, ...errors });
    } else {
      const classTitle = registry.classes.find((c) => c.$id === classId)?.title ?? classId;
      props.onNext({ kind, flowName, name, classId, classTitle, fieldGroups: fitting.filter((g) => groups.has(g.$id)), ...errors });
    }
  };

  return (
    <form onSubmit={submit}>
      <label>
        Dataflow name
        <input value={flowName} onChange={(e) => setFlowName(e.target.value)} required />
      </label>
      <fieldset>
        <legend>Rows that fail validation</legend>
        <label className="inline">
          <input type="checkbox" checked={partial} onChange={(e) => setPartial(e.target.checked)} /> Partial ingestion: ingest the valid rows and keep the failed ones for
          download
        </label>
        {partial && (
          <label>
            Error threshold (% of a run's rows that may fail)
            <input type="number" min={1} max={100} step={1} value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} required />
          </label>
        )}
        {!partial && <p className="hint">Without it, one failed row fails the whole run and nothing of it is ingested.</p>}
      </fieldset>
      <fieldset>
        <legend>Dataset</legend>
        <label className="inline">
          <input type="radio" name="dataset-kind" checked={kind === "existing"} onChange={() => setKind("existing")} disabled={registry.datasets.length === 0} /> Existing dataset
        </label>
        <label className="inline">
          <input type="radio" name="dataset-kind" checked={kind === "new"} onChange={() => setKind("new")} disabled={registry.schemas.length === 0} /> New dataset of an existing schema
        </label>
        <label className="inline">
          <input type="radio" name="dataset-kind" checked={kind === "new-schema"} onChange={() => setKind("new-schema")} /> New dataset with a new schema
        </label>
      </fieldset>
      {kind === "existing" ? (
        <>
          <label htmlFor="existing-dataset">Dataset</label>
          <select id="existing-dataset" value={dataSetId} onChange={(e) => setDataSetId(e.target.value)}>
            {registry.datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.id})
              </option>
            ))}
          </select>
        </>
      ) : (
        <label>
          Output dataset name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
      )}
      {kind === "new" && (
        <>
          <label htmlFor="schema">Schema</label>
          <select id="schema" value={schemaId} onChange={(e) => setSchemaId(e.target.value)}>
            {registry.schemas.map((s) => (
              <option key={s.$id} value={s.$id}>
                {s.title}
              </option>
            ))}
          </select>
        </>
      )}
      {kind === "new-schema" && (
        <>
          <label htmlFor="class">Class</label>
          <select id="class" value={classId} onChange={(e) => (setClassId(e.target.value), setGroups(new Set()))}>
            {registry.classes.map((c) => (
              <option key={c.$id} value={c.$id}>
                {c.title}
              </option>
            ))}
          </select>
          <fieldset>
            <legend>Field groups</legend>
            {fitting.map((g) => (
              <label key={g.$id} className="inline">
                <input
                  type="checkbox"
                  checked={groups.has(g.$id)}
                  onChange={(e) => {
                    const next = new Set(groups);
                    if (e.target.checked) next.add(g.$id);
                    else next.delete(g.$id);
                    setGroups(next);
                  }}
                />{" "}
                {g.title}
              </label>
            ))}
          </fieldset>
        </>
      )}
      <div className="actions">
        <button type="button" onClick={props.onBack}>
          Back
        </button>
        <button type="submit" className="primary">
          Next
        </button>
      </div>
    </form>
  );
}
