import { useEffect, useState } from "react";
import { ApiError, FLOW_SERVICE, item, messageOf } from "../../api/client";
import { type Connection, testConnection, type TestResult } from "../../api/flowservice";
import type { Session } from "../../api/session";
import { ErrorNote } from "../../components/Feedback";
import { when } from "../../components/format";
import { connectionLine } from "../sources/connection-kinds";
import { CheckList } from "../sources/ConnectionTest";
import { type Created, type CreatedSoFar, createEverything } from "./create-flow";
import { currentAnswers } from "./current-answers";
import { columnFieldGroupTitle } from "./column-fields";
import type { DatasetChoice } from "./DatasetStep";
import { newSchemaOf } from "./target-schema";
import type { WizardState } from "./Wizard";
import { STEP_PATHS } from "./wizard-draft";
import { type SampleOutcome, sampleVerdict } from "./sample-verdict";

/** the Schema Registry's answer to a schema whose title another schema of the sandbox has */
const TITLE_NOT_UNIQUE = "XDM-1521-400";

type NewSchemaChoice = Extract<DatasetChoice, { kind: "new-schema" }>;

/** The chosen field groups' titles, and the columns' one Finish makes. */
const groupTitles = (dataset: NewSchemaChoice) => [
  ...dataset.fieldGroups.map((g) => g.title),
  ...(dataset.columnFields ? [`${columnFieldGroupTitle(dataset.name)} (a field for each column, made at Finish)`] : []),
];
const withGroups = (titles: string[]) => (titles.length ? ` with ${titles.join(", ")}` : "");

/** Which title made of the output dataset's name the registry found taken (the schema's, or its columns' field group's), and where to change it. */
function TakenTitle({ message, dataset }: { message: string; dataset: NewSchemaChoice }) {
  const fieldGroup = dataset.columnFields ? columnFieldGroupTitle(dataset.name) : undefined;
  const [what, title] = fieldGroup && message.includes(JSON.stringify(fieldGroup)) ? ["columns' field group", fieldGroup] : ["schema", newSchemaOf(dataset).title];
  return (
    <p className="bad" role="status">
      The {what}'s title “{title}” is made of the <strong>Output dataset name</strong> “{dataset.name}” you gave in step 2, and that title is taken already in this sandbox.{" "}
      <a href={`#/new-dataflow/${STEP_PATHS[1]}`}>Choose another output dataset name in step 2</a>.
    </p>
  );
}

/** Finish's failure: the service's answer kept as the cause, to say what to change for it */
class FinishError extends Error {
  constructor(readonly cause: unknown) {
    super(`Finish stopped: ${messageOf(cause)}`);
  }
}

/** Step 5: what will be created; Finish creates it all, in order, and says which step failed. */
/** `made`: what earlier Finishes created, kept by the wizard across Back and Next, so a Finish after a failure creates only what is missing. */
/** `onFinished`: after each Finish, whether it created the dataflow. */
export function ReviewStep({ session, state, made, onBack, onFinished }: { session: Session; state: Required<WizardState>; made: CreatedSoFar; onBack: () => void; onFinished: (created: boolean) => void }) {
  const [progress, setProgress] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<Created>();
  const [busy, setBusy] = useState(false);
  const { dataset, schedule } = state;
  // the mapping's outcome on the sample rows, when it was previewed (state.sample may be absent)
  const verdict = (state.sample as SampleOutcome | undefined) && sampleVerdict(state.sample, dataset.partialIngestionPercent);
  const [account, setAccount] = useState<Connection>();
  // the account's connection test now: a check that fails (a cluster without the staging SAS) fails every run the same way
  const [test, setTest] = useState<TestResult>();
  useEffect(() => {
    const answers = currentAnswers();
    item<Connection>(session, `${FLOW_SERVICE}/connections/${state.connectionId}`).then(answers.keep(setAccount), () => {});
    testConnection(session, state.connectionId).then(answers.keep(setTest), () => {});
    return answers.stop;
  }, [session, state.connectionId]);
  const failing = test && !test.result ? (test.checks ?? []).filter((check) => !check.passed) : [];

  const finish = async () => {
    setBusy(true);
    setError(undefined);
    setProgress([]);
    try {
      setCreated(await createEverything(session, state, made, (step) => setProgress((p) => [...p, step])));
      onFinished(true);
    } catch (caught) {
      setError(new FinishError(caught));
      onFinished(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <section className="panel" aria-labelledby="review-connection">
        <h2 id="review-connection">Connection</h2>
        <p>
          Account <strong>{account ? connectionLine(account) : state.connectionId}</strong>; table <strong>{state.table}</strong>, {state.preview.schema.columns.length} columns.
        </p>
        {account && failing.length > 0 && (
          <div role="status">
            <p className="bad">The account's connection test fails now: until its failing check passes, the dataflow's runs fail the same way.</p>
            <CheckList label="Failing checks" checks={failing} connection={account} />
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="review-dataset">
        <h2 id="review-dataset">Dataset and mapping</h2>
        <p>
          Dataflow <strong>{dataset.flowName}</strong> into{" "}
          {dataset.kind === "existing"
            ? `the existing dataset ${dataset.name}`
            : dataset.kind === "new"
              ? `a new dataset ${dataset.name} of the schema ${dataset.schemaTitle}`
              : `a new dataset ${dataset.name} of a new schema: ${dataset.classTitle}${withGroups(groupTitles(dataset))}`}
          .{" "}
          {dataset.partialIngestionPercent === undefined
            ? "A failed row fails the whole run."
            : `Partial ingestion: up to ${dataset.partialIngestionPercent} % of a run's rows may fail; they are kept for download.`}
        </p>
        {verdict?.runFails && (
          <p className="bad" role="alert">
            On the table's sample, {verdict.text.charAt(0).toLowerCase()}
            {verdict.text.slice(1)} Go back to Mapping to change it, or to Dataset for partial ingestion or a higher threshold.
          </p>
        )}
        <ul aria-label="Mappings to create">
          {state.mappings.map((m) => (
            <li key={m.destination}>
              {m.calculated ? <code>{m.source}</code> : m.source} → {m.destination}
            </li>
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="review-schedule">
        <h2 id="review-schedule">Scheduling</h2>
        <p>
          {schedule.frequency === "once" ? "Once" : `Every ${schedule.interval} ${schedule.frequency}(s), by ${schedule.deltaColumn}${schedule.backfill ? ", with backfill" : ""}`}, from{" "}
          {when(schedule.startTime * 1000)}.
        </p>
      </section>
      {progress.length > 0 && (
        <ol aria-label="Created" className="good">
          {progress.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ol>
      )}
      <ErrorNote error={error} />
      {error instanceof FinishError && error.cause instanceof ApiError && error.cause.code === TITLE_NOT_UNIQUE && dataset.kind === "new-schema" && (
        <TakenTitle message={error.cause.message} dataset={dataset} />
      )}
      {created ? (
        <p role="status" className="notice">
          Dataflow created. <a href={`#/monitoring?flow=${created.flowId}`}>Watch its runs in Monitoring</a>
        </p>
      ) : (
        <div className="actions">
          <button type="button" onClick={onBack} disabled={busy}>
            Back
          </button>
          <button type="button" className="primary" onClick={finish} disabled={busy}>
            {busy ? "Creating…" : "Finish"}
          </button>
        </div>
      )}
    </div>
  );
}
