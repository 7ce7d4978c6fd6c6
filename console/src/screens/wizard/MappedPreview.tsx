import { useEffect, useState } from "react";
import { hasRoute } from "../../api/capabilities";
import { displayValue, plainRow } from "../../api/lossless-json";
import { type MappingRow, validateExpression } from "../../api/platform";
import type { Session } from "../../api/session";
import { NullValue } from "../../components/NullValue";

const SAMPLE_ROWS = 5;

const textOrNull = (value: unknown) => (value === null || value === undefined ? null : displayValue(value));

/**
 * The first sample rows as the mapping fills the target fields (values before type conversion),
 * rebuilt a moment after the mapping changes; calculated fields are evaluated by the service once
 * their expression is valid.
 */
export function MappedPreview({ session, rows, mappings, validCalculated }: { session: Session; rows: Array<Record<string, unknown>>; mappings: MappingRow[]; validCalculated: Set<string> }) {
  /** each sample row's cells: their text, or null for NULL */
  const [shown, setShown] = useState<Array<Array<string | null>>>();
  const key = JSON.stringify([mappings, [...validCalculated]]);
  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(() => void build().then((cells) => live && setShown(cells)), 500);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, session]);

  const build = async () => {
    const canEvaluate = await hasRoute("POST", "/data/foundation/conversion/languages/el/validate");
    const sample = rows.slice(0, SAMPLE_ROWS);
    return Promise.all(
        sample.map((row) =>
          Promise.all(
            mappings.map(async (m) => {
              if (!m.calculated) return textOrNull(m.source.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], row));
              if (!canEvaluate) return "(calculated at ingestion)";
              if (!validCalculated.has(m.destination)) return "(expression not valid yet)";
              return validateExpression(session, m.source, plainRow(row)).then(
                (answer) => textOrNull(answer.result),
                () => "(not valid)",
              );
            }),
          ),
        ),
    );
  };
  return (
    <section className="panel" aria-labelledby="mapped-preview-title">
      <h2 id="mapped-preview-title">Preview of mapped rows</h2>
      {mappings.length === 0 && <p className="hint">Map a field to see the sample rows as they will be ingested.</p>}
      {shown && mappings.length > 0 && (
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
                    <td key={j}>{cell === null ? <NullValue /> : cell}</td>
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
