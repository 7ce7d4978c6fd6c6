import { displayValue } from "../../api/lossless-json";
import type { MappingRow } from "../../api/platform";
import { NullValue } from "../../components/NullValue";
import { type MappingPreview, sampleOutcome } from "./mapping-preview";
import { valueAtPath } from "./map-keys";
import { sampleVerdict } from "./sample-verdict";

const SAMPLE_ROWS = 5;


/**
 * The first sample rows as the service's mapping preview gives them: each as the dataset will store
 * it, or its row errors. `previewed`: the mappings the preview had (a calculated field joins once
 * its expression is valid); none while a required field is not mapped, which the service refuses.
 */
export function MappedPreview(props: {
  preview: MappingPreview | undefined;
  mappings: MappingRow[];
  previewed: ReadonlySet<string>;
  requiredMissing: boolean;
  /** the dataflow's error threshold (partial ingestion), absent when any failed row fails a run */
  partialIngestionPercent?: number;
}) {
  const { preview, mappings, previewed } = props;
  const rows = preview?.outcome === "previewed" ? preview.rows : [];
  const outcome = sampleOutcome(preview) ?? { failing: 0, total: 0 };
  const verdict = sampleVerdict(outcome, props.partialIngestionPercent);
  return (
    <section className="panel" aria-labelledby="mapped-preview-title">
      <h2 id="mapped-preview-title">Preview of mapped rows</h2>
      {mappings.length === 0 ? (
        <p className="hint">Map a field to see the sample rows as they will be ingested.</p>
      ) : props.requiredMissing ? (
        <p className="hint">Map the required fields to see the sample rows as they will be ingested.</p>
      ) : previewed.size === 0 ? (
        // only calculated fields the service has not taken yet: no rows to show, nothing that maps
        <p className="hint">
          ⚠ No field is mapped yet: a calculated field joins the preview once its expression is valid.
        </p>
      ) : !preview ? (
        <p className="hint">Mapping the sample rows…</p>
      ) : preview.outcome === "unchecked" ? (
        <p className="hint">The mapped rows could not be previewed: {preview.why}. The mapping is checked when the dataflow is created.</p>
      ) : preview.outcome === "refused" ? (
        <p className="bad">The service refuses the mapping: {preview.message}</p>
      ) : (
        <>
          <p className={verdict.runFails ? "bad" : outcome.failing ? "hint" : "good"}>{verdict.text}</p>
          {/* reachable by keyboard when it scrolls: a wide schema's columns (every member of a struct column among them) do not fit */}
          <div className="scroll" tabIndex={0} aria-label="Preview of mapped rows, scrolling">
            <table aria-label="Mapped rows">
              <thead>
                <tr>
                  {mappings.map((m) => (
                    <th key={m.destination} scope="col">
                      {m.destination}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, SAMPLE_ROWS).map((row, i) => (
                  <tr key={i}>
                    {row.data ? (
                      mappings.map((m) => {
                        const value = valueAtPath(row.data!, m.destination);
                        return <td key={m.destination}>{!previewed.has(m.destination) ? "(expression not valid yet)" : value === null || value === undefined ? <NullValue /> : displayValue(value)}</td>;
                      })
                    ) : (
                      <td colSpan={mappings.length} className="bad">
                        ✗ {row.errors.join("; ")}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
