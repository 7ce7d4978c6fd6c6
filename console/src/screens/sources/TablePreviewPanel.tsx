import { useEffect, useState } from "react";
import { previewTable, type TablePreview } from "../../api/flowservice";
import { ExactNumber } from "../../api/lossless-json";
import { PREVIEW_ROWS, previewRows, RowsTable, type RowsColumn } from "../../components/RowsTable";
import type { Session } from "../../api/session";
import { Busy } from "../../components/Feedback";
import { TypeBadge } from "../../components/TypeBadge";
import { keptWhileStarting } from "./cluster-starting";
import { ClusterErrorNote, ClusterStartingNote, useRetryWhileStarting } from "./ClusterStarting";

/** A table's columns and its first 100 rows, every value shown exactly as the API sent it; read again by itself while the cluster starts. */
export function TablePreviewPanel({ session, connectionId, path }: { session: Session; connectionId: string; path: string }) {
  const [preview, setPreview] = useState<TablePreview>();
  const [error, setError] = useState<unknown>();
  const [round, setRound] = useState(0);

  useEffect(() => {
    setPreview(undefined);
    setError(keptWhileStarting);
    previewTable(session, connectionId, path).then((read) => {
      setError(undefined);
      setPreview(read);
    }, setError);
  }, [session, connectionId, path, round]);
  const starting = useRetryWhileStarting(error, () => setRound((n) => n + 1));

  return (
    <section className="panel" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview of {path}</h2>
      {starting ? (
        <ClusterStartingNote starting={starting} what="the rows are read" />
      ) : (
        <ClusterErrorNote session={session} connectionId={connectionId} error={error} onStarted={() => setRound((n) => n + 1)} />
      )}
      {!preview && !error && <Busy label={`Reading the first ${PREVIEW_ROWS} rows`} />}
      {preview && <PreviewTable preview={preview} />}
    </section>
  );
}

/** A preview's rows under its typed columns: a number's column aligned right. */
export function PreviewTable({ preview, caption }: { preview: TablePreview; caption?: string }) {
  const rows = preview.data ?? [];
  const columns = preview.schema.columns.map(
    (c): RowsColumn<Record<string, unknown>> => ({
      key: c.name,
      header: (
        <>
          {c.name}
          <TypeBadge type={c.type} />
        </>
      ),
      valueOf: (row) => row[c.name],
      numeric: (value) => value instanceof ExactNumber || NUMBER_TYPE.test(c.type),
    }),
  );
  return <RowsTable label={caption ?? previewRows(rows.length)} caption={caption ?? `${previewRows(rows.length)}, ${columns.length} columns`} columns={columns} rows={rows} />;
}

const NUMBER_TYPE = /^(big|small|tiny)?int|decimal|double|float|long/;
