import { type FormEvent, useEffect, useState } from "react";
import { type AuthSpec, createConnection, databricksAuthSpecs } from "../../api/flowservice";
import type { Session } from "../../api/session";
import { Busy, ErrorNote } from "../../components/Feedback";
import { SpecFields } from "./SpecFields";

/** A Databricks account, its fields read from the connection spec's authSpec. */
export function NewConnection({ session, onCreated, onCancel }: { session: Session; onCreated: (id: string) => void; onCancel: () => void }) {
  const [specs, setSpecs] = useState<AuthSpec[]>();
  const [specName, setSpecName] = useState("");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [params, setParams] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    databricksAuthSpecs(session)
      .then((list) => {
        setSpecs(list);
        setSpecName(list[0]?.name ?? "");
      })
      .catch(setError);
  }, [session]);

  const spec = specs?.find((s) => s.name === specName);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { id } = await createConnection(session, { name, description, specName, params });
      setParams({}); // the token leaves the page with the request
      onCreated(id);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (!specs) return error ? <ErrorNote error={error} /> : <Busy label="Reading the connection spec" />;
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-connection-title">
      <h2 id="new-connection-title">New Azure Databricks account</h2>
      <label>
        Account name
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        Description <span className="hint">(optional)</span>
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      {specs.length > 1 && (
        <label>
          Authentication
          <select value={specName} onChange={(e) => setSpecName(e.target.value)}>
            {specs.map((s) => (
              <option key={s.name}>{s.name}</option>
            ))}
          </select>
        </label>
      )}
      {spec && <SpecFields schema={spec.spec} values={params} onChange={setParams} />}
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
