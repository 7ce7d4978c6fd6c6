import { type FormEvent, useEffect, useState } from "react";
import { type ClusterUpdate, createConnection, type SourceSpec, sourceSpecs } from "../../api/flowservice";
import type { Session } from "../../api/session";
import { localWorkspaceUrl } from "../../api/service-settings";
import { Busy, ErrorNote } from "../../components/Feedback";
import { computeChoices, hiddenFields } from "./auth-form";
import { ProfileFileInput } from "./ProfileFileInput";
import { labelOf, shownFields, SpecFields } from "./SpecFields";
import { isWorkspaceOnThisMachine } from "./workspace-on-this-machine";

/**
 * A source account of any connection spec that makes one (Azure Databricks, Delta Sharing), its
 * fields read from the spec's authSpec: the way of signing in, the compute (cluster or SQL
 * warehouse) when the spec takes either, and for a sharing profile the fields of its file.
 * `onCreated` gets what the service did with the staging SAS (an account created with the push
 * gets the current SAS into its cluster at once): none when it did nothing.
 */
export function NewConnection({ session, onCreated, onCancel }: { session: Session; onCreated: (id: string, clusterUpdates: ClusterUpdate[]) => void; onCancel: () => void }) {
  const [specs, setSpecs] = useState<SourceSpec[]>();
  const [specId, setSpecId] = useState("");
  const [authName, setAuthName] = useState("");
  const [compute, setCompute] = useState<string>();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [params, setParams] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    sourceSpecs(session)
      .then((list) => {
        setSpecs(list);
        setSpecId(list[0]?.id ?? "");
        setAuthName(list[0]?.authSpec[0]?.name ?? "");
      })
      .catch(setError);
  }, [session]);

  // an answer to the form as it was goes once the form changes: the form as it is is not what it refused
  useEffect(() => setError(undefined), [specId, authName, compute, name, description, params]);

  const spec = specs?.find((s) => s.id === specId);
  const auth = spec?.authSpec.find((a) => a.name === authName) ?? spec?.authSpec[0];
  const choices = auth ? computeChoices(auth.spec) : [];
  const chosen = compute && choices.includes(compute) ? compute : choices[0];
  const hidden = auth ? hiddenFields(auth.spec, chosen) : new Set<string>();
  /** a cluster of a workspace with no cluster settings page, not yet given the staging SAS by the service */
  const sasOnlyByPush = chosen === "clusterId" && !hidden.has("pushSasToCluster") && isWorkspaceOnThisMachine(params.domain) && params.pushSasToCluster !== true;

  const chooseSpec = (id: string) => {
    setSpecId(id);
    setAuthName(specs?.find((s) => s.id === id)?.authSpec[0]?.name ?? "");
    setParams({}); // another spec's fields mean nothing here
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!spec || !auth) return;
    setBusy(true);
    setError(undefined);
    try {
      const shown = new Set(shownFields(auth.spec, hidden).map(([key]) => key));
      const sent = Object.fromEntries(Object.entries(params).filter(([key, value]) => shown.has(key) && value !== undefined));
      const { id, clusterUpdates } = await createConnection(session, { name, description, specId: spec.id, specName: auth.name, params: sent });
      setParams({}); // the secrets leave the page with the request
      onCreated(id, clusterUpdates ?? []);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (!specs) return error ? <ErrorNote error={error} /> : <Busy label="Reading the connection specs" />;
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-connection-title">
      <h2 id="new-connection-title">New source account</h2>
      <details className="hint">
        <summary>Trying the local workspace of npm start?</summary>
        <p>
          Azure Databricks, Access Token Authentication, All-purpose cluster. Domain, Cluster ID and Access token: the databricks URL, cluster and token its
          ready line names (<code>{localWorkspaceUrl() ?? "http://127.0.0.1:8090"}</code>, <code>local-cluster</code> and <code>dapi-local-dev</code> by default);
          Database{" "}
          <code>demo</code>. Tick “{PUSH_SAS}”: that workspace has no cluster settings page to paste the landing zone's Spark config line into.
        </p>
      </details>
      {specs.length > 1 && (
        <fieldset>
          <legend>Source</legend>
          {specs.map((s) => (
            <label key={s.id} className="inline">
              <input type="radio" name="spec" checked={s.id === specId} onChange={() => chooseSpec(s.id)} /> {s.attributes?.connectorName ?? s.name}
            </label>
          ))}
        </fieldset>
      )}
      <label>
        Account name
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        Description <span className="hint">(optional)</span>
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      {spec && spec.authSpec.length > 1 && (
        <label>
          Authentication
          <select value={auth?.name} onChange={(e) => setAuthName(e.target.value)}>
            {spec.authSpec.map((a) => (
              <option key={a.name}>{a.name}</option>
            ))}
          </select>
        </label>
      )}
      {choices.length > 1 && (
        <fieldset>
          <legend>Compute</legend>
          {choices.map((key) => (
            <label key={key} className="inline">
              <input type="radio" name="compute" checked={key === chosen} onChange={() => setCompute(key)} /> {COMPUTE[key] ?? labelOf(key)}
            </label>
          ))}
          {chosen === "warehouseId" && <p className="hint">A SQL warehouse reads through the Statement Execution API: it needs no landing zone, SAS or Spark config.</p>}
        </fieldset>
      )}
      {auth?.type === "BearerTokenAuthentication" && (
        <ProfileFileInput schema={auth.spec} hint="optional: config.share from the data provider fills the fields below" onRead={(fromFile) => setParams({ ...params, ...fromFile })} onError={setError} />
      )}
      {auth && <SpecFields schema={chosen ? { ...auth.spec, required: [...(auth.spec.required ?? []), chosen] } : auth.spec} values={params} onChange={setParams} hidden={hidden} />}
      {sasOnlyByPush && (
        <p className="hint" role="status" data-testid="push-sas-needed">
          ⚠ This domain is a workspace on this machine, as the local one of npm start: it has no cluster settings page for the landing zone's Spark config line, so
          runs through this cluster cannot stage their rows until the service puts the SAS there. Tick “{PUSH_SAS}”.
        </p>
      )}
      <ErrorNote error={error} />
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Connecting…" : "Connect to source"}
        </button>
      </div>
    </form>
  );
}

const PUSH_SAS = labelOf("pushSasToCluster");
const COMPUTE: Record<string, string> = { clusterId: "All-purpose cluster", warehouseId: "SQL warehouse" };
