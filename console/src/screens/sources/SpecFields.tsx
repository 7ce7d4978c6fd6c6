import type { JsonSchema } from "../../api/flowservice";

const LABELS: Record<string, string> = { domain: "Domain (workspace URL)", clusterId: "Cluster ID", warehouseId: "SQL warehouse ID", accessToken: "Access token", database: "Database", catalog: "Catalog" };

/** Form fields for a JSON schema of params: strings, secrets (format password) and booleans. */
export function SpecFields({ schema, values, onChange }: { schema: JsonSchema; values: Record<string, unknown>; onChange: (values: Record<string, unknown>) => void }) {
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([key, field]) => {
        const hintId = `param-${key}-hint`;
        const label = LABELS[key] ?? key.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase());
        const set = (value: unknown) => onChange({ ...values, [key]: value });
        if (field.type === "boolean") {
          return (
            <label key={key} className="inline">
              <input type="checkbox" checked={values[key] === true} onChange={(e) => set(e.target.checked)} aria-describedby={hintId} /> {label}
              <span id={hintId} className="hint">
                {" "}
                {field.description}
              </span>
            </label>
          );
        }
        return (
          <label key={key}>
            {label}
            {!required.has(key) && <span className="hint"> (optional)</span>}
            <input
              type={field.format === "password" ? "password" : field.format === "uri" ? "url" : "text"}
              autoComplete={field.format === "password" ? "new-password" : "off"}
              value={typeof values[key] === "string" ? (values[key] as string) : ""}
              onChange={(e) => set(e.target.value || undefined)}
              required={required.has(key)}
              aria-describedby={hintId}
            />
            <span id={hintId} className="hint">
              {field.description}
            </span>
          </label>
        );
      })}
    </>
  );
}
