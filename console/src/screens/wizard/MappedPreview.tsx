import { useState } from "react";
import { hasRoute } from "../../api/capabilities";
import { displayValue, plainRow } from "../../api/lossless-json";
import { type MappingRow, validateExpression } from "../../api/platform";
import type { Session } from "../../api/session";

const SAMPLE_ROWS = 5;

/** The first sample rows as the mapping fills the target fields (values before type conversion). */
export function MappedPreview({ session, rows, mappings }: { session: Session; rows: Array<Record<string, unknown>>; mappings: MappingRow[] }) {
  const [shown, setShown] = useState<string[][]>();
  const build = async () => {
    const canEvaluate = await hasRoute("POST", "/data/foundation/conversion/languages/el/validate");
    const sample = rows.slice(0, SAMPLE_ROWS);
    setShown(
      await Promise.all(
        sample.map((row) =>
          Promise.all(
            mappings.map(async (m) => {
              if (!m.calculated) return displayValue(m.source.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], row));
              if (!canEvaluate) return "(calculated at ingestion)";
              return validateExpression(session, m.source, plainRow(row)).then(
                (answer) => displayValue(answer.result),
                () => "(not valid)",
              );
            }),
          ),
        ),
      ),
    );
  };
  return (
    <section className="panel" aria-labelledby="mapped-preview-title">
      <h2 id="mapped-preview-title">Preview of mapped rows</h2>
      <button type="button" onClick={build} disabled={mappings.length === 0}>
        Preview data
      </button>
      {shown && (
        <div className="scroll">
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
              {shown.map((cells, i) => (
                <tr key={i}>
                  {cells.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
