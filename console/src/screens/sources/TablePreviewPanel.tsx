import { useEffect, useState } from "react";
import { previewTable, type TablePreview } from "../../api/flowservice";
import { ExactNumber, displayValue } from "../../api/lossless-json";
import { CellText } from "../../components/NullValue";
import type { Session } from "../../api/session";
import { Busy, ErrorNote } from "../../components/Feedback";
import { TypeBadge } from "../../components/TypeBadge";

/** the rows a preview reads at most */
const PREVIEW_ROWS = 100;

/** How many rows a preview shows (of a table or a dataset), said so that a full preview is not read as the table's size: "the first 100 rows" of a large table, "1 row". */
export const previewRows = (n: number) => (n >= PREVIEW_ROWS ? `the first ${n} rows` : n === 1 ? "1 row" : `${n} rows`);

/** A table's columns and its first 100 rows, every value shown exactly as the API sent it. */
export function TablePreviewPanel({ session, connectionId, path }: { session: Session; connectionId: string; path: string }) {
  const [preview, setPreview] = useState<TablePreview>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    setPreview(undefined);
    setError(undefined);
    previewTable(session, connectionId, path).then(setPreview, setError);
  }, [session, connectionId, path]);

  return (
    <section className="panel" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview of {path}</h2>
      <ErrorNote error={error} />
      {!preview && !error && <Busy label={`Reading the first ${PREVIEW_ROWS} rows`} />}
      {preview && <PreviewTable preview={preview} />}
    </section>
  );
}

export function PreviewTable({ preview, caption }: { preview: TablePreview; caption?: string }) {
  const rows = preview.data ?? [];
  return (
    <div className="scroll" tabIndex={0} aria-label={caption ?? previewRows(rows.length)}>
      <table>
        <caption className="hint">{caption ?? `${previewRows(rows.length)}, ${preview.schema.columns.length} columns`}</caption>
        <thead>
          <tr>
            {preview.schema.columns.map((c) => (
              <th key={c.name} scope="col">
                {c.name}
                <TypeBadge type={c.type} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {preview.schema.columns.map((c) => (
                <td key={c.name} className={row[c.name] instanceof ExactNumber || /^(big|small|tiny)?int|decimal|double|float|long/.test(c.type) ? "number" : undefined}>
                  <CellText value={row[c.name]} text={displayValue} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
