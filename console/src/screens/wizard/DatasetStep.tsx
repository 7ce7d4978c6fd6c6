import { type FormEvent, useEffect, useState } from "react";
import type { Column } from "../../api/flowservice";
import { type Dataset, type FieldGroup, listClasses, listDatasets, listFieldGroups, listTenantSchemas, type Summary, tenantId, type XdmField } from "../../api/platform";
import type { Session } from "../../api/session";
import { Busy, ErrorNote } from "../../components/Feedback";
import { columnFieldGroupTitle, columnFields } from "./column-fields";
import { currentAnswers } from "./current-answers";

/**
 * The dataflow's details (its name, and whether some rows may fail) and where the rows go: an
 * existing dataset, or a new one of an existing schema or of a new one built from a standard class
 * and field groups, and (unless the user leaves them out) a field of each of the table's columns.
 */
export type DatasetChoice = (
  | { kind: "existing"; flowName: string; dataSetId: string; name: string; schemaId: string }
  | { kind: "new"; flowName: string; name: string; schemaId: string; schemaTitle: string }
  | {
      kind: "new-schema";
      flowName: string;
      name: string;
      classId: string;
      classTitle: string;
      fieldGroups: Summary[];
      /** the tenant object of a field per column, which a field group of its own holds (column-fields.ts) */
      columnFields?: Record<string, XdmField>;
    }
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
  tenantId: string;
}

/** The step's form as the user left it, every kind's choices included: the wizard keeps it to show it again when the user comes back. */
export interface DatasetDraft {
  kind: DatasetChoice["kind"];
  flowName: string;
  name: string;
  dataSetId: string;
  schemaId: string;
  classId: string;
  fieldGroups: ReadonlySet<string>;
  /** a field of each column, in a field group of their own; absent (a draft kept before the choice was offered): yes */
  columnFields?: boolean;
  partial: boolean;
  threshold: number;
}

const firstDraft = (table: string): DatasetDraft => ({
  kind: "new-schema",
  flowName: `${table} dataflow`,
  name: table,
  dataSetId: "",
  schemaId: "",
  classId: "",
  fieldGroups: new Set(),
  columnFields: true,
  partial: false,
  threshold: DEFAULT_ERROR_THRESHOLD,
});

/** a name the service takes: something besides spaces (the browser refuses the rest before a step is left) */
const NOT_BLANK = ".*\\S.*";
const NOT_BLANK_TITLE = "a name, not only spaces";

/** The id chosen before while the registry still has it, else the one to start from. */
const stillListed = (chosen: string, ids: string[], start = ids[0]) => (ids.includes(chosen) ? chosen : (start ?? ""));

