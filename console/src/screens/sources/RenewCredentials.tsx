import { type FormEvent, useEffect, useState } from "react";
import { type AuthSpec, type ClusterUpdate, type Connection, replaceAuthParams, sourceSpecs } from "../../api/flowservice";
import type { Session } from "../../api/session";
import { Busy, ErrorNote } from "../../components/Feedback";
import { renewableFields, renewableSettings } from "./auth-form";
import { ProfileFileInput } from "./ProfileFileInput";
import { SpecFields } from "./SpecFields";

/**
 * A new token, client secret or sharing profile for an account whose credentials expired or were
 * rotated: only the secret and expiry fields of its authSpec, and the settings the create form also
 * offers (pushing the staging SAS into its cluster), prefilled from the account; sent as a PATCH the
 * service checks against the workspace (or sharing server) before it keeps them. Its flows keep
 * working on it. `onRenewed` gets what the service did with the staging SAS (a renewal that turns
 * the push on puts the current SAS into the cluster at once): none when it did nothing.
 */
export function RenewCredentials(props: { session: Session; connection: Connection; onRenewed: (clusterUpdates: ClusterUpdate[]) => void; onCancel: () => void }) {
  const { session, connection } = props;
  const [auth, setAuth] = useState<AuthSpec>();
  const [params, setParams] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    sourceSpecs(session).then((specs) => {
      const spec = specs.find((s) => s.id === connection.connectionSpec.id);
      setAuth(spec?.authSpec.find((a) => a.name.toLowerCase() === connection.auth.specName.toLowerCase()));
    }, setError);
  }, [session, connection]);

  if (!auth) return error ? <ErrorNote error={error} /> : <Busy label="Reading the connection spec" />;
  const renewable = renewableFields(auth.spec);
  const stored = renewableSettings(auth.spec, connection.auth.params);
  const settings = { ...stored, ...Object.fromEntries(Object.keys(stored).filter((key) => key in params).map((key) => [key, params[key] === true])) };
  const hidden = new Set(Object.keys(auth.spec.properties ?? {}).filter((key) => !renewable.includes(key) && !(key in stored)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const credentials = Object.entries(params).filter(([key, value]) => value !== undefined && !(key in stored));
      const written = await replaceAuthParams(session, connection, Object.fromEntries(credentials), settings);
      setParams({}); // the secret leaves the page with the request
      props.onRenewed(written.clusterUpdates ?? []);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="renew-title">
      <h2 id="renew-title">Renew the credentials of {connection.name}</h2>
      <p className="hint">The account keeps its id, so its dataflows go on with the new credentials; the service checks them before it keeps them.</p>
      {auth.type === "BearerTokenAuthentication" && (
        <ProfileFileInput
          schema={auth.spec}
          hint="optional: the renewed config.share fills the fields below"
          onRead={(fromFile) => setParams({ ...params, ...Object.fromEntries(Object.entries(fromFile).filter(([key]) => renewable.includes(key))) })}
          onError={setError}
        />
      )}
      <SpecFields schema={{ ...auth.spec, required: renewable.filter((key) => auth.spec.properties?.[key]?.format === "password") }} values={{ ...params, ...settings }} onChange={setParams} hidden={hidden} />
      <ErrorNote error={error} />
      <div className="actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Renewing…" : "Renew"}
        </button>
      </div>
    </form>
  );
}
