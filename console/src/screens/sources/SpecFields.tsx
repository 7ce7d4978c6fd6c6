import type { JsonSchema } from "../../api/flowservice";
import { formHint } from "./auth-form";

const LABELS: Record<string, string> = {
  domain: "Domain (workspace URL)",
  clusterId: "Cluster ID",
  warehouseId: "SQL warehouse ID",
  accessToken: "Access token",
  clientId: "Client ID of the service principal",
  clientSecret: "Client secret",
  database: "Database",
  catalog: "Catalog",
  endpoint: "Sharing server endpoint",
  bearerToken: "Bearer token",
  expirationTime: "Expiration time",
  pushSasToCluster: "Put the staging SAS into the cluster's Spark config",
};

export const labelOf = (key: string) => LABELS[key] ?? key.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase());

/** The fields of a schema a form shows: not `hidden`, and not those with one allowed value (nothing to choose). */
export function shownFields(schema: JsonSchema, hidden: ReadonlySet<string>): Array<[string, JsonSchema]> {
  return Object.entries(schema.properties ?? {}).filter(([key, field]) => !hidden.has(key) && !(field.enum && field.enum.length === 1));
}

/**
 * Form fields for a JSON schema of params: strings, secrets (format password, never filled from a
 * stored value) and booleans; `hidden` leaves out fields of an alternative not chosen.
 */
export function SpecFields(props: { schema: JsonSchema; values: Record<string, unknown>; onChange: (values: Record<string, unknown>) => void; hidden?: ReadonlySet<string> }) {
  const { schema, values, onChange } = props;
  const required = new Set(schema.required ?? []);
  return (
    <>
      {shownFields(schema, props.hidden ?? new Set()).map(([key, field]) => {
        const hintId = `param-${key}-hint`;
        // the field's name is its label alone; its hint, inside the label for the layout, describes it
        const labelId = `param-${key}-label`;
        const label = labelOf(key);
        const set = (value: unknown) => onChange({ ...values, [key]: value });
        if (field.type === "boolean") {
          return (
            <label key={key} className="inline">
              <input type="checkbox" checked={values[key] === true} onChange={(e) => set(e.target.checked)} aria-labelledby={labelId} aria-describedby={hintId} /> <span id={labelId}>{label}</span>
              <span id={hintId} className="hint">
                {" "}
                {formHint(schema, field.description)}
              </span>
            </label>
          );
        }
        return (
          <label key={key}>
            <span id={labelId}>{label}</span>
            {!required.has(key) && <span className="hint"> (optional)</span>}
            <input
              type={field.format === "password" ? "password" : field.format === "uri" ? "url" : "text"}
              autoComplete={field.format === "password" ? "new-password" : "off"}
              value={typeof values[key] === "string" ? (values[key] as string) : ""}
              onChange={(e) => set(e.target.value || undefined)}
              placeholder={field.format === "date-time" ? "2027-01-31T00:00:00Z" : undefined}
              required={required.has(key)}
              aria-labelledby={labelId}
              aria-describedby={hintId}
            />
            <span id={hintId} className="hint">
              {formHint(schema, field.description)}
            </span>
          </label>
        );
      })}
    </>
  );
}