export function DatasetStep(props: {
  session: Session;
  table: string;
  /** the table's columns, as explore types them */
  columns: Column[];
  draft?: DatasetDraft;
  onEdit?: (draft: DatasetDraft) => void;
  onBack: (draft: DatasetDraft) => void;
  onNext: (choice: DatasetChoice, draft: DatasetDraft) => void;
}) {
  const { session, table } = props;
  const [registry, setRegistry] = useState<Registry>();
  const [error, setError] = useState<unknown>();
  const [draft, setDraft] = useState(() => props.draft ?? firstDraft(table));
  const update = (patch: Partial<DatasetDraft>) => setDraft((current) => ({ ...current, ...patch }));
  useEffect(() => props.onEdit?.(draft), [draft]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    // only the current run's answer makes the first choices: React runs this effect twice in development, and
    // the earlier run's answer, when it arrived after a class was chosen, chose the profile class again
    const answers = currentAnswers();
    Promise.all([listDatasets(session), listTenantSchemas(session), listClasses(session), listFieldGroups(session), tenantId(session)]).then(
      answers.keep(([datasets, schemas, classes, fieldGroups, tenant]) => {
        setRegistry({ datasets, schemas, classes, fieldGroups, tenantId: tenant });
        // a draft left before keeps its choices; a first one starts from the first dataset and schema, and the profile class
        setDraft((current) => ({
          ...current,
          dataSetId: stillListed(current.dataSetId, datasets.map((d) => d.id)),
          schemaId: stillListed(current.schemaId, schemas.map((s) => s.$id)),
          classId: stillListed(current.classId, classes.map((c) => c.$id), classes.find((c) => c.$id.endsWith("/profile"))?.$id),
        }));
      }),
      answers.keep(setError),
    );
    return answers.stop;
  }, [session]);

  if (!registry) return error ? <ErrorNote error={error} /> : <Busy label="Reading datasets and schemas" />;
  const { kind, flowName, name, dataSetId, schemaId, classId, fieldGroups: groups, partial, threshold } = draft;
  const withColumnFields = draft.columnFields ?? true;
  const fitting = registry.fieldGroups.filter((g) => !g["meta:intendedToExtend"]?.length || g["meta:intendedToExtend"].includes(classId));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = partial ? { partialIngestionPercent: threshold } : {};
    const [flowName, name] = [draft.flowName.trim(), draft.name.trim()];
    if (kind === "existing") {
      const dataset = registry.datasets.find((d) => d.id === dataSetId)!;
      props.onNext({ kind, flowName, dataSetId, name: dataset.name, schemaId: dataset.schemaRef!.id, ...errors }, draft);
    } else if (kind === "new") {
      props.onNext({ kind, flowName, name, schemaId, schemaTitle: registry.schemas.find((s) => s.$id === schemaId)?.title ?? schemaId, ...errors }, draft);
    } else {
      const classTitle = registry.classes.find((c) => c.$id === classId)?.title ?? classId;
      const columns = withColumnFields ? { columnFields: columnFields(props.columns, registry.tenantId) } : {};
      props.onNext({ kind, flowName, name, classId, classTitle, fieldGroups: fitting.filter((g) => groups.has(g.$id)), ...columns, ...errors }, draft);
    }
  };

  return (
    <form onSubmit={submit}>
      <label>
        Dataflow name
        <input value={flowName} onChange={(e) => update({ flowName: e.target.value })} required pattern={NOT_BLANK} title={NOT_BLANK_TITLE} />
      </label>
      <fieldset>
        <legend>Rows that fail validation</legend>
        <label className="inline">
          <input type="checkbox" checked={partial} onChange={(e) => update({ partial: e.target.checked })} /> Partial ingestion: ingest the valid rows and keep the failed ones for
          download
        </label>
        {partial && (
          <label>
            Error threshold (% of a run's rows that may fail)
            <input type="number" min={1} max={100} step={1} value={threshold} onChange={(e) => update({ threshold: Number(e.target.value) })} required />
          </label>
        )}
        {!partial && <p className="hint">Without it, one failed row fails the whole run and nothing of it is ingested.</p>}
      </fieldset>
      <fieldset>
        <legend>Dataset</legend>
        <label className="inline">
          <input type="radio" name="dataset-kind" checked={kind === "existing"} onChange={() => update({ kind: "existing" })} disabled={registry.datasets.length === 0} /> Existing dataset
        </label>
        <label className="inline">
          <input type="radio" name="dataset-kind" checked={kind === "new"} onChange={() => update({ kind: "new" })} disabled={registry.schemas.length === 0} /> New dataset of an existing schema
        </label>
        <label className="inline">
          <input type="radio" name="dataset-kind" checked={kind === "new-schema"} onChange={() => update({ kind: "new-schema" })} /> New dataset with a new schema
        </label>
      </fieldset>
      {kind === "existing" ? (
        <>
          <label htmlFor="existing-dataset">Dataset</label>
          <select id="existing-dataset" value={dataSetId} onChange={(e) => update({ dataSetId: e.target.value })}>
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
          <input value={name} onChange={(e) => update({ name: e.target.value })} required pattern={NOT_BLANK} title={NOT_BLANK_TITLE} />
        </label>
      )}
      {kind === "new" && (
        <>
          <label htmlFor="schema">Schema</label>
          <select id="schema" value={schemaId} onChange={(e) => update({ schemaId: e.target.value })}>
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
          <select id="class" value={classId} onChange={(e) => update({ classId: e.target.value, fieldGroups: new Set() })}>
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
                    update({ fieldGroups: next });
                  }}
                />{" "}
                {g.title}
              </label>
            ))}
          </fieldset>
          <label className="inline">
            <input type="checkbox" checked={withColumnFields} onChange={(e) => update({ columnFields: e.target.checked })} aria-describedby="column-fields-hint" /> A field for
            each of the table's columns
          </label>
          <p className="hint" id="column-fields-hint">
            {withColumnFields
              ? `Finish makes the field group “${columnFieldGroupTitle(name)}”: ${props.columns.length} field${props.columns.length === 1 ? "" : "s"} under _${registry.tenantId}, each typed as its column, so every column maps into a field of its own.`
              : "Only the class's and the chosen field groups' fields: a column with no field of its name stays unmapped."}
          </p>
        </>
      )}
      <div className="actions">
        <button type="button" onClick={() => props.onBack(draft)}>
          Back
        </button>
        <button type="submit" className="primary">
          Next
        </button>
      </div>
    </form>
  );
}
